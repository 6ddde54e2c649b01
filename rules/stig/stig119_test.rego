package nixsec.rules.stig.stig119_test

import data.nixsec.rules.stig.stig119

_host(rules) := {"host": "web", "config": {"security": {"audit": {"enable": true, "rules": rules}}}, "defined": {}}

_p := "security.audit.rules"

test_empty_rules_fire if {
	stig119.deny == {{
		"path": _p,
		"msg": "security.audit.rules does not audit login uids as immutable (--loginuid-immutable): missing \"--loginuid-immutable\"",
		"fix": {"path": _p, "value": stig119.lines},
	}} with input as _host([])
}

test_rules_absent_fire if {
	count(stig119.deny) == 1 with input as {"host": "web", "config": {}, "defined": {}}
}

test_stig_lines_pass if {
	count(stig119.deny) == 0 with input as _host(array.concat(["-D"], stig119.lines))
}

test_equivalent_spelling_passes if {
	count(stig119.deny) == 0 with input as _host([
		"--loginuid-immutable",
	])
}

test_commented_out_fires if {
	count(stig119.deny) == 1 with input as _host([concat("", ["# ", l]) | some l in stig119.lines])
}
