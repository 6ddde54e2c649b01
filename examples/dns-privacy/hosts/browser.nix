# Firefox sends its traffic, and its DNS lookups, through Tor's SOCKS port,
# and WebRTC, which would reveal the host's address outside the proxy, is off.
{ config, lib, ... }:
{
  programs.firefox = {
    enable = true;
    policies = {
      DNSOverHTTPS = { Enabled = false; Locked = true; };
      Proxy = {
        Mode = "manual";
        SOCKSProxy = "127.0.0.1:9050";
        SOCKSVersion = 5;
        UseProxyForDNS = true;
        Locked = true;
      };
      DisableTelemetry = true;
      Preferences = {
        "media.peerconnection.enabled" = { Value = false; Status = "locked"; };
      };
    };
    preferences = {
      "network.proxy.socks_remote_dns" = true;
      "network.trr.mode" = 5;
    };
  };
}
