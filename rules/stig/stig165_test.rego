package nixsec.rules.stig.stig165_test

import data.nixsec.rules.stig.stig165

_host(rules) := {"host": "web", "config": {"security": {"audit": {"enable": true, "rules": rules}}}, "defined": {}}

_p := "security.audit.rules"

test_empty_rules_fire if {
	stig165.deny == {{
		"path": _p,
		"msg": "security.audit.rules does not audit executions of chage and chcon: missing \"-a always,exit -S all -F path=/run/current-system/sw/bin/chage -F perm=x -F auid>=1000 -F auid!=unset -k privileged-chage\"; \"-a always,exit -S all -F path=/run/current-system/sw/bin/chcon -F perm=x -F auid>=1000 -F auid!=unset -k perm_mod\"",
		"fix": {"path": _p, "value": stig165.lines},
	}} with input as _host([])
}

test_rules_absent_fire if {
	count(stig165.deny) == 1 with input as {"host": "web", "config": {}, "defined": {}}
}

test_stig_lines_pass if {
	count(stig165.deny) == 0 with input as _host(array.concat(["-D"], stig165.lines))
}

test_equivalent_spelling_passes if {
	count(stig165.deny) == 0 with input as _host([
		"-a exit,always -S all -F path=/run/current-system/sw/bin/chage -F perm=x -F auid>=1000 -F auid!=4294967295 -F key=privileged-chage",
		"-a exit,always -S all -F path=/run/current-system/sw/bin/chcon -F perm=x -F auid>=1000 -F auid!=4294967295 -F key=perm_mod",
	])
}

test_commented_out_fires if {
	count(stig165.deny) == 1 with input as _host([concat("", ["# ", l]) | some l in stig165.lines])
}
