package nixsec.rules.usb.usb001_test

import data.nixsec.rules.usb.usb001

_p := "services.usbguard.enable"

_host(enable, defined) := {"host": "laptop", "config": {"services": {"usbguard": {"enable": enable}}}, "defined": defined}

test_default_false_fires if {
	usb001.deny == {{
		"path": _p,
		"msg": "services.usbguard.enable is false (NixOS default): every USB device plugged in is trusted",
		"fix": {"path": _p, "value": true},
	}} with input as _host(false, {})
}

test_defined_false_fires_without_note if {
	some v in usb001.deny with input as _host(false, {_p: true})
	v.msg == "services.usbguard.enable is false: every USB device plugged in is trusted"
}

test_enabled_passes if {
	count(usb001.deny) == 0 with input as _host(true, {_p: true})
}

test_module_absent_passes if {
	count(usb001.deny) == 0 with input as {"config": {}, "defined": {}}
}
