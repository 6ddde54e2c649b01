# GNOME under its X11-era name: the option itself on 25.05, a rename from
# 25.11 on.
{
  services.xserver.desktopManager.gnome.enable = true;
}
