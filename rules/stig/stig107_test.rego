package nixsec.rules.stig.stig107_test

import data.nixsec.rules.stig.stig107

_host(value, defined) := {"host": "web", "config": {"services": {"journald": {"audit": value}}}, "defined": defined}

_p := "services.journald.audit"

test_default_keep_fires if {
	stig107.deny == {{
		"path": _p,
		"msg": "services.journald.audit is \"keep\" (NixOS default): journald does not turn auditing on for the journal it offloads",
		"fix": {"path": _p, "value": true},
	}} with input as _host("keep", {})
}

test_false_fires if {
	some v in stig107.deny with input as _host(false, {_p: true})
	v.msg == "services.journald.audit is false: journald does not turn auditing on for the journal it offloads"
}

test_true_passes if {
	count(stig107.deny) == 0 with input as _host(true, {_p: true})
}

test_absent_passes if {
	count(stig107.deny) == 0 with input as {"host": "web", "config": {}, "defined": {}}
}
