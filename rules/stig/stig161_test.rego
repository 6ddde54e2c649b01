package nixsec.rules.stig.stig161_test

import data.nixsec.rules.stig.stig161

_p := "boot.kernel.sysctl.\"kernel.randomize_va_space\""

_host(sysctl) := {"config": {"boot": {"kernel": {"sysctl": sysctl}}}, "defined": {}}

test_bad_value_fires if {
	stig161.deny == {{
		"path": _p,
		"msg": "kernel.randomize_va_space is 1: address space layout randomization is not full (2)",
		"fix": {"path": _p, "value": 2},
	}} with input as _host({"kernel.randomize_va_space": 1})
}

test_string_value_fires if {
	count(stig161.deny) == 1 with input as _host({"kernel.randomize_va_space": "1"})
}

test_required_value_passes if {
	count(stig161.deny) == 0 with input as _host({"kernel.randomize_va_space": 2})
}

test_required_string_passes if {
	count(stig161.deny) == 0 with input as _host({"kernel.randomize_va_space": " 2 "})
}

# Unset: the kernel's default (2) applies.
test_unset_passes if {
	count(stig161.deny) == 0 with input as _host({"kernel.kptr_restrict": 2})
}
