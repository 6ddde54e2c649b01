# METADATA
# title: A firewall port range spans more than 100 ports
# description: |
#   A wide allowed range opens every port in it, for whatever service listens
#   there now or later, not just the one the range was added for: a debug
#   server, a database or an RPC service started on a port inside it is
#   reachable at once. Ranges are usually meant for a handful of dynamic ports
#   (passive FTP, media, games); keep them as narrow as the service allows and
#   on the interface that needs them.
# custom:
#   id: FW003
#   severity: medium
#   options:
#     - networking.firewall.enable
#     - networking.firewall.allowedTCPPortRanges
#     - networking.firewall.allowedUDPPortRanges
#     - networking.firewall.interfaces.*.allowedTCPPortRanges
#     - networking.firewall.interfaces.*.allowedUDPPortRanges
#   remediation: |
#     networking.firewall.allowedUDPPortRanges = [ { from = 50000; to = 50050; } ];
#   references:
#     - https://wiki.nixos.org/wiki/Firewall
#     - https://search.nixos.org/options?query=networking.firewall.allowedTCPPortRanges
package nixsec.rules.firewall.fw003

import data.nixsec.lib

_keys := {"allowedTCPPortRanges", "allowedUDPPortRanges"}

_max := 100

# [path components, ranges] of the global lists and every interface's.
_range_lists contains [comps, ranges] if {
	some key in _keys
	comps := ["networking", "firewall", key]
	ranges := object.get(input.config, comps, [])
}

_range_lists contains [comps, ranges] if {
	some name, _ in object.get(input.config, ["networking", "firewall", "interfaces"], {})
	some key in _keys
	comps := ["networking", "firewall", "interfaces", name, key]
	ranges := object.get(input.config, comps, [])
}

deny contains v if {
	not input.config.networking.firewall.enable == false
	some [comps, ranges] in _range_lists
	is_array(ranges)
	some r in ranges
	size := (r.to - r.from) + 1
	size > _max
	v := {
		"path": lib.path(comps),
		"msg": sprintf("%s range %d-%d spans %d ports", [comps[count(comps) - 1], r.from, r.to, size]),
	}
}
