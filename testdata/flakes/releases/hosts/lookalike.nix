# On 25.05 a module declares a look-alike of the 25.11 names, with safe
# settings, beside the real (25.05) dnscrypt-proxy2: nixsec must still see
# the real one (the bridge reads every declared name, the DNS rules check
# each that is on).
{ lib, ... }:
{
  options.services.dnscrypt-proxy = {
    enable = lib.mkOption { type = lib.types.bool; default = false; };
    settings = lib.mkOption { type = lib.types.attrs; default = { }; };
  };
  config = {
    services.dnscrypt-proxy.enable = true;
    services.dnscrypt-proxy.settings.require_dnssec = true;
    services.dnscrypt-proxy2.enable = true;
    services.dnscrypt-proxy2.settings.require_dnssec = false;
    services.resolved.enable = true;
  };
}
