package nixsec.rules.stig.stig099_test

import data.nixsec.rules.stig.stig099

_host(rules) := {"host": "web", "config": {"security": {"audit": {"enable": true, "rules": rules}}}, "defined": {}}

_p := "security.audit.rules"

test_empty_rules_fire if {
	stig099.deny == {{
		"path": _p,
		"msg": "security.audit.rules does not audit ownership changes by users: missing \"-a always,exit -F arch=b32 -S chown,fchown,lchown,fchownat -F auid>=1000 -F auid!=unset -F key=perm_mod\"; \"-a always,exit -F arch=b64 -S chown,fchown,lchown,fchownat -F auid>=1000 -F auid!=unset -F key=perm_mod\"",
		"fix": {"path": _p, "value": stig099.lines},
	}} with input as _host([])
}

test_rules_absent_fire if {
	count(stig099.deny) == 1 with input as {"host": "web", "config": {}, "defined": {}}
}

test_stig_lines_pass if {
	count(stig099.deny) == 0 with input as _host(array.concat(["-D"], stig099.lines))
}

test_equivalent_spelling_passes if {
	count(stig099.deny) == 0 with input as _host([
		"-a exit,always -F arch=b32 -S chown,fchown,lchown,fchownat -F auid>=1000 -F auid!=4294967295 -k perm_mod",
		"-a exit,always -F arch=b64 -S chown,fchown,lchown,fchownat -F auid>=1000 -F auid!=4294967295 -k perm_mod",
	])
}

test_commented_out_fires if {
	count(stig099.deny) == 1 with input as _host([concat("", ["# ", l]) | some l in stig099.lines])
}

test_b32_missing_fires if {
	some v in stig099.deny with input as _host([
		"-a always,exit -F arch=b64 -S chown,fchown,lchown,fchownat -F auid>=1000 -F auid!=unset -F key=perm_mod",
	])
	v.msg == "security.audit.rules does not audit ownership changes by users: missing \"-a always,exit -F arch=b32 -S chown,fchown,lchown,fchownat -F auid>=1000 -F auid!=unset -F key=perm_mod\""
	v.fix.value == array.concat(
		[
			"-a always,exit -F arch=b64 -S chown,fchown,lchown,fchownat -F auid>=1000 -F auid!=unset -F key=perm_mod",
		],
		[
			"-a always,exit -F arch=b32 -S chown,fchown,lchown,fchownat -F auid>=1000 -F auid!=unset -F key=perm_mod",
		],
	)
}

test_no_arch_does_not_count if {
	count(stig099.deny) == 1 with input as _host([replace(l, "-F arch=b64 ", "") | some l in stig099.lines])
}

test_narrower_rule_does_not_count if {
	count(stig099.deny) == 1 with input as _host([concat(" ", [l, "-F uid=0"]) | some l in stig099.lines])
}

test_some_syscalls_only_fires if {
	count(stig099.deny) == 1 with input as _host([replace(l, "chown,fchown,lchown,fchownat", "chown") | some l in stig099.lines])
}

test_split_syscalls_pass if {
	rules := [r |
		some l in stig099.lines
		some s in split("chown,fchown,lchown,fchownat", ",")
		r := replace(l, "chown,fchown,lchown,fchownat", s)
	]
	count(stig099.deny) == 0 with input as _host(rules)
}
