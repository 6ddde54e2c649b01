package nixsec.rules.kernel.krn002_test

import data.nixsec.rules.kernel.krn002

_p := "security.lockKernelModules"

_host(lock, defined) := {"host": "web", "config": {"security": {"lockKernelModules": lock}}, "defined": defined}

test_default_fires if {
	krn002.deny == {{
		"path": _p,
		"msg": "security.lockKernelModules is false (NixOS default): kernel modules can be loaded after boot",
		"fix": {"path": _p, "value": true},
	}} with input as _host(false, {})
}

test_defined_false_without_note if {
	some v in krn002.deny with input as _host(false, {_p: true})
	v.msg == "security.lockKernelModules is false: kernel modules can be loaded after boot"
}

test_locked_passes if {
	count(krn002.deny) == 0 with input as _host(true, {_p: true})
}

test_module_absent_passes if {
	count(krn002.deny) == 0 with input as {"config": {}, "defined": {}}
}
