# An old server configuration that was never revisited.
{ lib, ... }:
{
  networking.hostName = "legacy";
  system.stateVersion = "22.05";

  services.openssh = {
    enable = true;
    # SSH001: the old option name, renamed to settings.PasswordAuthentication;
    # NixOS forwards it (and prints an "Obsolete option" trace).
    passwordAuthentication = true;
    # SSH002: root may log in with a password.
    settings.PermitRootLogin = "yes";
    # SSH003: KbdInteractiveAuthentication is left at its default (true).
    # SSH004: no AllowUsers / AllowGroups.
  };

  # FW001
  networking.firewall.enable = false;

  # AUD001 and MAC001: auditd and AppArmor stay off (their defaults),
  # spelled out here so the findings have a line to point at.
  security.auditd.enable = lib.mkDefault false;
  security.apparmor.enable = false;

  # SEC001: a plaintext password, world-readable in the Nix store.
  users.users.admin = {
    isNormalUser = true;
    extraGroups = [ "wheel" ];
    password = "admin123";
  };
}
