package nixsec.rules.audit.aud001_test

import data.nixsec.rules.audit.aud001

_p := "security.auditd.enable"

_host(enable, defined) := {"host": "web", "config": {"security": {"auditd": {"enable": enable}}}, "defined": defined}

test_default_false_fires if {
	aud001.deny == {{
		"path": _p,
		"msg": "security.auditd.enable is false (NixOS default)",
		"fix": {"path": _p, "value": true},
	}} with input as _host(false, {})
}

test_defined_false_fires if {
	some v in aud001.deny with input as _host(false, {_p: true})
	v.msg == "security.auditd.enable is false"
}

# security.audit does not start auditd: the daemon is still off.
test_audit_without_auditd_fires if {
	inp := {"host": "web", "config": {"security": {"auditd": {"enable": false}, "audit": {"enable": true, "rules": ["-w /etc/passwd -p wa"]}}}, "defined": {"security.audit.enable": true}}
	aud001.deny == {{
		"path": _p,
		"msg": "security.auditd.enable is false (NixOS default)",
		"fix": {"path": _p, "value": true},
	}} with input as inp
}

test_enabled_passes if {
	count(aud001.deny) == 0 with input as _host(true, {_p: true})
}

test_module_absent_passes if {
	count(aud001.deny) == 0 with input as {"config": {"security": {}}, "defined": {}}
}
