package nixsec.rules.ssh.ssh001_test

import data.nixsec.rules.ssh.ssh001

_p := "services.openssh.settings.PasswordAuthentication"

_host(enable, pa, defined) := {
	"host": "web",
	"config": {"services": {"openssh": {"enable": enable, "settings": {"PasswordAuthentication": pa}}}},
	"defined": defined,
}

test_default_true_fires if {
	ssh001.deny == {{
		"path": _p,
		"msg": "PasswordAuthentication is true (NixOS default)",
		"anchor": "services.openssh.enable",
		"fix": {"path": _p, "value": false},
	}} with input as _host(true, true, {"services.openssh.enable": true})
}

test_defined_true_fires_without_default_note if {
	some v in ssh001.deny with input as _host(true, true, {_p: true})
	v.msg == "PasswordAuthentication is true"
}

# An old-name definition (services.openssh.passwordAuthentication = true)
# arrives as the value of the new path.
test_old_name_value_at_new_path_fires if {
	count(ssh001.deny) == 1 with input as _host(true, true, {_p: true, "services.openssh.passwordAuthentication": true})
}

test_null_fires_with_openssh_default if {
	some v in ssh001.deny with input as _host(true, null, {_p: true})
	v.msg == "PasswordAuthentication is null (OpenSSH default: yes)"
}

test_false_passes if {
	count(ssh001.deny) == 0 with input as _host(true, false, {_p: true})
}

test_sshd_disabled_passes if {
	count(ssh001.deny) == 0 with input as _host(false, true, {})
}

test_module_absent_passes if {
	count(ssh001.deny) == 0 with input as {"host": "web", "config": {}, "defined": {}}
}

test_setting_absent_passes if {
	count(ssh001.deny) == 0 with input as {"config": {"services": {"openssh": {"enable": true}}}, "defined": {}}
}
