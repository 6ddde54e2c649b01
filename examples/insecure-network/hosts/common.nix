# Shared by both hosts: the baseline they do get right, so that their
# findings are about the network.
{ lib, ... }:
{
  system.stateVersion = "25.11";

  services.openssh = {
    enable = true;
    settings = {
      PasswordAuthentication = false;
      KbdInteractiveAuthentication = false;
      PermitRootLogin = "no";
      AllowGroups = [ "wheel" ];
      LogLevel = "VERBOSE";
    };
  };

  security.auditd.enable = true;
  security.audit = { enable = true; rules = [ "-a exit,always -F arch=b64 -S execve" ]; };
  security.apparmor.enable = true;
  users.mutableUsers = false;
}
