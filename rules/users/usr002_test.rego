package nixsec.rules.users.usr002_test

import data.nixsec.rules.users.usr002

_host(security, defined) := {"host": "web", "config": {"security": security}, "defined": defined}

test_default_fires if {
	usr002.deny == {{
		"path": "security.sudo.execWheelOnly",
		"msg": "security.sudo.execWheelOnly is false (NixOS default): every local user can run the setuid sudo binary",
		"fix": {"path": "security.sudo.execWheelOnly", "value": true},
	}} with input as _host({"sudo": {"enable": true, "execWheelOnly": false}}, {})
}

test_defined_false_without_note if {
	some v in usr002.deny with input as _host({"sudo": {"enable": true, "execWheelOnly": false}}, {"security.sudo.execWheelOnly": true})
	v.msg == "security.sudo.execWheelOnly is false: every local user can run the setuid sudo binary"
}

test_true_passes if {
	count(usr002.deny) == 0 with input as _host({"sudo": {"enable": true, "execWheelOnly": true}}, {})
}

test_sudo_disabled_passes if {
	count(usr002.deny) == 0 with input as _host({"sudo": {"enable": false, "execWheelOnly": false}}, {})
}

test_sudo_rs if {
	security := {"sudo": {"enable": false, "execWheelOnly": false}, "sudo-rs": {"enable": true, "execWheelOnly": false}}
	paths := {v.path | some v in usr002.deny} with input as _host(security, {})
	paths == {"security.sudo-rs.execWheelOnly"}
}

test_module_absent_passes if {
	count(usr002.deny) == 0 with input as {"config": {}, "defined": {}}
}
