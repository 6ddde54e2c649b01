# Imported by every host.
{ lib, ... }:
{
  services.openssh.enable = true;
  services.openssh.settings.PermitRootLogin = lib.mkForce "no";
  security.auditd.enable = lib.mkDefault true;
  networking.firewall.allowedTCPPorts = [ 443 ];
}
