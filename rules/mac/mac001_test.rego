package nixsec.rules.mac.mac001_test

import data.nixsec.rules.mac.mac001

_p := "security.apparmor.enable"

_host(security, defined) := {"host": "web", "config": {"security": security}, "defined": defined}

test_default_false_fires if {
	mac001.deny == {{
		"path": _p,
		"msg": "security.apparmor.enable is false (NixOS default)",
		"fix": {"path": _p, "value": true},
	}} with input as _host({"apparmor": {"enable": false}}, {})
}

test_defined_false_fires if {
	some v in mac001.deny with input as _host({"apparmor": {"enable": false}}, {_p: true})
	v.msg == "security.apparmor.enable is false"
}

test_enabled_passes if {
	count(mac001.deny) == 0 with input as _host({"apparmor": {"enable": true}}, {_p: true})
}

# No supported NixOS declares security.selinux: an option of that name is
# not nixpkgs' and does not stand in for AppArmor.
test_selinux_option_does_not_count if {
	inp := _host({"apparmor": {"enable": false}, "selinux": {"enable": true, "mode": "enforcing"}}, {})
	count(mac001.deny) == 1 with input as inp
}

test_module_absent_passes if {
	count(mac001.deny) == 0 with input as {"config": {}, "defined": {}}
}
