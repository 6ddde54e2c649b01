package nixsec.rules.audit.aud002_test

import data.nixsec.rules.audit.aud002

_host(security, defined) := {"host": "web", "config": {"security": security}, "defined": defined}

test_audit_off_and_no_rules_fire_both if {
	aud002.deny == {
		{
			"path": "security.audit.enable",
			"msg": "security.audit.enable is false (NixOS default) while auditd is on",
			"fix": {"path": "security.audit.enable", "value": true},
		},
		{"path": "security.audit.rules", "msg": "security.audit.rules is [ ] while auditd is on"},
	} with input as _host({"auditd": {"enable": true}, "audit": {"enable": false, "rules": []}}, {})
}

test_rules_but_audit_off_fires if {
	inp := _host({"auditd": {"enable": true}, "audit": {"enable": false, "rules": ["-w /etc/passwd -p wa"]}}, {"security.audit.enable": true})
	some v in aud002.deny with input as inp
	v.msg == "security.audit.enable is false while auditd is on"
	count(aud002.deny) == 1 with input as inp
}

# NixOS 25.11: auditd turns security.audit.enable on by default (a
# definition, hence "defined"); only the empty rule list is left to report.
test_audit_on_by_auditd_default_without_rules_fires_rules_only if {
	inp := _host({"auditd": {"enable": true}, "audit": {"enable": true, "rules": []}}, {"security.audit.enable": true})
	aud002.deny == {{"path": "security.audit.rules", "msg": "security.audit.rules is [ ] while auditd is on"}} with input as inp
}

test_lock_with_rules_passes if {
	inp := _host({"auditd": {"enable": true}, "audit": {"enable": "lock", "rules": ["-a exit,always -F arch=b64 -S execve"]}}, {})
	count(aud002.deny) == 0 with input as inp
}

test_auditd_off_passes if {
	count(aud002.deny) == 0 with input as _host({"auditd": {"enable": false}, "audit": {"enable": false, "rules": []}}, {})
}

test_module_absent_passes if {
	count(aud002.deny) == 0 with input as _host({"auditd": {"enable": true}}, {})
}
