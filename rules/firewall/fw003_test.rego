package nixsec.rules.firewall.fw003_test

import data.nixsec.rules.firewall.fw003

_host(firewall) := {"host": "web", "config": {"networking": {"firewall": firewall}}, "defined": {}}

test_wide_global_range_fires if {
	fw003.deny == {{
		"path": "networking.firewall.allowedUDPPortRanges",
		"msg": "allowedUDPPortRanges range 10000-20000 spans 10001 ports",
	}} with input as _host({"enable": true, "allowedUDPPortRanges": [{"from": 10000, "to": 20000}]})
}

test_interface_range_fires if {
	inp := _host({
		"enable": true,
		"allowedTCPPortRanges": [],
		"interfaces": {"eth0": {"allowedTCPPortRanges": [{"from": 1714, "to": 1764}, {"from": 1, "to": 65535}]}},
	})
	fw003.deny == {{
		"path": "networking.firewall.interfaces.eth0.allowedTCPPortRanges",
		"msg": "allowedTCPPortRanges range 1-65535 spans 65535 ports",
	}} with input as inp
}

test_interface_name_needing_quotes if {
	inp := _host({"enable": true, "interfaces": {"br.100": {"allowedTCPPortRanges": [{"from": 1000, "to": 2000}]}}})
	some v in fw003.deny with input as inp
	v.path == "networking.firewall.interfaces.\"br.100\".allowedTCPPortRanges"
}

test_exactly_100_ports_passes if {
	count(fw003.deny) == 0 with input as _host({"enable": true, "allowedTCPPortRanges": [{"from": 1000, "to": 1099}]})
}

test_firewall_disabled_passes if {
	count(fw003.deny) == 0 with input as _host({"enable": false, "allowedTCPPortRanges": [{"from": 1, "to": 65535}]})
}

test_module_absent_passes if {
	count(fw003.deny) == 0 with input as {"config": {}, "defined": {}}
}
