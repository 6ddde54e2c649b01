# A laptop the whole family uses.
{ config, lib, pkgs, ... }:
{
  imports = [
    ./boot.nix
    ./users.nix
    ./nix.nix
  ];

  networking.hostName = "family";
  system.stateVersion = "24.05";

  services.xserver.enable = true; # MIN002 (server profile)
  environment.defaultPackages = with pkgs; [ perl rsync strace htop ]; # MIN001

  networking.firewall.enable = true;

  security.auditd.enable = true;
  security.audit.enable = false; # AUD002: auditd runs without kernel audit rules

  security.apparmor = {
    enable = true;
    killUnconfinedConfinables = false; # MAC002
  };

  services.usbguard = {
    enable = true;
    implicitPolicyTarget = "allow"; # USB002: unknown devices are let in
  };

  # SEC003: the Wi-Fi key in clear text, copied to the Nix store
  networking.wireless = {
    enable = true;
    networks."HomeNet".psk = "correct horse battery staple"; # SEC003
  };
}
