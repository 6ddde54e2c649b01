package nixsec.rules.stig.stig093_test

import data.nixsec.rules.stig.stig093

_host(enable, limit, rules, params, defined) := {
	"host": "web", "config": {
		"security": {"audit": {"enable": enable, "backlogLimit": limit, "rules": rules}},
		"boot": {"kernelParams": params},
	},
	"defined": defined,
}

test_default_fires if {
	stig093.deny == {{
		"path": "security.audit.backlogLimit",
		"msg": "security.audit.backlogLimit is 1024 (NixOS default), below the 8192 the STIG asks for",
		"fix": {"path": "security.audit.backlogLimit", "value": 8192},
	}} with input as _host(true, 1024, [], ["audit=1", "audit_backlog_limit=1024"], {})
}

test_8192_passes if {
	count(stig093.deny) == 0 with input as _host(true, 8192, [], ["audit=1", "audit_backlog_limit=8192"], {"security.audit.backlogLimit": true})
}

test_lock_more_passes if {
	count(stig093.deny) == 0 with input as _host("lock", 16384, [], [], {})
}

test_small_b_line_fires if {
	stig093.deny == {{
		"path": "security.audit.rules",
		"msg": "security.audit.rules sets the backlog to 320 with -b, below 8192",
	}} with input as _host(true, 8192, ["-b 320"], [], {})
}

test_audit_off_no_param_fires if {
	stig093.deny == {{
		"path": "boot.kernelParams",
		"msg": "security.audit.enable is off and boot.kernelParams has no audit_backlog_limit=: the kernel keeps its default of 64",
	}} with input as _host(false, 8192, [], [], {})
}

test_audit_off_small_param_fires if {
	stig093.deny == {{
		"path": "boot.kernelParams",
		"msg": "boot.kernelParams sets audit_backlog_limit=8191, below 8192",
	}} with input as _host(false, 64, [], ["audit_backlog_limit=9000", "audit_backlog_limit=8191"], {})
}

test_audit_off_param_passes if {
	count(stig093.deny) == 0 with input as _host(false, 64, [], ["audit_backlog_limit=8192"], {})
}

test_absent_fires_once if {
	count(stig093.deny) == 1 with input as {"host": "web", "config": {}, "defined": {}}
}
