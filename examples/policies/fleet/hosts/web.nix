# The public web server: everything the policies ask for.
{ ... }:
{
  imports = [ ./common.nix ];

  networking.hostName = "web";
  networking.firewall.allowedTCPPorts = [ 80 443 ];
  services.openssh.settings.AllowUsers = [ "admin" "deploy" ];
}
