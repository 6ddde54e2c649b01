package nixsec.rules.firewall.fw001_test

import data.nixsec.rules.firewall.fw001

_p := "networking.firewall.enable"

_host(enable, defined) := {"host": "web", "config": {"networking": {"firewall": {"enable": enable}}}, "defined": defined}

test_disabled_fires if {
	fw001.deny == {{
		"path": _p,
		"msg": "networking.firewall.enable is false",
		"fix": {"path": _p, "value": true},
	}} with input as _host(false, {_p: true})
}

# mkForce false beats mkDefault true: the merged value is what counts.
test_forced_false_fires if {
	count(fw001.deny) == 1 with input as _host(false, {_p: true})
}

test_enabled_passes if {
	count(fw001.deny) == 0 with input as _host(true, {})
}

test_null_passes if {
	count(fw001.deny) == 0 with input as _host(null, {})
}

test_module_absent_passes if {
	count(fw001.deny) == 0 with input as {"config": {}, "defined": {}}
}
