package nixsec.rules.stig.stig146_test

import data.nixsec.rules.stig.stig146

_host(on) := {"config": {"networking": {"wireless": {"enable": on}}}, "defined": {}}

test_wireless_on_fires if {
	stig146.deny == {{
		"path": "networking.wireless.enable",
		"msg": "networking.wireless.enable is true: wpa_supplicant brings up wireless links",
		"fix": {"path": "networking.wireless.enable", "value": false},
	}} with input as _host(true)
}

test_wireless_off_passes if {
	count(stig146.deny) == 0 with input as _host(false)
}

test_absent_passes if {
	count(stig146.deny) == 0 with input as {"config": {}, "defined": {}}
}
