# A development server.
{ lib, ... }:
{
  imports = [ ./common.nix ];

  networking.hostName = "dev";

  # ORG002: the shared default dropped, so the zone is set by hand.
  time.timeZone = lib.mkForce null;

  # ORG003: a dev server on 8080, and dev is not tagged for it.
  networking.firewall.interfaces.eth0.allowedTCPPorts = [ 22 8080 ];

  # ORG001: the intern is let in, but is not on the allow-list.
  services.openssh.settings.AllowUsers = [ "admin" "deploy" "intern" ];
  users.users.intern = {
    isNormalUser = true;
    openssh.authorizedKeys.keys = [ "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINnlBpjSb6UU5gPRqKAgDpdtdZhHaCNHk0IaSn8lYUQv intern@example.org" ];
  };
}
