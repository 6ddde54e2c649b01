package nixsec.rules.stig.stig091_test

import data.nixsec.rules.stig.stig091

_host(rules) := {"host": "web", "config": {"security": {"audit": {"enable": true, "rules": rules}}}, "defined": {}}

_p := "security.audit.rules"

test_empty_rules_fire if {
	stig091.deny == {{
		"path": _p,
		"msg": "security.audit.rules does not audit executions of programs that gain root privileges: missing \"-a always,exit -F arch=b32 -S execve -C uid!=euid -F euid=0 -k execpriv\"; \"-a always,exit -F arch=b64 -S execve -C uid!=euid -F euid=0 -k execpriv\"; \"-a always,exit -F arch=b32 -S execve -C gid!=egid -F egid=0 -k execpriv\"; \"-a always,exit -F arch=b64 -S execve -C gid!=egid -F egid=0 -k execpriv\"",
		"fix": {"path": _p, "value": stig091.lines},
	}} with input as _host([])
}

test_rules_absent_fire if {
	count(stig091.deny) == 1 with input as {"host": "web", "config": {}, "defined": {}}
}

test_stig_lines_pass if {
	count(stig091.deny) == 0 with input as _host(array.concat(["-D"], stig091.lines))
}

test_equivalent_spelling_passes if {
	count(stig091.deny) == 0 with input as _host([
		"-a exit,always -F arch=b32 -S execve -C uid!=euid -F euid=0 -F key=execpriv",
		"-a exit,always -F arch=b64 -S execve -C uid!=euid -F euid=0 -F key=execpriv",
		"-a exit,always -F arch=b32 -S execve -C gid!=egid -F egid=0 -F key=execpriv",
		"-a exit,always -F arch=b64 -S execve -C gid!=egid -F egid=0 -F key=execpriv",
	])
}

test_commented_out_fires if {
	count(stig091.deny) == 1 with input as _host([concat("", ["# ", l]) | some l in stig091.lines])
}

test_b32_missing_fires if {
	some v in stig091.deny with input as _host([
		"-a always,exit -F arch=b64 -S execve -C uid!=euid -F euid=0 -k execpriv",
		"-a always,exit -F arch=b64 -S execve -C gid!=egid -F egid=0 -k execpriv",
	])
	v.msg == "security.audit.rules does not audit executions of programs that gain root privileges: missing \"-a always,exit -F arch=b32 -S execve -C uid!=euid -F euid=0 -k execpriv\"; \"-a always,exit -F arch=b32 -S execve -C gid!=egid -F egid=0 -k execpriv\""
	v.fix.value == array.concat(
		[
			"-a always,exit -F arch=b64 -S execve -C uid!=euid -F euid=0 -k execpriv",
			"-a always,exit -F arch=b64 -S execve -C gid!=egid -F egid=0 -k execpriv",
		],
		[
			"-a always,exit -F arch=b32 -S execve -C uid!=euid -F euid=0 -k execpriv",
			"-a always,exit -F arch=b32 -S execve -C gid!=egid -F egid=0 -k execpriv",
		],
	)
}

test_no_arch_does_not_count if {
	count(stig091.deny) == 1 with input as _host([replace(l, "-F arch=b64 ", "") | some l in stig091.lines])
}

test_narrower_rule_does_not_count if {
	count(stig091.deny) == 1 with input as _host([concat(" ", [l, "-F uid=0"]) | some l in stig091.lines])
}
