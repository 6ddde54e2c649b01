package nixsec.rules.ssh.ssh009_test

import data.nixsec.rules.ssh.ssh009

_p := "services.openssh.openFirewall"

_host(openssh, firewall, defined) := {
	"host": "web",
	"config": {"services": {"openssh": openssh}, "networking": {"firewall": firewall}},
	"defined": defined,
}

test_default_fires if {
	ssh009.deny == {{
		"path": _p,
		"msg": "openFirewall is true (NixOS default): TCP port 22 is open to every address on every interface",
		"fix": {"path": _p, "value": false},
	}} with input as _host({"enable": true, "openFirewall": true, "ports": [22]}, {"enable": true}, {})
}

test_several_ports if {
	inp := _host({"enable": true, "openFirewall": true, "ports": [22, 2222]}, {"enable": true}, {_p: true})
	some v in ssh009.deny with input as inp
	v.msg == "openFirewall is true: TCP ports 22, 2222 are open to every address on every interface"
}

test_open_firewall_false_passes if {
	count(ssh009.deny) == 0 with input as _host({"enable": true, "openFirewall": false, "ports": [22]}, {"enable": true}, {})
}

# With the firewall off, FW001 reports the host; this rule has nothing to add.
test_firewall_disabled_passes if {
	count(ssh009.deny) == 0 with input as _host({"enable": true, "openFirewall": true, "ports": [22]}, {"enable": false}, {})
}

test_sshd_disabled_passes if {
	count(ssh009.deny) == 0 with input as _host({"enable": false, "openFirewall": true, "ports": [22]}, {"enable": true}, {})
}

test_module_absent_passes if {
	count(ssh009.deny) == 0 with input as {"config": {}, "defined": {}}
}
