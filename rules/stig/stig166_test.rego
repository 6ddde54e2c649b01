package nixsec.rules.stig.stig166_test

import data.nixsec.rules.stig.stig166

_host(rules) := {"host": "web", "config": {"security": {"audit": {"enable": true, "rules": rules}}}, "defined": {}}

_p := "security.audit.rules"

test_empty_rules_fire if {
	stig166.deny == {{
		"path": _p,
		"msg": "security.audit.rules does not audit writes to /var/log/lastlog (logons): missing \"-w /var/log/lastlog -p wa -k logins\"",
		"fix": {"path": _p, "value": stig166.lines},
	}} with input as _host([])
}

test_rules_absent_fire if {
	count(stig166.deny) == 1 with input as {"host": "web", "config": {}, "defined": {}}
}

test_stig_lines_pass if {
	count(stig166.deny) == 0 with input as _host(array.concat(["-D"], stig166.lines))
}

test_equivalent_spelling_passes if {
	count(stig166.deny) == 0 with input as _host([
		"-w /var/log/lastlog -p wa -F key=logins",
	])
}

test_commented_out_fires if {
	count(stig166.deny) == 1 with input as _host([concat("", ["# ", l]) | some l in stig166.lines])
}
