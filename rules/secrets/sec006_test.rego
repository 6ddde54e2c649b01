package nixsec.rules.secrets.sec006_test

import data.nixsec.rules.secrets.sec006

_p := "users.mutableUsers"

_host(mutable, defined) := {"host": "web", "config": {"users": {"mutableUsers": mutable}}, "defined": defined}

test_default_true_fires if {
	sec006.deny == {{
		"path": _p,
		"msg": "users.mutableUsers is true (NixOS default): accounts and passwords changed at run time are not in the configuration",
		"fix": {"path": _p, "value": false},
	}} with input as _host(true, {})
}

test_defined_true_fires_without_note if {
	some v in sec006.deny with input as _host(true, {_p: true})
	v.msg == "users.mutableUsers is true: accounts and passwords changed at run time are not in the configuration"
}

test_false_passes if {
	count(sec006.deny) == 0 with input as _host(false, {_p: true})
}

test_module_absent_passes if {
	count(sec006.deny) == 0 with input as {"config": {}, "defined": {}}
}
