package nixsec.rules.firewall.fw005_test

import data.nixsec.rules.firewall.fw005

_p := "networking.firewall.checkReversePath"

_host(firewall, defined) := {"host": "web", "config": {"networking": {"firewall": firewall}}, "defined": defined}

test_false_fires if {
	fw005.deny == {{
		"path": _p,
		"msg": "checkReversePath is false",
		"fix": {"path": _p, "value": "loose"},
	}} with input as _host({"enable": true, "checkReversePath": false}, {_p: true})
}

test_module_default_false_fires_with_note if {
	some v in fw005.deny with input as _host({"enable": true, "checkReversePath": false}, {})
	v.msg == "checkReversePath is false (NixOS default)"
}

test_true_strict_loose_pass if {
	count(fw005.deny) == 0 with input as _host({"enable": true, "checkReversePath": true}, {})
	count(fw005.deny) == 0 with input as _host({"enable": true, "checkReversePath": "strict"}, {})
	count(fw005.deny) == 0 with input as _host({"enable": true, "checkReversePath": "loose"}, {})
}

test_firewall_disabled_passes if {
	count(fw005.deny) == 0 with input as _host({"enable": false, "checkReversePath": false}, {})
}

test_module_absent_passes if {
	count(fw005.deny) == 0 with input as {"config": {}, "defined": {}}
}
