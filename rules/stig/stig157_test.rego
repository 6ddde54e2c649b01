package nixsec.rules.stig.stig157_test

import data.nixsec.rules.stig.stig157

_p := "services.openssh.settings.Macs"

_host(enable, settings, extra) := {
	"config": {"services": {"openssh": {
		"enable": enable,
		"settings": settings,
		"extraConfig": extra,
	}}},
	"defined": {},
}

test_nixos_default_fires if {
	stig157.deny == {{
		"path": _p,
		"msg": "sshd's MACs include hmac-sha2-512-etm@openssh.com, hmac-sha2-256-etm@openssh.com, umac-128-etm@openssh.com (NixOS default): the STIG allows only hmac-sha2-512 and hmac-sha2-256",
		"anchor": "services.openssh.enable",
		"fix": {"path": _p, "value": ["hmac-sha2-512", "hmac-sha2-256"]},
	}} with input as _host(true, {"Macs": ["hmac-sha2-512-etm@openssh.com", "hmac-sha2-256-etm@openssh.com", "umac-128-etm@openssh.com"]}, "")
}

test_stig_pair_passes if {
	count(stig157.deny) == 0 with input as _host(true, {"Macs": ["hmac-sha2-512", "hmac-sha2-256"]}, "")
}

test_one_of_pair_passes if {
	count(stig157.deny) == 0 with input as _host(true, {"Macs": ["hmac-sha2-256"]}, "")
}

test_empty_fires if {
	some v in stig157.deny with input as _host(true, {"Macs": []}, "")
	v.msg == "sshd's MACs list is empty: the STIG requires hmac-sha2-512 and hmac-sha2-256"
}

test_null_fires if {
	some v in stig157.deny with input as _host(true, {"Macs": null}, "")
	v.path == _p
}

test_extra_config_passes if {
	count(stig157.deny) == 0 with input as _host(true, {"Macs": null}, "MACs hmac-sha2-512,hmac-sha2-256\n")
}

test_sshd_off_not_applicable if {
	stig157.not_applicable with input as _host(false, {"Macs": null}, "")
	count(stig157.deny) == 0 with input as _host(false, {"Macs": null}, "")
}
