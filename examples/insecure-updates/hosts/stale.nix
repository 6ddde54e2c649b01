# Deployed once, never touched again.
{ lib, ... }:
{
  networking.hostName = "stale";
  system.stateVersion = "25.05";

  networking.firewall.enable = true;
  security.auditd.enable = true;
  security.apparmor.enable = true;

  # "Upgrades break things": no automatic upgrades, no garbage collection.
  system.autoUpgrade.enable = lib.mkDefault false; # UPD001
  nix.gc.automatic = false; # UPD002
  nix.settings.allowed-users = [ "*" ]; # NIX004: every account may use the Nix daemon
}
