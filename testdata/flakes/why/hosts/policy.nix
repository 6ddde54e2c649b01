# The security team's policy: the firewall on, whatever a host says.
{ lib, ... }:
{
  networking.firewall.enable = lib.mkForce true;
}
