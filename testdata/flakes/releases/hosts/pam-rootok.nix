# pam_rootok "sufficient" in sshd's stack: sshd runs PAM as root.
{
  imports = [ ./hardened.nix ];
  security.pam.services.sshd.rootOK = true;
}
