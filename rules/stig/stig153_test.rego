package nixsec.rules.stig.stig153_test

import data.nixsec.rules.stig.stig153

test_no_unit_fires if {
	stig153.deny == {{
		"path": "systemd.services.aide",
		"msg": "no systemd.services.aide unit: nothing checks the file system against an AIDE baseline or alerts on changes",
	}} with input as {"config": {"systemd": {"services": {"sshd": {"enable": true}}}}, "defined": {}}
}

test_unit_passes if {
	count(stig153.deny) == 0 with input as {"config": {"systemd": {"services": {"aide": {"enable": true, "script": "aide --check"}}}}, "defined": {}}
}

test_disabled_unit_fires if {
	stig153.deny == {{
		"path": "systemd.services.aide.enable",
		"msg": "systemd.services.aide.enable is false: the AIDE check never runs",
		"fix": {"path": "systemd.services.aide.enable", "value": true},
	}} with input as {"config": {"systemd": {"services": {"aide": {"enable": false}}}}, "defined": {}}
}
