package nixsec.rules.stig.stig087_test

import data.nixsec.rules.stig.stig087

_host(pkgs) := {"config": {"environment": {"systemPackages": [{"_derivation": n} | some n in pkgs]}}, "defined": {}}

test_no_vlock_fires if {
	stig087.deny == {{
		"path": "environment.systemPackages",
		"msg": "environment.systemPackages has no vlock: users cannot lock a text or SSH session on demand",
	}} with input as _host(["coreutils-9.5", "vim-9.1.0"])
}

test_vlock_passes if {
	count(stig087.deny) == 0 with input as _host(["coreutils-9.5", "vlock-2.2.2"])
}

test_lookalike_fires if {
	count(stig087.deny) == 1 with input as _host(["vlock-helper-1.0"])
}

test_absent_fires if {
	count(stig087.deny) == 1 with input as {"config": {}, "defined": {}}
}
