{ ... }:
{
  services.opensh.enable = true;
}
