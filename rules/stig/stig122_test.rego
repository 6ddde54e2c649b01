package nixsec.rules.stig.stig122_test

import data.nixsec.rules.stig.stig122

_host(etc) := {"host": "web", "config": {"environment": {"etc": etc}}, "defined": {}}

test_other_user_fires if {
	stig122.deny == {{
		"path": "environment.etc.\"audit/auditd.conf\".user",
		"msg": "/etc/audit/auditd.conf is copied with owner \"alice\", not root",
		"fix": {"path": "environment.etc.\"audit/auditd.conf\".user", "value": "root"},
	}} with input as _host({"audit/auditd.conf": {"mode": "0440", "user": "alice", "uid": 0}})
}

test_root_spellings_pass if {
	count(stig122.deny) == 0 with input as _host({
		"audit/a": {"mode": "0440", "user": "root"},
		"audit/b": {"mode": "0440", "user": "+0", "uid": 0},
		"audit/c": {"mode": "0440", "user": null, "uid": null},
	})
}

test_uid_fires_when_user_null if {
	some v in stig122.deny with input as _host({"audit/a": {"mode": "0440", "user": null, "uid": 1000}})
	v.path == "environment.etc.\"audit/a\".uid"
	v.fix.path == "environment.etc.\"audit/a\".user"
}

test_symlink_ignored if {
	count(stig122.deny) == 0 with input as _host({"audit/a": {"mode": "symlink", "user": "alice"}})
}
