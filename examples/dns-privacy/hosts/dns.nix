# Only the local dnscrypt-proxy answers DNS; it reaches its resolvers
# through Tor.
{ config, lib, ... }:
{
  networking = {
    nameservers = [ "127.0.0.1" "::1" ];
    # NetworkManager and dhcpcd must not write resolv.conf.
    networkmanager.dns = "none";
    dhcpcd.extraConfig = "nohook resolv.conf";
  };

  services.resolved.enable = false;

  services.dnscrypt-proxy = {
    enable = true;
    settings = {
      ipv6_servers = true;
      require_dnssec = true;
      require_nolog = true;
      require_nofilter = true;
      server_names = [ "cloudflare" "quad9-dnscrypt-ip4-nofilter-pri" ];
      # Upstream queries leave through the Tor client below.
      proxy = "socks5://127.0.0.1:9050";
      sources.public-resolvers = {
        urls = [
          "https://raw.githubusercontent.com/DNSCrypt/dnscrypt-resolvers/master/v3/public-resolvers.md"
          "https://download.dnscrypt.info/resolvers-list/v3/public-resolvers.md"
        ];
        cache_file = "/var/lib/dnscrypt-proxy/public-resolvers.md";
        minisign_key = "RWQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn73Y7GFO3";
      };
    };
  };

  services.tor = {
    enable = true;
    client.enable = true;
  };
}
