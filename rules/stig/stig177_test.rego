package nixsec.rules.stig.stig177_test

import data.nixsec.rules.stig.stig177

_p := "security.pam.p11.enable"

_host(enable, defined) := {"host": "web", "config": {"security": {"pam": {"p11": {"enable": enable, "control": "sufficient"}}}}, "defined": defined}

test_default_off_fires if {
	stig177.deny == {{
		"path": _p,
		"msg": "security.pam.p11.enable is false (NixOS default): no login can require a smart card or PKCS#11 token",
		"fix": {"path": _p, "value": true},
	}} with input as _host(false, {})
}

test_defined_off_fires if {
	some v in stig177.deny with input as _host(false, {_p: true})
	v.msg == "security.pam.p11.enable is false: no login can require a smart card or PKCS#11 token"
}

test_enabled_passes if {
	count(stig177.deny) == 0 with input as _host(true, {_p: true})
}

test_option_absent_passes if {
	count(stig177.deny) == 0 with input as {"host": "web", "config": {"security": {}}, "defined": {}}
}
