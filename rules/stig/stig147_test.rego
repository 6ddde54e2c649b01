package nixsec.rules.stig.stig147_test

import data.nixsec.rules.stig.stig147

_host(on) := {"config": {"hardware": {"bluetooth": {"enable": on}}}, "defined": {}}

test_bluetooth_on_fires if {
	stig147.deny == {{
		"path": "hardware.bluetooth.enable",
		"msg": "hardware.bluetooth.enable is true: BlueZ runs and accepts pairing",
		"fix": {"path": "hardware.bluetooth.enable", "value": false},
	}} with input as _host(true)
}

test_bluetooth_off_passes if {
	count(stig147.deny) == 0 with input as _host(false)
}

test_absent_passes if {
	count(stig147.deny) == 0 with input as {"config": {}, "defined": {}}
}
