package nixsec.rules.stig.stig168_test

import data.nixsec.rules.stig.stig168

_host(params) := {"config": {"boot": {"kernelParams": params}}, "defined": {}}

test_no_fips_fires if {
	stig168.deny == {{
		"path": "boot.kernelParams",
		"msg": "boot.kernelParams has no fips=1: the kernel does not run in FIPS mode",
	}} with input as _host(["loglevel=4", "audit=1"])
}

test_fips_passes if {
	count(stig168.deny) == 0 with input as _host(["loglevel=4", "fips=1"])
}

test_fips_zero_last_fires if {
	stig168.deny == {{
		"path": "boot.kernelParams",
		"msg": "boot.kernelParams ends with \"fips=0\": the kernel does not run in FIPS mode",
	}} with input as _host(["fips=1", "fips=0"])
}

test_absent_fires if {
	count(stig168.deny) == 1 with input as {"config": {}, "defined": {}}
}
