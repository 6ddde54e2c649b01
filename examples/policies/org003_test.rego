package nixsec.rules.org.org003_test

import data.nixsec.rules.org.org003

_host(name, fw) := {"host": name, "config": {"networking": {"firewall": fw}}}

_data := {"hosts": {"build": {"tags": ["ci", "port-8080"]}, "web": {"tags": ["public"]}}}

test_untagged_host_fires if {
	org003.deny == {{
		"path": "networking.firewall.allowedTCPPorts",
		"msg": "port 8080 is open, and host \"dev\" is not tagged \"port-8080\" in the policy data",
	}} with input as _host("dev", {"enable": true, "allowedTCPPorts": [22, 8080]})
		with data.nixsec.user as _data
}

test_tagged_host_passes if {
	count(org003.deny) == 0 with input as _host("build", {"enable": true, "allowedTCPPorts": [8080]})
		with data.nixsec.user as _data
}

test_other_tags_do_not_exempt if {
	count(org003.deny) == 1 with input as _host("web", {"enable": true, "allowedTCPPorts": [8080]})
		with data.nixsec.user as _data
}

test_range_fires if {
	some v in org003.deny with input as _host("dev", {"enable": true, "allowedTCPPortRanges": [{"from": 8000, "to": 8100}]})
		with data.nixsec.user as _data
	v.path == "networking.firewall.allowedTCPPortRanges"
}

test_interface_fires if {
	some v in org003.deny with input as _host("dev", {"enable": true, "interfaces": {"eth0": {"allowedTCPPorts": [8080]}}})
		with data.nixsec.user as _data
	v.path == "networking.firewall.interfaces.eth0.allowedTCPPorts"
}

test_other_ports_pass if {
	count(org003.deny) == 0 with input as _host("dev", {"enable": true, "allowedTCPPorts": [80, 443], "allowedTCPPortRanges": [{"from": 9000, "to": 9100}]})
		with data.nixsec.user as _data
}

# Without the firewall every port is open: that is FW001's finding.
test_firewall_off_passes if {
	count(org003.deny) == 0 with input as _host("dev", {"enable": false, "allowedTCPPorts": [8080]})
		with data.nixsec.user as _data
}
