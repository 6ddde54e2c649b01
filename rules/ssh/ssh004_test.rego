package nixsec.rules.ssh.ssh004_test

import data.nixsec.rules.ssh.ssh004

_host(enable, settings) := {
	"host": "web",
	"config": {"services": {"openssh": {"enable": enable, "settings": settings}}},
	"defined": {},
}

test_both_null_fires if {
	ssh004.deny == {{
		"path": "services.openssh.settings.AllowUsers",
		"msg": "neither AllowUsers nor AllowGroups restricts SSH logins (AllowUsers is null, AllowGroups is null)",
		"anchor": "services.openssh.enable",
	}} with input as _host(true, {"AllowUsers": null, "AllowGroups": null})
}

test_empty_lists_fire if {
	some v in ssh004.deny with input as _host(true, {"AllowUsers": [], "AllowGroups": null})
	v.msg == "neither AllowUsers nor AllowGroups restricts SSH logins (AllowUsers is [ ], AllowGroups is null)"
}

test_keys_absent_fire if {
	count(ssh004.deny) == 1 with input as _host(true, {"PasswordAuthentication": false})
}

test_allow_users_passes if {
	count(ssh004.deny) == 0 with input as _host(true, {"AllowUsers": ["alice"], "AllowGroups": null})
}

test_allow_groups_passes if {
	count(ssh004.deny) == 0 with input as _host(true, {"AllowUsers": null, "AllowGroups": ["ssh-users"]})
}

test_sshd_disabled_passes if {
	count(ssh004.deny) == 0 with input as _host(false, {"AllowUsers": null, "AllowGroups": null})
}

test_module_absent_passes if {
	count(ssh004.deny) == 0 with input as {"config": {}, "defined": {}}
}
