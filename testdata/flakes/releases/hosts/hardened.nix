# SSH001's advice followed; KbdInteractiveAuthentication left at its
# default (true): NixOS leaves pam_unix out of sshd's PAM stack.
{
  services.openssh = {
    enable = true;
    settings.PasswordAuthentication = false;
    settings.PermitRootLogin = "no";
  };
}
