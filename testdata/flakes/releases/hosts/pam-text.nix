# The hardened host with sshd's PAM file written by hand: pam_unix is back
# although unixAuth (from PasswordAuthentication = false) is false.
{
  imports = [ ./hardened.nix ];
  security.pam.services.sshd.text = ''
    account required pam_unix.so
    auth sufficient pam_unix.so likeauth try_first_pass
    auth required pam_deny.so
    session required pam_unix.so
  '';
}
