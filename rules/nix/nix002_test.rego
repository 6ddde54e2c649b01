package nixsec.rules.nix.nix002_test

import data.nixsec.rules.nix.nix002

_p := "nix.settings.sandbox"

_host(sandbox) := {"host": "web", "config": {"nix": {"settings": {"sandbox": sandbox}}}, "defined": {_p: true}}

test_false_fires if {
	nix002.deny == {{
		"path": _p,
		"msg": "nix.settings.sandbox is false: builders see the host's files and network",
		"fix": {"path": _p, "value": true},
	}} with input as _host(false)
}

test_relaxed_fires if {
	some v in nix002.deny with input as _host("relaxed")
	v.msg == "nix.settings.sandbox is \"relaxed\": derivations with __noChroot run outside the sandbox"
}

test_true_passes if {
	count(nix002.deny) == 0 with input as _host(true)
	count(nix002.deny) == 0 with input as _host(null)
}

test_module_absent_passes if {
	count(nix002.deny) == 0 with input as {"config": {}, "defined": {}}
}
