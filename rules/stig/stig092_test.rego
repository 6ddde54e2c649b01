package nixsec.rules.stig.stig092_test

import data.nixsec.rules.stig.stig092

_host(params) := {"host": "web", "config": {"boot": {"kernelParams": params}}, "defined": {}}

test_missing_fires if {
	stig092.deny == {{
		"path": "boot.kernelParams",
		"msg": "boot.kernelParams has no audit=1: processes started before the audit rules load are never audited",
	}} with input as _host(["quiet", "audit_backlog_limit=8192"])
}

test_present_passes if {
	count(stig092.deny) == 0 with input as _host(["quiet", "audit=1", "audit_backlog_limit=8192"])
}

test_on_passes if {
	count(stig092.deny) == 0 with input as _host(["audit=on"])
}

test_last_wins_fires if {
	stig092.deny == {{
		"path": "boot.kernelParams",
		"msg": "boot.kernelParams ends with audit=0: the kernel starts without auditing",
	}} with input as _host(["audit=1", "audit=0"])
}

test_last_wins_passes if {
	count(stig092.deny) == 0 with input as _host(["audit=0", "audit=1"])
}

test_absent_fires if {
	count(stig092.deny) == 1 with input as {"host": "web", "config": {}, "defined": {}}
}

test_other_param_with_prefix_ignored if {
	count(stig092.deny) == 1 with input as _host(["audit_backlog_limit=1"])
}
