package nixsec.rules.ssh.ssh003_test

import data.nixsec.rules.ssh.ssh003

_p := "services.openssh.settings.KbdInteractiveAuthentication"

_host(enable, kbd, defined) := {
	"host": "web",
	"config": {"services": {"openssh": {"enable": enable, "settings": {"KbdInteractiveAuthentication": kbd}}}},
	"defined": defined,
}

test_default_true_fires if {
	ssh003.deny == {{
		"path": _p,
		"msg": "KbdInteractiveAuthentication is true (NixOS default)",
		"anchor": "services.openssh.enable",
		"fix": {"path": _p, "value": false},
	}} with input as _host(true, true, {})
}

test_defined_true_fires if {
	some v in ssh003.deny with input as _host(true, true, {_p: true})
	v.msg == "KbdInteractiveAuthentication is true"
}

test_null_fires if {
	some v in ssh003.deny with input as _host(true, null, {_p: true})
	v.msg == "KbdInteractiveAuthentication is null (OpenSSH default: yes)"
}

# services.openssh.challengeResponseAuthentication = false (two renames old)
# arrives as false at the new path.
test_old_name_false_passes if {
	count(ssh003.deny) == 0 with input as _host(true, false, {_p: true, "services.openssh.challengeResponseAuthentication": true})
}

test_sshd_disabled_passes if {
	count(ssh003.deny) == 0 with input as _host(false, true, {})
}

test_module_absent_passes if {
	count(ssh003.deny) == 0 with input as {"config": {"networking": {"firewall": {"enable": true}}}, "defined": {}}
}

# A second factor behind a public key: keyboard-interactive is only the
# PAM code prompt, never a password prompt on its own.
test_publickey_then_kbd_interactive_passes if {
	count(ssh003.deny) == 0 with input as {"config": {"services": {"openssh": {
		"enable": true,
		"settings": {"KbdInteractiveAuthentication": true, "AuthenticationMethods": "publickey,keyboard-interactive"},
	}}}}
}

test_one_alternative_without_publickey_fires if {
	count(ssh003.deny) == 1 with input as {"config": {"services": {"openssh": {
		"enable": true,
		"settings": {"KbdInteractiveAuthentication": true, "AuthenticationMethods": "publickey,keyboard-interactive keyboard-interactive"},
	}}}}
}
