package nixsec.rules.usb.usb002_test

import data.nixsec.rules.usb.usb002

_host(usbguard) := {"host": "laptop", "config": {"services": {"usbguard": usbguard}}, "defined": {}}

test_allow_target_fires if {
	usb002.deny == {{
		"path": "services.usbguard.implicitPolicyTarget",
		"msg": "implicitPolicyTarget is \"allow\": every device no rule matches is authorized",
		"fix": {"path": "services.usbguard.implicitPolicyTarget", "value": "block"},
	}} with input as _host({"enable": true, "implicitPolicyTarget": "allow", "rules": null})
}

test_block_and_reject_pass if {
	count(usb002.deny) == 0 with input as _host({"enable": true, "implicitPolicyTarget": "block", "rules": null})
	count(usb002.deny) == 0 with input as _host({"enable": true, "implicitPolicyTarget": "reject"})
}

test_allow_all_rule_fires if {
	rules := "allow id 1d6b:0002 serial \"0000:00:14.0\"\n  allow  \nblock"
	usb002.deny == {{
		"path": "services.usbguard.rules",
		"msg": "the rule \"allow\" allows every USB device",
	}} with input as _host({"enable": true, "implicitPolicyTarget": "block", "rules": rules})
}

test_allow_any_id_fires if {
	some v in usb002.deny with input as _host({"enable": true, "implicitPolicyTarget": "block", "rules": "allow id *:*\n"})
	v.msg == "the rule \"allow id *:*\" allows every USB device"
}

test_specific_rules_pass if {
	rules := "allow id 1d6b:0002\nallow id 046d:* with-interface 03:*:*\n# allow\nreject"
	count(usb002.deny) == 0 with input as _host({"enable": true, "implicitPolicyTarget": "block", "rules": rules})
}

test_both_findings if {
	count(usb002.deny) == 2 with input as _host({"enable": true, "implicitPolicyTarget": "allow", "rules": "allow"})
}

test_disabled_passes if {
	count(usb002.deny) == 0 with input as _host({"enable": false, "implicitPolicyTarget": "allow", "rules": "allow"})
}

test_module_absent_passes if {
	count(usb002.deny) == 0 with input as {"config": {}, "defined": {}}
}
