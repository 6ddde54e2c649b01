package nixsec.rules.updates.upd001_test

import data.nixsec.rules.updates.upd001

_p := "system.autoUpgrade.enable"

_host(enable, defined) := {"host": "web", "config": {"system": {"autoUpgrade": {"enable": enable}}}, "defined": defined}

# No fix: enabling it alone upgrades from channels, not from the flake.
test_default_fires if {
	upd001.deny == {{
		"path": _p,
		"msg": "system.autoUpgrade.enable is false (NixOS default): security fixes wait for a manual rebuild",
	}} with input as _host(false, {})
}

test_defined_false_without_note if {
	some v in upd001.deny with input as _host(false, {_p: true})
	v.msg == "system.autoUpgrade.enable is false: security fixes wait for a manual rebuild"
}

test_enabled_passes if {
	count(upd001.deny) == 0 with input as _host(true, {_p: true})
}

test_module_absent_passes if {
	count(upd001.deny) == 0 with input as {"config": {}, "defined": {}}
}
