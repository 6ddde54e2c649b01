# A CI runner: a build user with a password, SSH opened to everyone.
{ lib, ... }:
{
  imports = [ ./common.nix ];

  networking.hostName = "ci";

  # SSH004: the allow list from common.nix is dropped.
  services.openssh.settings.AllowGroups = null;

  # SEC001: with mutableUsers = false the initial password becomes
  # users.users.builder.password.
  users.users.builder = {
    isNormalUser = true;
    initialPassword = "builder";
  };

  nix.settings.trusted-users = [ "root" "builder" ]; # NIX001
}
