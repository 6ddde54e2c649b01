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
		"msg": "services.displayManager.enable is true but GDM is off: NixOS has no login-screen banner option for other display managers (the STIG's fix is services.displayManager.gdm.banner), so no DoD consent banner is shown",
	}} with input as inp
}

test_headless_not_applicable if {
	stig084.not_applicable with input as _host_new(false, null)
	count(stig084.deny) == 0 with input as _host_new(false, null)
}
