package nixsec.rules.stig.stig120_test

import data.nixsec.rules.stig.stig120

_host(etc) := {"host": "web", "config": {"environment": {"etc": etc}}, "defined": {}}

test_copied_0644_fires if {
	stig120.deny == {{
		"path": "environment.etc.\"audit/auditd.conf\".mode",
		"msg": "/etc/audit/auditd.conf is copied with mode 0644, looser than 0444",
		"fix": {"path": "environment.etc.\"audit/auditd.conf\".mode", "value": "0444"},
	}} with input as _host({"audit/auditd.conf": {"enable": true, "mode": "0644", "text": "x"}})
}

test_symlink_passes if {
	count(stig120.deny) == 0 with input as _host({"audit/auditd.conf": {"enable": true, "mode": "symlink"}})
}

test_strict_modes_pass if {
	count(stig120.deny) == 0 with input as _host({
		"audit/a.conf": {"mode": "0444"},
		"audit/b.conf": {"mode": "0400"},
		"audit/c.conf": {"mode": "440"},
		"audit/d.conf": {"mode": "0000"},
	})
}

test_setuid_and_symbolic_fire if {
	count(stig120.deny) == 3 with input as _host({
		"audit/a.conf": {"mode": "4444"},
		"audit/b.conf": {"mode": "u=r"},
		"audit/c.conf": {"mode": "0555"},
	})
}

test_other_etc_ignored if {
	count(stig120.deny) == 0 with input as _host({"auditbeat/x": {"mode": "0777"}, "ssh/sshd_config": {"mode": "0644"}})
}

test_target_under_audit_counts if {
	count(stig120.deny) == 1 with input as _host({"my-rules": {"mode": "0644", "target": "audit/rules.d/x.rules"}})
}

test_disabled_entry_ignored if {
	count(stig120.deny) == 0 with input as _host({"audit/auditd.conf": {"enable": false, "mode": "0777"}})
}
