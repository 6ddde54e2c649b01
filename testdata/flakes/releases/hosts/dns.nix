# dnscrypt-proxy under the name NixOS 25.05 declares (a rename from 25.11
# on), beside systemd-resolved and a non-local name server.
{
  services.dnscrypt-proxy2 = {
    enable = true;
    settings.server_names = [ "cloudflare" ];
  };
  services.resolved.enable = true;
  networking.nameservers = [ "127.0.0.1" "1.1.1.1" ];
}
