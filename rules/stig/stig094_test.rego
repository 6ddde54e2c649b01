package nixsec.rules.stig.stig094_test

import data.nixsec.rules.stig.stig094

_host(rules) := {"host": "web", "config": {"security": {"audit": {"enable": true, "rules": rules}}}, "defined": {}}

_p := "security.audit.rules"

test_empty_rules_fire if {
	stig094.deny == {{
		"path": _p,
		"msg": "security.audit.rules does not audit mount calls by users: missing \"-a always,exit -F arch=b32 -S mount -F auid>=1000 -F auid!=unset -k privileged-mount\"; \"-a always,exit -F arch=b64 -S mount -F auid>=1000 -F auid!=unset -k privileged-mount\"",
		"fix": {"path": _p, "value": stig094.lines},
	}} with input as _host([])
}

test_rules_absent_fire if {
	count(stig094.deny) == 1 with input as {"host": "web", "config": {}, "defined": {}}
}

test_stig_lines_pass if {
	count(stig094.deny) == 0 with input as _host(array.concat(["-D"], stig094.lines))
}

test_equivalent_spelling_passes if {
	count(stig094.deny) == 0 with input as _host([
		"-a exit,always -F arch=b32 -S mount -F auid>=1000 -F auid!=4294967295 -F key=privileged-mount",
		"-a exit,always -F arch=b64 -S mount -F auid>=1000 -F auid!=4294967295 -F key=privileged-mount",
	])
}

test_commented_out_fires if {
	count(stig094.deny) == 1 with input as _host([concat("", ["# ", l]) | some l in stig094.lines])
}

test_b32_missing_fires if {
	some v in stig094.deny with input as _host([
		"-a always,exit -F arch=b64 -S mount -F auid>=1000 -F auid!=unset -k privileged-mount",
	])
	v.msg == "security.audit.rules does not audit mount calls by users: missing \"-a always,exit -F arch=b32 -S mount -F auid>=1000 -F auid!=unset -k privileged-mount\""
	v.fix.value == array.concat(
		[
			"-a always,exit -F arch=b64 -S mount -F auid>=1000 -F auid!=unset -k privileged-mount",
		],
		[
			"-a always,exit -F arch=b32 -S mount -F auid>=1000 -F auid!=unset -k privileged-mount",
		],
	)
}

test_no_arch_does_not_count if {
	count(stig094.deny) == 1 with input as _host([replace(l, "-F arch=b64 ", "") | some l in stig094.lines])
}

test_narrower_rule_does_not_count if {
	count(stig094.deny) == 1 with input as _host([concat(" ", [l, "-F uid=0"]) | some l in stig094.lines])
}
