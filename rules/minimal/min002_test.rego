package nixsec.rules.minimal.min002_test

import data.nixsec.rules.minimal.min002

_host(services) := {"host": "web", "config": {"services": services}, "defined": {}}

test_xserver_fires if {
	min002.deny == {{
		"path": "services.xserver.enable",
		"msg": "services.xserver.enable is true: a graphical desktop stack runs on a server",
		"fix": {"path": "services.xserver.enable", "value": false},
	}} with input as _host({"xserver": {"enable": true}})
}

test_wayland_desktops_fire if {
	services := {"xserver": {"enable": false}, "desktopManager": {"plasma6": {"enable": true}, "gnome": {"enable": true}}}
	paths := {v.path | some v in min002.deny} with input as _host(services)
	paths == {
		"services.desktopManager.plasma6.enable",
		"services.desktopManager.gnome.enable",
	}
}

test_headless_passes if {
	count(min002.deny) == 0 with input as _host({"xserver": {"enable": false}})
}

test_module_absent_passes if {
	count(min002.deny) == 0 with input as {"config": {}, "defined": {}}
}
