package nixsec.rules.stig.stig095_test

import data.nixsec.rules.stig.stig095

_host(rules) := {"host": "web", "config": {"security": {"audit": {"enable": true, "rules": rules}}}, "defined": {}}

_p := "security.audit.rules"

test_empty_rules_fire if {
	stig095.deny == {{
		"path": _p,
		"msg": "security.audit.rules does not audit file deletions and renames by users: missing \"-a always,exit -F arch=b32 -S rename,unlink,rmdir,renameat,unlinkat -F auid>=1000 -F auid!=unset -k delete\"; \"-a always,exit -F arch=b64 -S rename,unlink,rmdir,renameat,unlinkat -F auid>=1000 -F auid!=unset -k delete\"",
		"fix": {"path": _p, "value": stig095.lines},
	}} with input as _host([])
}

test_rules_absent_fire if {
	count(stig095.deny) == 1 with input as {"host": "web", "config": {}, "defined": {}}
}

test_stig_lines_pass if {
	count(stig095.deny) == 0 with input as _host(array.concat(["-D"], stig095.lines))
}

test_equivalent_spelling_passes if {
	count(stig095.deny) == 0 with input as _host([
		"-a exit,always -F arch=b32 -S rename,unlink,rmdir,renameat,unlinkat -F auid>=1000 -F auid!=4294967295 -F key=delete",
		"-a exit,always -F arch=b64 -S rename,unlink,rmdir,renameat,unlinkat -F auid>=1000 -F auid!=4294967295 -F key=delete",
	])
}

test_commented_out_fires if {
	count(stig095.deny) == 1 with input as _host([concat("", ["# ", l]) | some l in stig095.lines])
}

test_b32_missing_fires if {
	some v in stig095.deny with input as _host([
		"-a always,exit -F arch=b64 -S rename,unlink,rmdir,renameat,unlinkat -F auid>=1000 -F auid!=unset -k delete",
	])
	v.msg == "security.audit.rules does not audit file deletions and renames by users: missing \"-a always,exit -F arch=b32 -S rename,unlink,rmdir,renameat,unlinkat -F auid>=1000 -F auid!=unset -k delete\""
	v.fix.value == array.concat(
		[
			"-a always,exit -F arch=b64 -S rename,unlink,rmdir,renameat,unlinkat -F auid>=1000 -F auid!=unset -k delete",
		],
		[
			"-a always,exit -F arch=b32 -S rename,unlink,rmdir,renameat,unlinkat -F auid>=1000 -F auid!=unset -k delete",
		],
	)
}

test_no_arch_does_not_count if {
	count(stig095.deny) == 1 with input as _host([replace(l, "-F arch=b64 ", "") | some l in stig095.lines])
}

test_narrower_rule_does_not_count if {
	count(stig095.deny) == 1 with input as _host([concat(" ", [l, "-F uid=0"]) | some l in stig095.lines])
}

test_some_syscalls_only_fires if {
	count(stig095.deny) == 1 with input as _host([replace(l, "rename,unlink,rmdir,renameat,unlinkat", "rename") | some l in stig095.lines])
}

test_split_syscalls_pass if {
	rules := [r |
		some l in stig095.lines
		some s in split("rename,unlink,rmdir,renameat,unlinkat", ",")
		r := replace(l, "rename,unlink,rmdir,renameat,unlinkat", s)
	]
	count(stig095.deny) == 0 with input as _host(rules)
}
