{ ... }:
{
  networking.firewall.enable = false;
  # nixsec:ignore SSH001 -- nothing to suppress here: reported as unused
}
