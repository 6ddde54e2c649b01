package nixsec.rules.stig.stig098_test

import data.nixsec.rules.stig.stig098

_host(rules) := {"host": "web", "config": {"security": {"audit": {"enable": true, "rules": rules}}}, "defined": {}}

_p := "security.audit.rules"

test_empty_rules_fire if {
	stig098.deny == {{
		"path": _p,
		"msg": "security.audit.rules does not audit failed attempts to open, create or truncate files: missing \"-a always,exit -F arch=b32 -S open,creat,truncate,ftruncate,openat,open_by_handle_at -F exit=-EACCES -F auid>=1000 -F auid!=unset -F key=access\"; \"-a always,exit -F arch=b64 -S open,creat,truncate,ftruncate,openat,open_by_handle_at -F exit=-EACCES -F auid>=1000 -F auid!=unset -F key=access\"; \"-a always,exit -F arch=b32 -S open,creat,truncate,ftruncate,openat,open_by_handle_at -F exit=-EPERM -F auid>=1000 -F auid!=unset -F key=access\"; \"-a always,exit -F arch=b64 -S open,creat,truncate,ftruncate,openat,open_by_handle_at -F exit=-EPERM -F auid>=1000 -F auid!=unset -F key=access\"",
		"fix": {"path": _p, "value": stig098.lines},
	}} with input as _host([])
}

test_rules_absent_fire if {
	count(stig098.deny) == 1 with input as {"host": "web", "config": {}, "defined": {}}
}

test_stig_lines_pass if {
	count(stig098.deny) == 0 with input as _host(array.concat(["-D"], stig098.lines))
}

test_equivalent_spelling_passes if {
	count(stig098.deny) == 0 with input as _host([
		"-a exit,always -F arch=b32 -S open,creat,truncate,ftruncate,openat,open_by_handle_at -F exit=-EACCES -F auid>=1000 -F auid!=4294967295 -k access",
		"-a exit,always -F arch=b64 -S open,creat,truncate,ftruncate,openat,open_by_handle_at -F exit=-EACCES -F auid>=1000 -F auid!=4294967295 -k access",
		"-a exit,always -F arch=b32 -S open,creat,truncate,ftruncate,openat,open_by_handle_at -F exit=-EPERM -F auid>=1000 -F auid!=4294967295 -k access",
		"-a exit,always -F arch=b64 -S open,creat,truncate,ftruncate,openat,open_by_handle_at -F exit=-EPERM -F auid>=1000 -F auid!=4294967295 -k access",
	])
}

test_commented_out_fires if {
	count(stig098.deny) == 1 with input as _host([concat("", ["# ", l]) | some l in stig098.lines])
}

test_b32_missing_fires if {
	some v in stig098.deny with input as _host([
		"-a always,exit -F arch=b64 -S open,creat,truncate,ftruncate,openat,open_by_handle_at -F exit=-EACCES -F auid>=1000 -F auid!=unset -F key=access",
		"-a always,exit -F arch=b64 -S open,creat,truncate,ftruncate,openat,open_by_handle_at -F exit=-EPERM -F auid>=1000 -F auid!=unset -F key=access",
	])
	v.msg == "security.audit.rules does not audit failed attempts to open, create or truncate files: missing \"-a always,exit -F arch=b32 -S open,creat,truncate,ftruncate,openat,open_by_handle_at -F exit=-EACCES -F auid>=1000 -F auid!=unset -F key=access\"; \"-a always,exit -F arch=b32 -S open,creat,truncate,ftruncate,openat,open_by_handle_at -F exit=-EPERM -F auid>=1000 -F auid!=unset -F key=access\""
	v.fix.value == array.concat(
		[
			"-a always,exit -F arch=b64 -S open,creat,truncate,ftruncate,openat,open_by_handle_at -F exit=-EACCES -F auid>=1000 -F auid!=unset -F key=access",
			"-a always,exit -F arch=b64 -S open,creat,truncate,ftruncate,openat,open_by_handle_at -F exit=-EPERM -F auid>=1000 -F auid!=unset -F key=access",
		],
		[
			"-a always,exit -F arch=b32 -S open,creat,truncate,ftruncate,openat,open_by_handle_at -F exit=-EACCES -F auid>=1000 -F auid!=unset -F key=access",
			"-a always,exit -F arch=b32 -S open,creat,truncate,ftruncate,openat,open_by_handle_at -F exit=-EPERM -F auid>=1000 -F auid!=unset -F key=access",
		],
	)
}

test_no_arch_does_not_count if {
	count(stig098.deny) == 1 with input as _host([replace(l, "-F arch=b64 ", "") | some l in stig098.lines])
}

test_narrower_rule_does_not_count if {
	count(stig098.deny) == 1 with input as _host([concat(" ", [l, "-F uid=0"]) | some l in stig098.lines])
}

test_some_syscalls_only_fires if {
	count(stig098.deny) == 1 with input as _host([replace(l, "open,creat,truncate,ftruncate,openat,open_by_handle_at", "open") | some l in stig098.lines])
}

test_split_syscalls_pass if {
	rules := [r |
		some l in stig098.lines
		some s in split("open,creat,truncate,ftruncate,openat,open_by_handle_at", ",")
		r := replace(l, "open,creat,truncate,ftruncate,openat,open_by_handle_at", s)
	]
	count(stig098.deny) == 0 with input as _host(rules)
}
