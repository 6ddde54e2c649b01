package nixsec.rules.firewall.fw006_test

import data.nixsec.rules.firewall.fw006

_host(firewall, openssh) := {
	"host": "web",
	"config": {"networking": {"firewall": firewall}, "services": {"openssh": openssh}},
	"defined": {},
}

_sshd := {"enable": true, "openFirewall": true, "ports": [22]}

test_inventory if {
	firewall := {
		"enable": true,
		"allowedTCPPorts": [22, 443],
		"allowedUDPPorts": [],
		"allowedTCPPortRanges": [],
		"allowedUDPPortRanges": [{"from": 60000, "to": 61000}],
		"interfaces": {"wg0": {"allowedTCPPorts": [9100], "allowedUDPPorts": [51820], "allowedTCPPortRanges": [{"from": 8000, "to": 8010}]}},
	}
	fw006.deny == {
		{
			"path": "networking.firewall.allowedTCPPorts",
			"msg": "TCP 22 open on every interface (networking.firewall.allowedTCPPorts, opened by services.openssh.openFirewall)",
			"anchor": "services.openssh.openFirewall",
		},
		{
			"path": "networking.firewall.allowedTCPPorts",
			"msg": "TCP 443 open on every interface (networking.firewall.allowedTCPPorts)",
		},
		{
			"path": "networking.firewall.allowedUDPPortRanges",
			"msg": "UDP 60000-61000 open on every interface (networking.firewall.allowedUDPPortRanges)",
		},
		{
			"path": "networking.firewall.interfaces.wg0.allowedTCPPorts",
			"msg": "TCP 9100 open on interface wg0 (networking.firewall.interfaces.wg0.allowedTCPPorts)",
		},
		{
			"path": "networking.firewall.interfaces.wg0.allowedUDPPorts",
			"msg": "UDP 51820 open on interface wg0 (networking.firewall.interfaces.wg0.allowedUDPPorts)",
		},
		{
			"path": "networking.firewall.interfaces.wg0.allowedTCPPortRanges",
			"msg": "TCP 8000-8010 open on interface wg0 (networking.firewall.interfaces.wg0.allowedTCPPortRanges)",
		},
	} with input as _host(firewall, _sshd)
}

test_ssh_on_other_port if {
	inp := _host({"enable": true, "allowedTCPPorts": [22, 2222]}, {"enable": true, "openFirewall": true, "ports": [2222]})
	msgs := {v.msg | some v in fw006.deny} with input as inp
	msgs == {
		"TCP 22 open on every interface (networking.firewall.allowedTCPPorts)",
		"TCP 2222 open on every interface (networking.firewall.allowedTCPPorts, opened by services.openssh.openFirewall)",
	}
}

# Port 22 in the list without sshd's openFirewall is the host's own.
test_ssh_not_opener if {
	every openssh in [
		{"enable": true, "openFirewall": false, "ports": [22]},
		{"enable": false, "openFirewall": true, "ports": [22]},
		{},
	] {
		msgs := {v.msg | some v in fw006.deny} with input as _host({"enable": true, "allowedTCPPorts": [22]}, openssh)
		msgs == {"TCP 22 open on every interface (networking.firewall.allowedTCPPorts)"}
	}
}

# The same port number on an interface list is not sshd's.
test_ssh_port_on_interface_is_not_sshd if {
	inp := _host({"enable": true, "interfaces": {"eth0": {"allowedTCPPorts": [22]}}}, _sshd)
	some v in fw006.deny with input as inp
	v == {
		"path": "networking.firewall.interfaces.eth0.allowedTCPPorts",
		"msg": "TCP 22 open on interface eth0 (networking.firewall.interfaces.eth0.allowedTCPPorts)",
	}
}

test_interface_name_needing_quotes if {
	inp := _host({"enable": true, "interfaces": {"br.100": {"allowedUDPPorts": [53]}}}, {})
	some v in fw006.deny with input as inp
	v.path == "networking.firewall.interfaces.\"br.100\".allowedUDPPorts"
	v.msg == "UDP 53 open on interface br.100 (networking.firewall.interfaces.\"br.100\".allowedUDPPorts)"
}

test_firewall_disabled_passes if {
	count(fw006.deny) == 0 with input as _host({"enable": false, "allowedTCPPorts": [22, 80]}, _sshd)
}

test_nothing_open_passes if {
	firewall := {
		"enable": true, "allowedTCPPorts": [], "allowedUDPPorts": [],
		"allowedTCPPortRanges": [], "allowedUDPPortRanges": [],
		"interfaces": {"eth0": {}, "wg0": {"allowedTCPPorts": []}},
	}
	count(fw006.deny) == 0 with input as _host(firewall, {})
}

test_null_and_malformed_values_pass if {
	firewall := {
		"enable": true, "allowedTCPPorts": null, "allowedUDPPorts": ["53"],
		"allowedTCPPortRanges": [{"from": 1}, null], "interfaces": null,
	}
	count(fw006.deny) == 0 with input as _host(firewall, {})
}

test_module_absent_passes if {
	count(fw006.deny) == 0 with input as {"config": {}, "defined": {}}
}
