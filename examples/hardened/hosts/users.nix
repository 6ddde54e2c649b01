# Accounts are declared here only: no plaintext passwords, hashes come
# from a secret file outside the Nix store.
{ ... }:
{
  users.mutableUsers = false;

  users.users.ops = {
    isNormalUser = true;
    extraGroups = [ "wheel" ];
    hashedPasswordFile = "/run/secrets/ops-password";
    openssh.authorizedKeys.keys = [
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ+zmzLGHRYpYFRPgL+d/QQHwRE5xnKqPiUByL/cG4RL ops@laptop"
    ];
  };

  # Lock root's password login.
  users.users.root.hashedPassword = "!";

  # sudo: wheel only, with a password.
  security.sudo = {
    enable = true;
    wheelNeedsPassword = true;
    execWheelOnly = true;
  };
}
