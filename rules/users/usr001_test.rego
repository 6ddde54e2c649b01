package nixsec.rules.users.usr001_test

import data.nixsec.rules.users.usr001

_host(security) := {"host": "web", "config": {"security": security}, "defined": {}}

test_no_password_fires if {
	usr001.deny == {{
		"path": "security.sudo.wheelNeedsPassword",
		"msg": "security.sudo.wheelNeedsPassword is false: every wheel member runs commands as root without a password",
		"fix": {"path": "security.sudo.wheelNeedsPassword", "value": true},
	}} with input as _host({"sudo": {"enable": true, "wheelNeedsPassword": false}})
}

test_password_needed_passes if {
	count(usr001.deny) == 0 with input as _host({"sudo": {"enable": true, "wheelNeedsPassword": true}})
}

test_sudo_disabled_passes if {
	count(usr001.deny) == 0 with input as _host({"sudo": {"enable": false, "wheelNeedsPassword": false}})
}

test_sudo_rs if {
	security := {
		"sudo": {"enable": false, "wheelNeedsPassword": true},
		"sudo-rs": {"enable": true, "wheelNeedsPassword": false},
	}
	some v in usr001.deny with input as _host(security)
	v.path == "security.sudo-rs.wheelNeedsPassword"
	count(usr001.deny) == 1 with input as _host(security)
}

test_module_absent_passes if {
	count(usr001.deny) == 0 with input as {"config": {}, "defined": {}}
}
