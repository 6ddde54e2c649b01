# Shared by every host: baseline hardening, the admin account.
{ config, lib, pkgs, ... }:
{
  system.stateVersion = "25.11";

  services.openssh = {
    enable = true;
    settings = {
      PasswordAuthentication = lib.mkDefault false;
      KbdInteractiveAuthentication = lib.mkDefault false;
      PermitRootLogin = "no";
      AllowGroups = lib.mkDefault [ "wheel" ];
      LogLevel = "VERBOSE";
    };
  };

  networking.firewall.enable = true;
  security.auditd.enable = true;
  security.apparmor.enable = lib.mkDefault true;

  users.mutableUsers = false;
  users.users.admin = {
    isNormalUser = true;
    extraGroups = [ "wheel" ];
    hashedPasswordFile = "/run/secrets/admin-password";
    openssh.authorizedKeys.keys = [ "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleExampleExampleExampleExampleExample admin" ];
  };

  nix.gc.automatic = true;
}
