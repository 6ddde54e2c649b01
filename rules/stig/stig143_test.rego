package nixsec.rules.stig.stig143_test

import data.nixsec.rules.stig.stig143

_p := "services.openssh.settings.ClientAliveCountMax"

_host(enable, settings, extra) := {
	"config": {"services": {"openssh": {
		"enable": enable,
		"settings": settings,
		"extraConfig": extra,
	}}},
	"defined": {},
}

test_missing_fires if {
	stig143.deny == {{
		"path": _p,
		"msg": "sshd_config sets no ClientAliveCountMax (OpenSSH default: 3); the STIG requires 1",
		"anchor": "services.openssh.enable",
		"fix": {"path": _p, "value": 1},
	}} with input as _host(true, {}, "")
}

test_one_passes if {
	count(stig143.deny) == 0 with input as _host(true, {"ClientAliveCountMax": 1}, "")
}

test_three_fires if {
	stig143.deny == {{
		"path": _p,
		"msg": "ClientAliveCountMax is 3: the STIG requires 1",
		"anchor": "services.openssh.enable",
		"fix": {"path": _p, "value": 1},
	}} with input as _host(true, {"ClientAliveCountMax": 3}, "")
}

test_extra_config_passes if {
	count(stig143.deny) == 0 with input as _host(true, {}, "ClientAliveCountMax 1\n")
}

test_match_block_fires if {
	some v in stig143.deny with input as _host(true, {"ClientAliveCountMax": 1}, "Match Address 10.0.0.0/8\n  ClientAliveCountMax 5\n")
	v.path == "services.openssh.extraConfig"
}

test_sshd_off_not_applicable if {
	stig143.not_applicable with input as _host(false, {}, "")
	count(stig143.deny) == 0 with input as _host(false, {}, "")
}
