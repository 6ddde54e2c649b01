# A home server that grew: printing, file sharing, an FTP drop box and a
# Docker daemon reachable from the LAN.
{ config, lib, pkgs, ... }:
{
  networking.hostName = "homeserver";
  system.stateVersion = "25.05";

  networking.firewall.enable = true;
  security.auditd.enable = true;
  security.apparmor.enable = true;

  services.printing.enable = true; # SVC001

  services.avahi = {
    enable = true; # SVC002: announces the host, opens UDP 5353 (openFirewall defaults to true)
    nssmdns4 = true;
    publish.enable = true;
  };

  services.samba = {
    enable = true;
    openFirewall = true; # SVC003; its ports 139/445 (FW002) and 137/138 (FW006) are reported at the host entry
    settings.media = {
      path = "/srv/media";
      "read only" = "yes";
      "guest ok" = "yes";
    };
  };

  services.vsftpd = lib.mkMerge [
    { enable = true; }
    { anonymousUser = lib.mkDefault true; } # SVC004: anonymous FTP, in clear text
  ];

  virtualisation.docker = {
    enable = true;
    listenOptions = [
      "/run/docker.sock"
      "tcp://0.0.0.0:2375" # SVC005: the Docker API, unauthenticated, on the network
    ];
  };
}
