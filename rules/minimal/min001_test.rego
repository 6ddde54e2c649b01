package nixsec.rules.minimal.min001_test

import data.nixsec.rules.minimal.min001

_p := "environment.defaultPackages"

_host(pkgs, defined) := {"host": "web", "config": {"environment": {"defaultPackages": pkgs}}, "defined": defined}

_defaults := [{"_derivation": "perl-5.40.0"}, {"_derivation": "rsync-3.4.1"}, {"_derivation": "strace-6.12"}]

test_default_fires if {
	min001.deny == {{
		"path": _p,
		"msg": "environment.defaultPackages installs perl-5.40.0 rsync-3.4.1 strace-6.12 (NixOS default)",
		"fix": {"path": _p, "value": []},
	}} with input as _host(_defaults, {})
}

test_defined_and_other_forms if {
	some v in min001.deny with input as _host([{"_derivation": "nano-8.2"}, "/nix/store/abc-vim", 3], {_p: true})
	v.msg == "environment.defaultPackages installs nano-8.2 /nix/store/abc-vim 3"
}

test_empty_passes if {
	count(min001.deny) == 0 with input as _host([], {_p: true})
}

test_module_absent_passes if {
	count(min001.deny) == 0 with input as {"config": {}, "defined": {}}
}
