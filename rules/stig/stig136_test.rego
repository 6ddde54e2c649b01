package nixsec.rules.stig.stig136_test

import data.nixsec.rules.stig.stig136

_host(pkgs) := {"host": "web", "config": {"environment": {"systemPackages": pkgs}}, "defined": {}}

test_missing_fires if {
	stig136.deny == {{
		"path": "environment.systemPackages",
		"msg": "environment.systemPackages has no opencryptoki: p11sak is not in /run/current-system/sw/bin",
	}} with input as _host([{"_derivation": "nano-8.2"}, {"_derivation": "opensc-0.26.0"}])
}

test_empty_fires if {
	count(stig136.deny) == 1 with input as _host([])
}

test_installed_passes if {
	count(stig136.deny) == 0 with input as _host([{"_derivation": "nano-8.2"}, {"_derivation": "opencryptoki-3.24.0"}])
}

test_lookalike_name_fires if {
	count(stig136.deny) == 1 with input as _host([{"_derivation": "opencryptoki-tools-wrapper"}, "/nix/store/abc-opencryptoki-3.24.0"])
}

test_option_absent_passes if {
	count(stig136.deny) == 0 with input as {"host": "web", "config": {}, "defined": {}}
}
