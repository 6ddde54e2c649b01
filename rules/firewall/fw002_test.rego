package nixsec.rules.firewall.fw002_test

import data.nixsec.rules.firewall.fw002

_host(firewall) := {"host": "db", "config": {"networking": {"firewall": firewall}}, "defined": {}}

test_database_ports_fire_with_fix if {
	fw002.deny == {{
		"path": "networking.firewall.allowedTCPPorts",
		"msg": "allowedTCPPorts opens 5432 (PostgreSQL), 6379 (Redis) on every interface",
		"fix": {"path": "networking.firewall.allowedTCPPorts", "value": [22, 443]},
	}} with input as _host({"enable": true, "allowedTCPPorts": [22, 443, 5432, 6379]})
}

test_udp_list_fires if {
	some v in fw002.deny with input as _host({"enable": true, "allowedUDPPorts": [111, 2049]})
	v.path == "networking.firewall.allowedUDPPorts"
	v.msg == "allowedUDPPorts opens 111 (RPC portmapper), 2049 (NFS) on every interface"
}

test_range_containing_sensitive_port_fires if {
	inp := _host({"enable": true, "allowedTCPPortRanges": [{"from": 2000, "to": 2400}, {"from": 60000, "to": 61000}]})
	fw002.deny == {{
		"path": "networking.firewall.allowedTCPPortRanges",
		"msg": "allowedTCPPortRanges opens 2049 (NFS), 2375 (Docker API), 2376 (Docker API (TLS)) on every interface through the range 2000-2400",
	}} with input as inp
}

test_ordinary_ports_pass if {
	count(fw002.deny) == 0 with input as _host({"enable": true, "allowedTCPPorts": [22, 80, 443], "allowedTCPPortRanges": []})
}

test_empty_lists_pass if {
	count(fw002.deny) == 0 with input as _host({"enable": true, "allowedTCPPorts": [], "allowedUDPPorts": []})
}

# With the firewall off, FW001 reports the host.
test_firewall_disabled_passes if {
	count(fw002.deny) == 0 with input as _host({"enable": false, "allowedTCPPorts": [5432]})
}

test_module_absent_passes if {
	count(fw002.deny) == 0 with input as {"config": {}, "defined": {}}
}
