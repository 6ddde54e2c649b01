package nixsec.rules.stig.stig167_test

import data.nixsec.rules.stig.stig167

_host(rules) := {"host": "web", "config": {"security": {"audit": {"enable": true, "rules": rules}}}, "defined": {}}

_p := "security.audit.rules"

test_empty_rules_fire if {
	stig167.deny == {{
		"path": _p,
		"msg": "security.audit.rules does not audit changes to account and group files: missing \"-w /etc/sudoers -p wa -k identity\"; \"-w /etc/passwd -p wa -k identity\"; \"-w /etc/shadow -p wa -k identity\"; \"-w /etc/gshadow -p wa -k identity\"; \"-w /etc/group -p wa -k identity\"; \"-w /etc/security/opasswd -p wa -k identity\"",
		"fix": {"path": _p, "value": stig167.lines},
	}} with input as _host([])
}

test_rules_absent_fire if {
	count(stig167.deny) == 1 with input as {"host": "web", "config": {}, "defined": {}}
}

test_stig_lines_pass if {
	count(stig167.deny) == 0 with input as _host(array.concat(["-D"], stig167.lines))
}

test_equivalent_spelling_passes if {
	count(stig167.deny) == 0 with input as _host([
		"-w /etc/sudoers -p wa -F key=identity",
		"-w /etc/passwd -p wa -F key=identity",
		"-w /etc/shadow -p wa -F key=identity",
		"-w /etc/gshadow -p wa -F key=identity",
		"-w /etc/group -p wa -F key=identity",
		"-w /etc/security/opasswd -p wa -F key=identity",
	])
}

test_commented_out_fires if {
	count(stig167.deny) == 1 with input as _host([concat("", ["# ", l]) | some l in stig167.lines])
}
