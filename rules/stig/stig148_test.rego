package nixsec.rules.stig.stig148_test

import data.nixsec.rules.stig.stig091
import data.nixsec.rules.stig.stig148

_host(auditd, audit, rules, defined) := {"host": "web", "config": {"security": {"auditd": {"enable": auditd}, "audit": {"enable": audit, "rules": rules}}}, "defined": defined}

test_all_on_passes if {
	count(stig148.deny) == 0 with input as _host(true, true, stig091.lines, {})
}

test_lock_passes if {
	count(stig148.deny) == 0 with input as _host(true, "lock", stig091.lines, {})
}

test_defaults_fire_three if {
	stig148.deny == {
		{
			"path": "security.auditd.enable",
			"msg": "security.auditd.enable is false (NixOS default): no audit daemon keeps the records",
			"fix": {"path": "security.auditd.enable", "value": true},
		},
		{
			"path": "security.audit.enable",
			"msg": "security.audit.enable is false (NixOS default): the kernel audit rules are not loaded",
			"fix": {"path": "security.audit.enable", "value": true},
		},
		{
			"path": "security.audit.rules",
			"msg": concat("", ["security.audit.rules does not audit executions of programs that gain root privileges: missing ", concat("; ", [sprintf("%q", [l]) | some l in stig091.lines])]),
			"fix": {"path": "security.audit.rules", "value": stig091.lines},
		},
	} with input as _host(false, false, [], {})
}

test_audit_off_explicit_fires if {
	some v in stig148.deny with input as _host(true, false, stig091.lines, {"security.audit.enable": true})
	v.msg == "security.audit.enable is false: the kernel audit rules are not loaded"
}

test_b32_missing_fires if {
	some v in stig148.deny with input as _host(true, true, [l | some l in stig091.lines; contains(l, "b64")], {})
	v.path == "security.audit.rules"
}

test_options_absent_fire if {
	count(stig148.deny) == 3 with input as {"host": "web", "config": {}, "defined": {}}
}
