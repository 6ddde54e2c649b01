# A jump host kept compatible with old clients.
{ config, lib, ... }:
let
  legacyCiphers = [ "aes256-gcm@openssh.com" "aes128-cbc" "3des-cbc" ];
in
{
  networking.hostName = "jump";

  networking.firewall.enable = true;

  services.openssh = {
    openFirewall = true; # SSH009 FW006: port 22 on every interface, from everywhere
    settings = {
      Ciphers = legacyCiphers; # SSH005: aes128-cbc, 3des-cbc
      Macs = lib.mkForce [ "hmac-sha2-256-etm@openssh.com" "hmac-sha1" ]; # SSH005: hmac-sha1
      X11Forwarding = true; # SSH007
    };
  };
}
