package nixsec.rules.stig.stig176_test

import data.nixsec.rules.stig.stig176

_p := "services.openssh.settings.UsePAM"

_host(enable, settings, extra) := {
	"config": {"services": {"openssh": {
		"enable": enable,
		"settings": settings,
		"extraConfig": extra,
	}}},
	"defined": {_p: true},
}

test_default_true_passes if {
	count(stig176.deny) == 0 with input as _host(true, {"UsePAM": true}, "")
}

test_false_fires if {
	stig176.deny == {{
		"path": _p,
		"msg": "UsePAM is false: sshd authenticates without PAM and its policies",
		"anchor": "services.openssh.enable",
		"fix": {"path": _p, "value": true},
	}} with input as _host(true, {"UsePAM": false}, "")
}

test_null_fires if {
	stig176.deny == {{
		"path": _p,
		"msg": "sshd_config has no UsePAM line (services.openssh.settings.UsePAM is null; OpenSSH default: no): sshd authenticates without PAM",
		"anchor": "services.openssh.enable",
		"fix": {"path": _p, "value": true},
	}} with input as _host(true, {"UsePAM": null}, "")
}

test_null_with_extra_yes_passes if {
	count(stig176.deny) == 0 with input as _host(true, {"UsePAM": null}, "UsePAM yes\n")
}

test_sshd_off_not_applicable if {
	stig176.not_applicable with input as _host(false, {"UsePAM": false}, "")
	count(stig176.deny) == 0 with input as _host(false, {"UsePAM": false}, "")
}
