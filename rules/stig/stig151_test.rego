package nixsec.rules.stig.stig151_test

import data.nixsec.rules.stig.stig151

_p := "services.timesyncd.enable"

_host(on, defined) := {"config": {"services": {"timesyncd": {"enable": on}}}, "defined": defined}

test_off_fires if {
	stig151.deny == {{
		"path": _p,
		"msg": "services.timesyncd.enable is false: the clock is not synchronized",
		"fix": {"path": _p, "value": true},
	}} with input as _host(false, {_p: true})
}

# A container's default is off.
test_container_default_fires if {
	some v in stig151.deny with input as _host(false, {})
	v.msg == "services.timesyncd.enable is false (NixOS default): the clock is not synchronized"
}

test_on_passes if {
	count(stig151.deny) == 0 with input as _host(true, {})
}
