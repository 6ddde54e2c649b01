package nixsec.rules.services.svc001_test

import data.nixsec.rules.services.svc001

_host(enable) := {"host": "web", "config": {"services": {"printing": {"enable": enable}}}, "defined": {}}

test_enabled_fires if {
	svc001.deny == {{
		"path": "services.printing.enable",
		"msg": "services.printing.enable is true: CUPS runs on the host",
		"fix": {"path": "services.printing.enable", "value": false},
	}} with input as _host(true)
}

test_disabled_passes if {
	count(svc001.deny) == 0 with input as _host(false)
	count(svc001.deny) == 0 with input as _host(null)
}

test_module_absent_passes if {
	count(svc001.deny) == 0 with input as {"config": {}, "defined": {}}
}
