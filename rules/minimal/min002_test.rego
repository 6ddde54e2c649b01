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

# NixOS 25.05 declares GNOME only under services.xserver: the bridge puts
# the value there.
test_gnome_old_name_fires if {
	services := {"xserver": {"enable": false, "desktopManager": {"gnome": {"enable": true}}}}
	min002.deny == {{
		"path": "services.xserver.desktopManager.gnome.enable",
		"msg": "services.xserver.desktopManager.gnome.enable is true: a graphical desktop stack runs on a server",
		"fix": {"path": "services.xserver.desktopManager.gnome.enable", "value": false},
	}} with input as _host(services)
}

# NixOS 25.11: the value is under the new name, even when the flake still
# writes the old one.
test_gnome_new_name_fires if {
	services := {"xserver": {"enable": false}, "desktopManager": {"gnome": {"enable": true}}}
	min002.deny == {{
		"path": "services.desktopManager.gnome.enable",
		"msg": "services.desktopManager.gnome.enable is true: a graphical desktop stack runs on a server",
		"fix": {"path": "services.desktopManager.gnome.enable", "value": false},
	}} with input as _host(services)
}

# Both names in the document: GNOME is reported once, under the new name
# when it is on; a look-alike new name that is off cannot hide the old one.
test_gnome_both_names_reported_once if {
	on := {"xserver": {"desktopManager": {"gnome": {"enable": true}}}, "desktopManager": {"gnome": {"enable": true}}}
	{v.path | some v in min002.deny} == {"services.desktopManager.gnome.enable"} with input as _host(on)
	count(min002.deny) == 1 with input as _host(on)
	lookalike := {"xserver": {"desktopManager": {"gnome": {"enable": true}}}, "desktopManager": {"gnome": {"enable": false}}}
	{v.path | some v in min002.deny} == {"services.xserver.desktopManager.gnome.enable"} with input as _host(lookalike)
}

test_gnome_off_passes if {
	count(min002.deny) == 0 with input as _host({"xserver": {"enable": false, "desktopManager": {"gnome": {"enable": false}}}})
	count(min002.deny) == 0 with input as _host({"desktopManager": {"gnome": {"enable": false}}})
}

test_headless_passes if {
	count(min002.deny) == 0 with input as _host({"xserver": {"enable": false}})
}

test_module_absent_passes if {
	count(min002.deny) == 0 with input as {"config": {}, "defined": {}}
}
