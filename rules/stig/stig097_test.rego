package nixsec.rules.stig.stig097_test

import data.nixsec.rules.stig.stig097

_host(rules) := {"host": "web", "config": {"security": {"audit": {"enable": true, "rules": rules}}}, "defined": {}}

_p := "security.audit.rules"

test_empty_rules_fire if {
	stig097.deny == {{
		"path": _p,
		"msg": "security.audit.rules does not audit changes to the cron configuration: missing \"-w /var/cron/tabs/ -p wa -k services\"; \"-w /var/cron/cron.allow -p wa -k services\"; \"-w /var/cron/cron.deny -p wa -k services\"",
		"fix": {"path": _p, "value": stig097.lines},
	}} with input as _host([])
}

test_rules_absent_fire if {
	count(stig097.deny) == 1 with input as {"host": "web", "config": {}, "defined": {}}
}

test_stig_lines_pass if {
	count(stig097.deny) == 0 with input as _host(array.concat(["-D"], stig097.lines))
}

test_equivalent_spelling_passes if {
	count(stig097.deny) == 0 with input as _host([
		"-w /var/cron/tabs/ -p wa -F key=services",
		"-w /var/cron/cron.allow -p wa -F key=services",
		"-w /var/cron/cron.deny -p wa -F key=services",
	])
}

test_commented_out_fires if {
	count(stig097.deny) == 1 with input as _host([concat("", ["# ", l]) | some l in stig097.lines])
}
