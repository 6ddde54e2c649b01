package nixsec.rules.stig.stig096_test

import data.nixsec.rules.stig.stig096

_host(rules) := {"host": "web", "config": {"security": {"audit": {"enable": true, "rules": rules}}}, "defined": {}}

_p := "security.audit.rules"

test_empty_rules_fire if {
	stig096.deny == {{
		"path": _p,
		"msg": "security.audit.rules does not audit kernel module loads and unloads: missing \"-a always,exit -F arch=b32 -S init_module,finit_module,delete_module -F auid>=1000 -F auid!=unset -k module_chng\"; \"-a always,exit -F arch=b64 -S init_module,finit_module,delete_module -F auid>=1000 -F auid!=unset -k module_chng\"",
		"fix": {"path": _p, "value": stig096.lines},
	}} with input as _host([])
}

test_rules_absent_fire if {
	count(stig096.deny) == 1 with input as {"host": "web", "config": {}, "defined": {}}
}

test_stig_lines_pass if {
	count(stig096.deny) == 0 with input as _host(array.concat(["-D"], stig096.lines))
}

test_equivalent_spelling_passes if {
	count(stig096.deny) == 0 with input as _host([
		"-a exit,always -F arch=b32 -S init_module,finit_module,delete_module -F auid>=1000 -F auid!=4294967295 -F key=module_chng",
		"-a exit,always -F arch=b64 -S init_module,finit_module,delete_module -F auid>=1000 -F auid!=4294967295 -F key=module_chng",
	])
}

test_commented_out_fires if {
	count(stig096.deny) == 1 with input as _host([concat("", ["# ", l]) | some l in stig096.lines])
}

test_b32_missing_fires if {
	some v in stig096.deny with input as _host([
		"-a always,exit -F arch=b64 -S init_module,finit_module,delete_module -F auid>=1000 -F auid!=unset -k module_chng",
	])
	v.msg == "security.audit.rules does not audit kernel module loads and unloads: missing \"-a always,exit -F arch=b32 -S init_module,finit_module,delete_module -F auid>=1000 -F auid!=unset -k module_chng\""
	v.fix.value == array.concat(
		[
			"-a always,exit -F arch=b64 -S init_module,finit_module,delete_module -F auid>=1000 -F auid!=unset -k module_chng",
		],
		[
			"-a always,exit -F arch=b32 -S init_module,finit_module,delete_module -F auid>=1000 -F auid!=unset -k module_chng",
		],
	)
}

test_no_arch_does_not_count if {
	count(stig096.deny) == 1 with input as _host([replace(l, "-F arch=b64 ", "") | some l in stig096.lines])
}

test_narrower_rule_does_not_count if {
	count(stig096.deny) == 1 with input as _host([concat(" ", [l, "-F uid=0"]) | some l in stig096.lines])
}

test_some_syscalls_only_fires if {
	count(stig096.deny) == 1 with input as _host([replace(l, "init_module,finit_module,delete_module", "init_module") | some l in stig096.lines])
}

test_split_syscalls_pass if {
	rules := [r |
		some l in stig096.lines
		some s in split("init_module,finit_module,delete_module", ",")
		r := replace(l, "init_module,finit_module,delete_module", s)
	]
	count(stig096.deny) == 0 with input as _host(rules)
}
