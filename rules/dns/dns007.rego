# METADATA
# title: dnscrypt-proxy settings contradict each other
# description: |
#   Two dnscrypt-proxy settings can silently undo what the host meant.
#   ipv6_servers = true selects resolvers reached over IPv6, while
#   block_ipv6 = true answers every AAAA query with an empty reply: the host
#   either has IPv6 (and its own programs then cannot resolve IPv6 addresses
#   and fall back or break) or does not (and the IPv6 resolvers are dead
#   weight that slows every lookup). And a host that keeps its own blocklist
#   (blocked_names or blocked_ips) decides itself what is blocked, but with
#   require_nofilter = false the resolver may apply its own, undisclosed
#   filtering on top, hiding or rewriting names the host's list does not.
# custom:
#   id: DNS007
#   severity: low
#   options:
#     - path: services.dnscrypt-proxy.enable
#       aliases:
#         - services.dnscrypt-proxy2.enable
#     - path: services.dnscrypt-proxy.settings
#       aliases:
#         - services.dnscrypt-proxy2.settings
#   remediation: |
#     services.dnscrypt-proxy.settings = {
#       ipv6_servers = false;   # or block_ipv6 = false on a host with IPv6
#       block_ipv6 = false;
#       require_nofilter = true;
#     };
#   references:
#     - https://github.com/DNSCrypt/dnscrypt-proxy/wiki/Configuration
#     - https://github.com/DNSCrypt/dnscrypt-proxy/blob/master/dnscrypt-proxy/example-dnscrypt-proxy.toml
#     - https://xeiaso.net/blog/paranoid-nixos-2021-07-18/
package nixsec.rules.dns.dns007

import data.nixsec.lib

_settings(dp) := object.get(input.config, array.concat(dp, ["settings"]), null)

_setting_path(dp, key) := lib.path(array.concat(dp, ["settings", key]))

deny contains v if {
	some dp in lib.dnscrypt_proxies
	settings := _settings(dp)
	is_object(settings)
	object.get(settings, "ipv6_servers", null) == true
	object.get(settings, "block_ipv6", null) == true
	v := {
		"path": _setting_path(dp, "block_ipv6"),
		"msg": "block_ipv6 is true while ipv6_servers is true: IPv6 resolvers are used but AAAA queries get empty answers",
		"anchor": _setting_path(dp, "ipv6_servers"),
	}
}

deny contains v if {
	some dp in lib.dnscrypt_proxies
	settings := _settings(dp)
	is_object(settings)
	object.get(settings, "require_nofilter", null) == false
	lists := _local_blocklists(settings)
	count(lists) > 0
	p := _setting_path(dp, "require_nofilter")
	v := {
		"path": p,
		"msg": sprintf("require_nofilter is false while the host keeps its own blocklist (%s): resolvers may filter on top of it", [lists[0]]),
		"fix": {"path": p, "value": true},
	}
}

# The local blocklists the settings configure, in order.
_local_blocklists(settings) := [key |
	some key in ["blocked_names", "blocked_ips"]
	_has_file(object.get(settings, key, null), sprintf("%s_file", [key]))
]

_has_file(section, field) if {
	is_object(section)
	file := object.get(section, field, null)
	is_string(file)
	file != ""
}
