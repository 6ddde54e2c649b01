package nixsec.rules.nix.nix001_test

import data.nixsec.rules.nix.nix001

_p := "nix.settings.trusted-users"

_host(users) := {"host": "web", "config": {"nix": {"settings": {"trusted-users": users}}}, "defined": {_p: true}}

test_wheel_fires if {
	nix001.deny == {{
		"path": _p,
		"msg": "nix.settings.trusted-users trusts \"@wheel\" \"alice\": root-equivalent through the Nix daemon",
		"fix": {"path": _p, "value": ["root"]},
	}} with input as _host(["root", "@wheel", "alice"])
}

test_without_root_fix_is_empty if {
	some v in nix001.deny with input as _host(["*"])
	v.msg == "nix.settings.trusted-users trusts \"*\": root-equivalent through the Nix daemon"
	v.fix.value == []
}

test_root_only_passes if {
	count(nix001.deny) == 0 with input as _host(["root"])
	count(nix001.deny) == 0 with input as _host([])
}

test_module_absent_passes if {
	count(nix001.deny) == 0 with input as {"config": {}, "defined": {}}
}
