{ ... }:
{
  networking.firewall.enable = false;
}
