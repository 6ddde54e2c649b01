# A base profile: the firewall off unless someone says otherwise.
{ lib, ... }:
{
  networking.firewall.enable = lib.mkDefault false;
}
