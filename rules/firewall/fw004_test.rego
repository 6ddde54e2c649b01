package nixsec.rules.firewall.fw004_test

import data.nixsec.rules.firewall.fw004

_p := "networking.firewall.trustedInterfaces"

_host(firewall) := {"host": "web", "config": {"networking": {"firewall": firewall}}, "defined": {}}

# "lo" is added by the module itself; the fix leaves it to the module.
test_physical_interfaces_fire if {
	fw004.deny == {{
		"path": _p,
		"msg": "trustedInterfaces holds \"enp3s0\" \"wlan0\": its traffic bypasses the firewall",
		"fix": {"path": _p, "value": ["docker0", "wg0"]},
	}} with input as _host({"enable": true, "trustedInterfaces": ["lo", "enp3s0", "docker0", "wlan0", "wg0"]})
}

test_eth_and_wwan_fire if {
	count(fw004.deny) == 1 with input as _host({"enable": true, "trustedInterfaces": ["eth0", "wwan0"]})
}

test_virtual_interfaces_pass if {
	count(fw004.deny) == 0 with input as _host({"enable": true, "trustedInterfaces": ["lo", "docker0", "virbr0", "tailscale0", "ve-web"]})
}

test_empty_passes if {
	count(fw004.deny) == 0 with input as _host({"enable": true, "trustedInterfaces": []})
}

test_firewall_disabled_passes if {
	count(fw004.deny) == 0 with input as _host({"enable": false, "trustedInterfaces": ["eth0"]})
}

test_module_absent_passes if {
	count(fw004.deny) == 0 with input as {"config": {}, "defined": {}}
}
