package nixsec.rules.stig.stig090_test

import data.nixsec.rules.stig.stig090

_host(pkgs) := {"host": "web", "config": {"environment": {"systemPackages": pkgs}}, "defined": {}}

test_missing_fires if {
	stig090.deny == {{
		"path": "environment.systemPackages",
		"msg": "environment.systemPackages has no audit package (auditctl, ausearch, aureport)",
	}} with input as _host([{"_derivation": "vim-9.1"}, {"_derivation": "auditbeat-8.0"}])
}

test_present_passes if {
	count(stig090.deny) == 0 with input as _host([{"_derivation": "vim-9.1"}, {"_derivation": "audit-4.0.5"}])
}

test_unversioned_passes if {
	count(stig090.deny) == 0 with input as _host([{"_derivation": "audit"}])
}

test_empty_fires if {
	count(stig090.deny) == 1 with input as _host([])
}

test_string_is_not_a_package if {
	count(stig090.deny) == 1 with input as _host(["audit-4.0.5"])
}
