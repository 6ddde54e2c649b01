package nixsec.rules.stig.stig084_test

import data.nixsec.rules.stig.misclib
import data.nixsec.rules.stig.stig084

_new := "services.displayManager.gdm.banner"

_old := "services.xserver.displayManager.gdm.banner"

# NixOS 25.11+: GDM under services.displayManager.
_host_new(gdm_enable, banner) := {
	"host": "desk",
	"config": {"services": {
		"xserver": {"enable": false},
		"displayManager": {"enable": gdm_enable, "gdm": {"enable": gdm_enable, "banner": banner}},
	}},
	"defined": {},
}

# NixOS 25.05: GDM under services.xserver.displayManager.
_host_old(banner) := {
	"host": "desk",
	"config": {"services": {
		"xserver": {"enable": true, "displayManager": {"gdm": {"enable": true, "banner": banner}}},
		"displayManager": {"enable": true},
	}},
	"defined": {},
}

test_gdm_no_banner_fires if {
	stig084.deny == {{
		"path": _new,
		"msg": "services.displayManager.gdm.banner is null (NixOS default): GDM's login screen shows no DoD consent banner",
		"anchor": "services.displayManager.gdm.enable",
		"fix": {"path": _new, "value": misclib.dod_banner},
	}} with input as _host_new(true, null)
}

test_gdm_banner_passes if {
	count(stig084.deny) == 0 with input as _host_new(true, misclib.dod_banner)
}

test_old_name_fires_at_old_path if {
	some v in stig084.deny with input as _host_old("Hello")
	v.path == _old
	v.anchor == "services.xserver.displayManager.gdm.enable"
}

test_old_name_banner_passes if {
	count(stig084.deny) == 0 with input as _host_old(misclib.dod_banner)
}

test_other_display_manager_fires if {
	inp := {
		"config": {"services": {
			"xserver": {"enable": false},
			"displayManager": {"enable": true, "gdm": {"enable": false, "banner": null}, "sddm": {"enable": true}},
		}},
		"defined": {},
	}
	stig084.deny == {{
		"path": "services.displayManager.enable",
		"msg": "services.displayManager.enable is true but GDM is off: GDM's banner (services.displayManager.gdm.banner, the STIG's fix) is NixOS's only login-screen banner option, so no DoD consent banner is shown before the graphical session",
	}} with input as inp
}

test_headless_not_applicable if {
	stig084.not_applicable with input as _host_new(false, null)
	count(stig084.deny) == 0 with input as _host_new(false, null)
}

# A Wayland compositor enabled through its NixOS module needs no display
# manager: the host is graphical, and without GDM it has no banner. The
# host is 25.11+ (GDM's options under services.displayManager, off).
_compositor(extra) := {
	"config": object.union(
		{"services": {
			"xserver": {"enable": false},
			"displayManager": {"enable": false, "gdm": {"enable": false, "banner": null}},
		}},
		extra,
	),
	"defined": {},
}

_fires_via(p) := {{
	"path": p,
	"msg": sprintf("%s is true but GDM is off: GDM's banner (services.displayManager.gdm.banner, the STIG's fix) is NixOS's only login-screen banner option, so no DoD consent banner is shown before the graphical session", [p]),
}}

test_sway_fires if {
	inp := _compositor({"programs": {"sway": {"enable": true}}})
	stig084.deny == _fires_via("programs.sway.enable") with input as inp
	not stig084.not_applicable with input as inp
}

test_hyprland_fires if {
	stig084.deny == _fires_via("programs.hyprland.enable") with input as _compositor({"programs": {"hyprland": {"enable": true}}})
}

test_wayfire_fires if {
	stig084.deny == _fires_via("programs.wayfire.enable") with input as _compositor({"programs": {"wayfire": {"enable": true}}})
}

# river: programs.river-classic from 25.11, programs.river on 25.05 (the
# document holds the value under the name the host declares).
test_river_classic_fires if {
	stig084.deny == _fires_via("programs.river-classic.enable") with input as _compositor({"programs": {"river-classic": {"enable": true}}})
}

test_river_old_name_fires if {
	stig084.deny == _fires_via("programs.river.enable") with input as _compositor({"programs": {"river": {"enable": true}}})
}

test_niri_fires if {
	stig084.deny == _fires_via("programs.niri.enable") with input as _compositor({"programs": {"niri": {"enable": true}}})
}

test_labwc_fires if {
	stig084.deny == _fires_via("programs.labwc.enable") with input as _compositor({"programs": {"labwc": {"enable": true}}})
}

test_cage_fires if {
	stig084.deny == _fires_via("services.cage.enable") with input as _compositor({"services": {"cage": {"enable": true}}})
}

# A compositor module not listed by name that imports wayland-session.nix.
test_graphical_desktop_fires if {
	stig084.deny == _fires_via("services.graphical-desktop.enable") with input as _compositor({"services": {"graphical-desktop": {"enable": true}}})
}

# The compositor's own switch is named, not the catch-all its module also sets.
test_named_switch_before_graphical_desktop if {
	inp := _compositor({
		"programs": {"sway": {"enable": true}},
		"services": {"graphical-desktop": {"enable": true}},
	})
	stig084.deny == _fires_via("programs.sway.enable") with input as inp
}

test_compositor_with_gdm_banner_passes if {
	inp := {
		"config": {
			"programs": {"sway": {"enable": true}},
			"services": {"displayManager": {"enable": true, "gdm": {"enable": true, "banner": misclib.dod_banner}}},
		},
		"defined": {},
	}
	count(stig084.deny) == 0 with input as inp
}

test_compositors_off_not_applicable if {
	inp := _compositor({
		"programs": {
			"sway": {"enable": false}, "hyprland": {"enable": false}, "wayfire": {"enable": false},
			"river-classic": {"enable": false}, "niri": {"enable": false}, "labwc": {"enable": false},
		},
		"services": {"cage": {"enable": false}, "graphical-desktop": {"enable": false}},
	})
	stig084.not_applicable with input as inp
	count(stig084.deny) == 0 with input as inp
}

# The reason names every switch looked at.
test_not_applicable_names_switches if {
	r := stig084.not_applicable with input as _host_new(false, null)
	every p in [
		"services.xserver.enable", "services.displayManager.enable",
		"services.desktopManager.gnome.enable", "services.xserver.desktopManager.gnome.enable",
		"services.desktopManager.plasma6.enable", "programs.sway.enable", "programs.hyprland.enable",
		"programs.wayfire.enable", "programs.river-classic.enable", "programs.river.enable",
		"programs.niri.enable", "programs.labwc.enable", "services.cage.enable",
		"services.graphical-desktop.enable",
	] {
		contains(r, p)
	}
}
