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
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleExampleExampleExampleExampleExample ops@laptop"
    ];
  };

  # Lock root's password login.
  users.users.root.hashedPassword = "!";
}
