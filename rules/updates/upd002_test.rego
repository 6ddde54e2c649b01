package nixsec.rules.updates.upd002_test

import data.nixsec.rules.updates.upd002

_p := "nix.gc.automatic"

_host(automatic, defined) := {"host": "web", "config": {"nix": {"gc": {"automatic": automatic}}}, "defined": defined}

test_default_fires if {
	upd002.deny == {{
		"path": _p,
		"msg": "nix.gc.automatic is false (NixOS default): old generations and the packages they hold are kept forever",
		"fix": {"path": _p, "value": true},
	}} with input as _host(false, {})
}

test_enabled_passes if {
	count(upd002.deny) == 0 with input as _host(true, {_p: true})
}

test_module_absent_passes if {
	count(upd002.deny) == 0 with input as {"config": {}, "defined": {}}
}
