# A small office gateway: LAN on eth1, uplink on eth0. Someone opened the
# database and cache "for the office", trusted the LAN port and turned the
# reverse-path check off while debugging a VPN.
{ config, lib, ... }:
with lib;
let
  web = [ 80 443 ];
  # FW002: PostgreSQL and Redis for everyone, not just the LAN
  databases = [ 5432 6379 ];
in
{
  networking.hostName = "gateway";

  services.openssh.openFirewall = false;

  networking.firewall = mkMerge [
    {
      enable = true;
      allowedTCPPorts = web ++ databases; # FW002 FW006
      # FW003: "for the VoIP phones", 10001 ports on every interface;
      # FW002: memcached (11211) is inside the range
      allowedUDPPortRanges = [ { from = 10000; to = 20000; } ]; # FW002 FW003 FW006
    }
    (mkIf true {
      trustedInterfaces = [ "eth1" ]; # FW004: a physical LAN port bypasses the firewall
    })
    {
      checkReversePath = mkForce false; # FW005
      # SSH only on the LAN side.
      interfaces.eth1.allowedTCPPorts = [ 22 ]; # FW006
    }
  ];
}
