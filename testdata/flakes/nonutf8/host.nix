{ ... }:
# Café du marché, ÿþ
{
  /* é */ networking.firewall.enable = false;
  networking.dhcpcd.extraConfig = "café";
}
