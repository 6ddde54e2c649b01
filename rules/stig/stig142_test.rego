package nixsec.rules.stig.stig142_test

import data.nixsec.rules.stig.stig142

_p := "services.openssh.settings.ClientAliveInterval"

_host(enable, settings, extra) := {
	"config": {"services": {"openssh": {
		"enable": enable,
		"settings": settings,
		"extraConfig": extra,
	}}},
	"defined": {},
}

test_missing_fires if {
	stig142.deny == {{
		"path": _p,
		"msg": "sshd_config sets no ClientAliveInterval (OpenSSH default 0: no keep-alives), so unresponsive SSH sessions stay open",
		"anchor": "services.openssh.enable",
		"fix": {"path": _p, "value": 600},
	}} with input as _host(true, {"UsePAM": true}, "")
}

test_600_passes if {
	count(stig142.deny) == 0 with input as _host(true, {"ClientAliveInterval": 600}, "")
}

test_too_long_fires if {
	stig142.deny == {{
		"path": _p,
		"msg": "ClientAliveInterval is 900: unresponsive SSH sessions are not dropped within 10 minutes (600 s)",
		"anchor": "services.openssh.enable",
		"fix": {"path": _p, "value": 600},
	}} with input as _host(true, {"ClientAliveInterval": 900}, "")
}

test_zero_fires if {
	count(stig142.deny) == 1 with input as _host(true, {"ClientAliveInterval": 0}, "")
}

test_extra_config_passes if {
	count(stig142.deny) == 0 with input as _host(true, {}, "ClientAliveInterval 300\n")
}

test_extra_config_too_long_fires_without_fix if {
	some v in stig142.deny with input as _host(true, {}, "ClientAliveInterval 3600\n")
	v.path == "services.openssh.extraConfig"
	not v.fix
}

test_sshd_off_not_applicable if {
	stig142.not_applicable with input as _host(false, {}, "")
	count(stig142.deny) == 0 with input as _host(false, {}, "")
}
