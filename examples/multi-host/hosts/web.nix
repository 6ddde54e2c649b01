{ config, lib, ... }:
{
  imports = [ ./common.nix ];

  networking.hostName = "web";
  networking.firewall.allowedTCPPorts = [ 80 443 ]; # FW006

  systemd.services.app = {
    description = "web application";
    wantedBy = [ "multi-user.target" ];
    serviceConfig = {
      DynamicUser = true;
      ProtectSystem = "strict";
      NoNewPrivileges = true;
    };
  };
}
