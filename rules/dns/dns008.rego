# METADATA
# title: Tor runs but dnscrypt-proxy does not use it
# description: |
#   dnscrypt-proxy encrypts DNS queries, but it still connects to the resolver
#   from the host's own address: the network (and the ISP) sees which
#   resolver the host uses, and the resolver sees the host's address beside
#   every name it asks for. When the host runs a Tor client anyway, setting
#   dnscrypt-proxy's proxy to Tor's SOCKS port (with force_tcp, since SOCKS
#   carries TCP only) hides the host's address from the resolver too. Tor
#   adds latency to uncached lookups; this is a privacy hint, not a flaw.
# custom:
#   id: DNS008
#   severity: info
#   options:
#     - services.tor.enable
#     - services.tor.client.enable
#     - path: services.dnscrypt-proxy.enable
#       aliases:
#         - services.dnscrypt-proxy2.enable
#     - path: services.dnscrypt-proxy.settings
#       aliases:
#         - services.dnscrypt-proxy2.settings
#   remediation: |
#     services.dnscrypt-proxy.settings = {
#       force_tcp = true;
#       proxy = "socks5://127.0.0.1:9050";
#     };
#   references:
#     - https://xeiaso.net/blog/paranoid-nixos-2021-07-18/
#     - https://github.com/DNSCrypt/dnscrypt-proxy/wiki/Tor-support
#     - https://github.com/DNSCrypt/dnscrypt-proxy/wiki/Configuration
package nixsec.rules.dns.dns008

import data.nixsec.lib

deny contains v if {
	input.config.services.tor.enable == true
	input.config.services.tor.client.enable == true
	some dp in lib.dnscrypt_proxies
	settings := object.get(input.config, array.concat(dp, ["settings"]), null)
	is_object(settings)
	not _proxied(settings)
	p := lib.path(array.concat(dp, ["settings", "proxy"]))
	v := {
		"path": p,
		"msg": "the Tor client runs but dnscrypt-proxy has no proxy: the network and the resolver see the host's address",
		"anchor": lib.path(array.concat(dp, ["enable"])),
	}
}

_proxied(settings) if {
	proxy := object.get(settings, "proxy", null)
	is_string(proxy)
	proxy != ""
}
