# A library kiosk: a guest account with no password.
{ lib, ... }:
{
  networking.hostName = "kiosk";
  system.stateVersion = "25.05";

  networking.firewall.enable = true;
  security.auditd.enable = true;
  security.apparmor.enable = true;

  fileSystems."/" = { device = "/dev/disk/by-label/nixos"; fsType = "ext4"; }; # BOOT001: no LUKS

  users.users.guest = {
    isNormalUser = true;
    hashedPassword = ""; # SEC004: anyone may log in as guest
  };
}
