# METADATA
# title: dnscrypt-proxy downloads a resolver list without verifying it
# description: |
#   dnscrypt-proxy picks its resolvers (their addresses and public keys) from
#   the lists named in settings.sources. A source without minisign_key is
#   trusted as downloaded: whoever can tamper with the download (a hostile
#   network, a compromised mirror, a poisoned cache_file) can hand the host a
#   resolver of their own, which then sees and answers every DNS query. The
#   NixOS module merges the upstream example configuration shallowly, so a
#   host that declares settings.sources replaces the upstream sources, signing
#   keys included.
# custom:
#   id: DNS006
#   severity: medium
#   options:
#     - path: services.dnscrypt-proxy.enable
#       aliases:
#         - services.dnscrypt-proxy2.enable
#     - path: services.dnscrypt-proxy.settings
#       aliases:
#         - services.dnscrypt-proxy2.settings
#   remediation: |
#     services.dnscrypt-proxy.settings.sources.public-resolvers = {
#       urls = [
#         "https://raw.githubusercontent.com/DNSCrypt/dnscrypt-resolvers/master/v3/public-resolvers.md"
#         "https://download.dnscrypt.info/resolvers-list/v3/public-resolvers.md"
#       ];
#       cache_file = "/var/cache/dnscrypt-proxy/public-resolvers.md";
#       minisign_key = "RWQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn73Y7GFO3";
#     };
#   references:
#     - https://github.com/DNSCrypt/dnscrypt-proxy/wiki/Configuration-Sources
#     - https://xeiaso.net/blog/paranoid-nixos-2021-07-18/
#     - https://wiki.nixos.org/wiki/Encrypted_DNS
package nixsec.rules.dns.dns006

import data.nixsec.lib

deny contains v if {
	some dp in lib.dnscrypt_proxies
	sources := object.get(input.config, array.concat(dp, ["settings", "sources"]), null)
	is_object(sources)
	some name, source in sources
	not _signed(source)
	v := {
		"path": lib.path(array.concat(dp, ["settings", "sources", name])),
		"msg": sprintf("resolver source %s has no minisign_key: the downloaded resolver list is not verified", [name]),
		"anchor": lib.path(array.concat(dp, ["enable"])),
	}
}

_signed(source) if {
	key := object.get(source, "minisign_key", null)
	is_string(key)
	trim_space(key) != ""
}
