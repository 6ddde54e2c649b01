package nixsec.rules.stig.stig159_test

import data.nixsec.rules.stig.stig159

_p := "services.openssh.enable"

test_default_off_fires if {
	stig159.deny == {{
		"path": _p,
		"msg": "services.openssh.enable is false (NixOS default): sshd does not run",
		"fix": {"path": _p, "value": true},
	}} with input as {"config": {"services": {"openssh": {"enable": false}}}, "defined": {}}
}

test_on_passes if {
	count(stig159.deny) == 0 with input as {"config": {"services": {"openssh": {"enable": true}}}, "defined": {_p: true}}
}

# services.sshd.enable (alias) arrives at services.openssh.enable.
test_disabled_by_alias_fires if {
	some v in stig159.deny with input as {"config": {"services": {"openssh": {"enable": false}}}, "defined": {_p: true, "services.sshd.enable": true}}
	v.msg == "services.openssh.enable is false: sshd does not run"
}
