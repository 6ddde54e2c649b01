# A laptop following the encrypted-DNS guide, with a few steps missed.
{ config, lib, ... }:
{
  networking.hostName = "privacy";
  system.stateVersion = "24.11";

  networking.firewall.enable = true;
  security.auditd.enable = true;
  security.apparmor.enable = true;

  networking.nameservers = [ "127.0.0.1" "::1" ];
  networking.networkmanager = {
    enable = true;
    dns = "default"; # DNS003: NetworkManager still writes resolv.conf
  };
  networking.dhcpcd.extraConfig = "nohook resolv.conf";

  # The old option name (services.dnscrypt-proxy2, renamed to
  # services.dnscrypt-proxy): NixOS forwards it.
  services.dnscrypt-proxy2 = {
    enable = true; # DNS008: Tor runs below, but dnscrypt-proxy does not use it
    settings = {
      require_dnssec = false; # DNS005
      ipv6_servers = true;
      block_ipv6 = true; # DNS007: contradicts ipv6_servers
      server_names = [ "quad9-dnscrypt-ip4-nofilter-pri" ];
      sources.my-resolvers = { # DNS006: no minisign_key, the list is not verified
        urls = [ "https://resolvers.example.org/public-resolvers.md" ];
        cache_file = "/var/lib/dnscrypt-proxy/my-resolvers.md";
      };
    };
  };

  services.tor = {
    enable = true;
    client.enable = true;
    torsocks.allowInbound = true; # TOR003
  };
}
