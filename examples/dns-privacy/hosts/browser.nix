# Firefox sends its traffic, and its DNS lookups, through Tor's SOCKS port.
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
    };
    preferences = {
      "network.proxy.socks_remote_dns" = true;
      "network.trr.mode" = 5;
    };
  };
}
