package nixsec.rules.stig.stig163_test

import data.nixsec.rules.stig.stig163

_host(rules) := {"host": "web", "config": {"security": {"audit": {"enable": true, "rules": rules}}}, "defined": {}}

_p := "security.audit.rules"

test_empty_rules_fire if {
	stig163.deny == {{
		"path": _p,
		"msg": "security.audit.rules does not audit extended attribute changes: missing \"-a always,exit -F arch=b32 -S setxattr,fsetxattr,lsetxattr,removexattr,fremovexattr,lremovexattr -F auid>=1000 -F auid!=unset -k perm_mod\"; \"-a always,exit -F arch=b64 -S setxattr,fsetxattr,lsetxattr,removexattr,fremovexattr,lremovexattr -F auid>=1000 -F auid!=unset -k perm_mod\"; \"-a always,exit -F arch=b32 -S setxattr,fsetxattr,lsetxattr,removexattr,fremovexattr,lremovexattr -F auid=0 -k perm_mod\"; \"-a always,exit -F arch=b64 -S setxattr,fsetxattr,lsetxattr,removexattr,fremovexattr,lremovexattr -F auid=0 -k perm_mod\"",
		"fix": {"path": _p, "value": stig163.lines},
	}} with input as _host([])
}

test_rules_absent_fire if {
	count(stig163.deny) == 1 with input as {"host": "web", "config": {}, "defined": {}}
}

test_stig_lines_pass if {
	count(stig163.deny) == 0 with input as _host(array.concat(["-D"], stig163.lines))
}

test_equivalent_spelling_passes if {
	count(stig163.deny) == 0 with input as _host([
		"-a exit,always -F arch=b32 -S setxattr,fsetxattr,lsetxattr,removexattr,fremovexattr,lremovexattr -F auid>=1000 -F auid!=4294967295 -F key=perm_mod",
		"-a exit,always -F arch=b64 -S setxattr,fsetxattr,lsetxattr,removexattr,fremovexattr,lremovexattr -F auid>=1000 -F auid!=4294967295 -F key=perm_mod",
		"-a exit,always -F arch=b32 -S setxattr,fsetxattr,lsetxattr,removexattr,fremovexattr,lremovexattr -F auid=0 -F key=perm_mod",
		"-a exit,always -F arch=b64 -S setxattr,fsetxattr,lsetxattr,removexattr,fremovexattr,lremovexattr -F auid=0 -F key=perm_mod",
	])
}

test_commented_out_fires if {
	count(stig163.deny) == 1 with input as _host([concat("", ["# ", l]) | some l in stig163.lines])
}

test_b32_missing_fires if {
	some v in stig163.deny with input as _host([
		"-a always,exit -F arch=b64 -S setxattr,fsetxattr,lsetxattr,removexattr,fremovexattr,lremovexattr -F auid>=1000 -F auid!=unset -k perm_mod",
		"-a always,exit -F arch=b64 -S setxattr,fsetxattr,lsetxattr,removexattr,fremovexattr,lremovexattr -F auid=0 -k perm_mod",
	])
	v.msg == "security.audit.rules does not audit extended attribute changes: missing \"-a always,exit -F arch=b32 -S setxattr,fsetxattr,lsetxattr,removexattr,fremovexattr,lremovexattr -F auid>=1000 -F auid!=unset -k perm_mod\"; \"-a always,exit -F arch=b32 -S setxattr,fsetxattr,lsetxattr,removexattr,fremovexattr,lremovexattr -F auid=0 -k perm_mod\""
	v.fix.value == array.concat(
		[
			"-a always,exit -F arch=b64 -S setxattr,fsetxattr,lsetxattr,removexattr,fremovexattr,lremovexattr -F auid>=1000 -F auid!=unset -k perm_mod",
			"-a always,exit -F arch=b64 -S setxattr,fsetxattr,lsetxattr,removexattr,fremovexattr,lremovexattr -F auid=0 -k perm_mod",
		],
		[
			"-a always,exit -F arch=b32 -S setxattr,fsetxattr,lsetxattr,removexattr,fremovexattr,lremovexattr -F auid>=1000 -F auid!=unset -k perm_mod",
			"-a always,exit -F arch=b32 -S setxattr,fsetxattr,lsetxattr,removexattr,fremovexattr,lremovexattr -F auid=0 -k perm_mod",
		],
	)
}

test_no_arch_does_not_count if {
	count(stig163.deny) == 1 with input as _host([replace(l, "-F arch=b64 ", "") | some l in stig163.lines])
}

test_narrower_rule_does_not_count if {
	count(stig163.deny) == 1 with input as _host([concat(" ", [l, "-F uid=0"]) | some l in stig163.lines])
}

test_some_syscalls_only_fires if {
	count(stig163.deny) == 1 with input as _host([replace(l, "setxattr,fsetxattr,lsetxattr,removexattr,fremovexattr,lremovexattr", "setxattr") | some l in stig163.lines])
}

test_split_syscalls_pass if {
	rules := [r |
		some l in stig163.lines
		some s in split("setxattr,fsetxattr,lsetxattr,removexattr,fremovexattr,lremovexattr", ",")
		r := replace(l, "setxattr,fsetxattr,lsetxattr,removexattr,fremovexattr,lremovexattr", s)
	]
	count(stig163.deny) == 0 with input as _host(rules)
}
