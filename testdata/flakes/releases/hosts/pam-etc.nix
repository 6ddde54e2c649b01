# The hardened host with /etc/pam.d/sshd replaced through environment.etc.
{ lib, ... }:
{
  imports = [ ./hardened.nix ];
  environment.etc."pam.d/sshd".source = lib.mkForce ./pam-sshd;
}
