{ lib, ... }:
{
  networking.hostName = "workstation";
  system.stateVersion = "25.11";

  networking.networkmanager.enable = true;
  networking.firewall.enable = true;
  security.auditd.enable = true;
  security.apparmor.enable = true;
}
