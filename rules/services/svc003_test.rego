package nixsec.rules.services.svc003_test

import data.nixsec.rules.services.svc003

_host(enable, open) := {"host": "nas", "config": {"services": {"samba": {"enable": enable, "openFirewall": open}}}, "defined": {}}

test_open_firewall_fires if {
	svc003.deny == {{
		"path": "services.samba.openFirewall",
		"msg": "services.samba.openFirewall is true: SMB ports 139 and 445 are open on every interface",
		"fix": {"path": "services.samba.openFirewall", "value": false},
	}} with input as _host(true, true)
}

test_closed_passes if {
	count(svc003.deny) == 0 with input as _host(true, false)
}

test_samba_disabled_passes if {
	count(svc003.deny) == 0 with input as _host(false, true)
}

test_module_absent_passes if {
	count(svc003.deny) == 0 with input as {"config": {}, "defined": {}}
}
