# METADATA
# title: A sensitive port is open to everyone
# description: |
#   Databases, caches, the Docker API, file-sharing and RPC services, and
#   clear-text protocols (telnet, FTP) are meant for a private network or
#   localhost: most authenticate weakly or not at all, and the Docker API is a
#   root shell. The ports in networking.firewall.allowedTCPPorts,
#   allowedUDPPorts and their ranges are open on every interface to every
#   address, so such a port in them is reachable from wherever the host is.
#   Open it only on the private interface (networking.firewall.interfaces),
#   or bind the service to localhost.
# custom:
#   id: FW002
#   severity: high
#   options:
#     - networking.firewall.enable
#     - networking.firewall.allowedTCPPorts
#     - networking.firewall.allowedUDPPorts
#     - networking.firewall.allowedTCPPortRanges
#     - networking.firewall.allowedUDPPortRanges
#   remediation: |
#     # open it on the private interface only
#     networking.firewall.interfaces."wg0".allowedTCPPorts = [ 5432 ];
#   references:
#     - https://wiki.nixos.org/wiki/Firewall
#     - https://nixos.org/manual/nixos/stable/#sec-firewall
#     - https://docs.docker.com/engine/security/protect-access/
package nixsec.rules.firewall.fw002

import data.nixsec.lib

_sensitive := {
	21: "FTP",
	23: "telnet",
	111: "RPC portmapper",
	139: "SMB/NetBIOS",
	445: "SMB",
	873: "rsync",
	2049: "NFS",
	2375: "Docker API",
	2376: "Docker API (TLS)",
	3306: "MySQL",
	5432: "PostgreSQL",
	6379: "Redis",
	9200: "Elasticsearch",
	11211: "memcached",
	27017: "MongoDB",
}

_lists := {"allowedTCPPorts", "allowedUDPPorts"}

_ranges := {"allowedTCPPortRanges", "allowedUDPPortRanges"}

_comps(key) := ["networking", "firewall", key]

_name(port) := sprintf("%d (%s)", [port, _sensitive[port]])

deny contains v if {
	not input.config.networking.firewall.enable == false
	some key in _lists
	ports := object.get(input.config, ["networking", "firewall", key], [])
	is_array(ports)
	open := sort({port | some port in ports; _sensitive[port]})
	count(open) > 0
	p := lib.path(_comps(key))
	v := {
		"path": p,
		"msg": sprintf("%s opens %s on every interface", [key, concat(", ", [_name(port) | some port in open])]),
		"fix": {"path": p, "value": [port | some port in ports; not _sensitive[port]]},
	}
}

deny contains v if {
	not input.config.networking.firewall.enable == false
	some key in _ranges
	ranges := object.get(input.config, ["networking", "firewall", key], [])
	is_array(ranges)
	some r in ranges
	open := sort({port | some port, _ in _sensitive; r.from <= port; port <= r.to})
	count(open) > 0
	v := {
		"path": lib.path(_comps(key)),
		"msg": sprintf(
			"%s opens %s on every interface through the range %d-%d",
			[key, concat(", ", [_name(port) | some port in open]), r.from, r.to],
		),
	}
}
