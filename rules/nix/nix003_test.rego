package nixsec.rules.nix.nix003_test

import data.nixsec.rules.nix.nix003

_p := "nix.settings.require-sigs"

_host(value) := {"host": "web", "config": {"nix": {"settings": {"require-sigs": value}}}, "defined": {_p: true}}

test_false_fires if {
	nix003.deny == {{
		"path": _p,
		"msg": "nix.settings.require-sigs is false: the Nix daemon accepts unsigned store paths from caches",
		"fix": {"path": _p, "value": true},
	}} with input as _host(false)
}

test_true_passes if {
	count(nix003.deny) == 0 with input as _host(true)
}

test_module_absent_passes if {
	count(nix003.deny) == 0 with input as {"config": {}, "defined": {}}
	count(nix003.deny) == 0 with input as {"config": {"nix": {"settings": {}}}, "defined": {}}
}
