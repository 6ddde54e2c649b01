package nixsec.rules.mac.mac002_test

import data.nixsec.rules.mac.mac002

_p := "security.apparmor.killUnconfinedConfinables"

_host(apparmor, defined) := {"host": "web", "config": {"security": {"apparmor": apparmor}}, "defined": defined}

test_false_fires if {
	mac002.deny == {{
		"path": _p,
		"msg": "killUnconfinedConfinables is false",
		"fix": {"path": _p, "value": true},
	}} with input as _host({"enable": true, "killUnconfinedConfinables": false}, {_p: true})
}

test_default_false_fires_with_note if {
	some v in mac002.deny with input as _host({"enable": true, "killUnconfinedConfinables": false}, {})
	v.msg == "killUnconfinedConfinables is false (NixOS default)"
}

test_true_passes if {
	count(mac002.deny) == 0 with input as _host({"enable": true, "killUnconfinedConfinables": true}, {})
}

test_apparmor_off_passes if {
	count(mac002.deny) == 0 with input as _host({"enable": false, "killUnconfinedConfinables": false}, {})
}

test_module_absent_passes if {
	count(mac002.deny) == 0 with input as {"config": {}, "defined": {}}
}
