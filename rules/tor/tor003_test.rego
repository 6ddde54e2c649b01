package nixsec.rules.tor.tor003_test

import data.nixsec.rules.tor.tor003

_p := "services.tor.torsocks.allowInbound"

_host(enable, inbound) := {
	"host": "laptop",
	"config": {"services": {"tor": {"torsocks": {"enable": enable, "allowInbound": inbound}}}},
	"defined": {_p: true},
}

test_allow_inbound_fires if {
	tor003.deny == {{
		"path": _p,
		"msg": "services.tor.torsocks.allowInbound is true: programs run under torsocks accept connections outside Tor",
		"fix": {"path": _p, "value": false},
	}} with input as _host(true, true)
}

test_false_passes if {
	count(tor003.deny) == 0 with input as _host(true, false)
}

test_torsocks_disabled_passes if {
	count(tor003.deny) == 0 with input as _host(false, true)
}

test_module_absent_passes if {
	count(tor003.deny) == 0 with input as {"config": {}, "defined": {}}
}
