package nixsec.rules.stig.stig123_test

import data.nixsec.rules.stig.stig123

_host(etc) := {"host": "web", "config": {"environment": {"etc": etc}}, "defined": {}}

test_other_group_fires if {
	stig123.deny == {{
		"path": "environment.etc.\"audit/auditd.conf\".group",
		"msg": "/etc/audit/auditd.conf is copied with group \"wheel\", not root",
		"fix": {"path": "environment.etc.\"audit/auditd.conf\".group", "value": "root"},
	}} with input as _host({"audit/auditd.conf": {"mode": "0440", "group": "wheel", "gid": 0}})
}

test_root_spellings_pass if {
	count(stig123.deny) == 0 with input as _host({
		"audit/a": {"mode": "0440", "group": "root"},
		"audit/b": {"mode": "0440", "group": "+0"},
		"audit/c": {"mode": "0440", "group": null, "gid": 0},
	})
}

test_gid_fires_when_group_null if {
	some v in stig123.deny with input as _host({"audit/a": {"mode": "0440", "group": null, "gid": 100}})
	v.path == "environment.etc.\"audit/a\".gid"
}

test_symlink_ignored if {
	count(stig123.deny) == 0 with input as _host({"audit/a": {"group": "wheel"}})
}
