# A desktop whose owner added encrypted DNS without removing the rest.
{ config, lib, ... }:
{
  networking.hostName = "resolver";
  system.stateVersion = "25.05";

  services.dnscrypt-proxy = {
    enable = true;
    settings = {
      server_names = [ "cloudflare" ];
      listen_addresses = [ "127.0.0.1:53" ];
    };
  };

  # DNS001: systemd-resolved runs beside dnscrypt-proxy; both want
  # /etc/resolv.conf and port 53.
  services.resolved.enable = true;

  # DNS002: a public resolver next to the local one; lookups that go
  # there bypass dnscrypt-proxy in clear text.
  networking.nameservers = [ "127.0.0.1" "1.1.1.1" ];

  # Hardened otherwise, so that only the DNS rules fire here.
  networking.firewall.enable = true;
  security.auditd.enable = true;
  security.apparmor.enable = true;
}
