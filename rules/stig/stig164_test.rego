package nixsec.rules.stig.stig164_test

import data.nixsec.rules.stig.stig164

_host(rules) := {"host": "web", "config": {"security": {"audit": {"enable": true, "rules": rules}}}, "defined": {}}

_p := "security.audit.rules"

test_empty_rules_fire if {
	stig164.deny == {{
		"path": _p,
		"msg": "security.audit.rules does not audit executions of usermod: missing \"-a always,exit -F path=/run/current-system/sw/bin/usermod -F perm=x -F auid>=1000 -F auid!=unset -k privileged-usermod\"",
		"fix": {"path": _p, "value": stig164.lines},
	}} with input as _host([])
}

test_rules_absent_fire if {
	count(stig164.deny) == 1 with input as {"host": "web", "config": {}, "defined": {}}
}

test_stig_lines_pass if {
	count(stig164.deny) == 0 with input as _host(array.concat(["-D"], stig164.lines))
}

test_equivalent_spelling_passes if {
	count(stig164.deny) == 0 with input as _host([
		"-a exit,always -F path=/run/current-system/sw/bin/usermod -F perm=x -F auid>=1000 -F auid!=4294967295 -F key=privileged-usermod",
	])
}

test_commented_out_fires if {
	count(stig164.deny) == 1 with input as _host([concat("", ["# ", l]) | some l in stig164.lines])
}
