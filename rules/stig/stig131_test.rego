package nixsec.rules.stig.stig131_test

import data.nixsec.rules.stig.stig131

_host(pkgs) := {"config": {"environment": {"systemPackages": [{"_derivation": n} | some n in pkgs]}}, "defined": {}}

test_inetutils_fires if {
	stig131.deny == {{
		"path": "environment.systemPackages",
		"msg": "environment.systemPackages installs inetutils-2.5, which provides telnet: a clear-text remote login client",
	}} with input as _host(["coreutils-9.5", "inetutils-2.5"])
}

test_telnet_package_fires if {
	count(stig131.deny) == 1 with input as _host(["telnet-1.2"])
}

test_clean_passes if {
	count(stig131.deny) == 0 with input as _host(["coreutils-9.5", "openssh-9.9p1", "telnetd-helper-1"])
}

test_absent_passes if {
	count(stig131.deny) == 0 with input as {"config": {}, "defined": {}}
}
