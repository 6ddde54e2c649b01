# METADATA
# title: Name servers bypass the local encrypted-DNS resolver
# description: |
#   A local resolver such as dnscrypt-proxy only protects the queries sent to
#   it. Every entry of networking.nameservers ends up in /etc/resolv.conf, and
#   the C library falls back to the next server when the first one is slow, so
#   a public server listed beside 127.0.0.1 receives queries in clear text. An
#   empty list is no better: resolvconf then takes the servers DHCP hands out,
#   and the host asks the network's resolver directly. Only the loopback
#   addresses the local resolver listens on belong in the list.
# custom:
#   id: DNS002
#   severity: high
#   options:
#     - path: services.dnscrypt-proxy.enable
#       aliases:
#         - services.dnscrypt-proxy2.enable
#     - services.unbound.enable
#     - services.stubby.enable
#     - networking.nameservers
#   remediation: |
#     networking.nameservers = [ "127.0.0.1" "::1" ];
#   references:
#     - https://xeiaso.net/blog/paranoid-nixos-2021-07-18/
#     - https://wiki.nixos.org/wiki/Encrypted_DNS
#     - https://notashelf.dev/posts/insecurities-remedies-i
package nixsec.rules.dns.dns002

import data.nixsec.lib

_comps := ["networking", "nameservers"]

_loopback := {"127.0.0.1", "::1"}

deny contains v if {
	lib.local_resolver_enabled
	servers := object.get(input.config, _comps, null)
	is_array(servers)
	count(servers) == 0
	v := {
		"path": lib.path(_comps),
		"msg": sprintf("networking.nameservers is empty: the servers DHCP hands out are used, not %s", [lib.local_resolver.name]),
		"anchor": lib.local_resolver.enable_path,
		"fix": {"path": lib.path(_comps), "value": ["127.0.0.1"]},
	}
}

deny contains v if {
	lib.local_resolver_enabled
	servers := object.get(input.config, _comps, null)
	is_array(servers)
	offending := [s | some s in servers; not s in _loopback]
	count(offending) > 0
	local := [s | some s in servers; s in _loopback]
	v := {
		"path": lib.path(_comps),
		"msg": sprintf(
			"networking.nameservers holds %s besides the local resolver %s",
			[concat(" ", [lib.show(s) | some s in offending]), lib.local_resolver.name],
		),
		"anchor": lib.local_resolver.enable_path,
		"fix": {"path": lib.path(_comps), "value": _fixed(local)},
	}
}

_fixed(local) := local if count(local) > 0

_fixed(local) := ["127.0.0.1"] if count(local) == 0
