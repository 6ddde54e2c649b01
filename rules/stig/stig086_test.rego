package nixsec.rules.stig.stig086_test

import data.nixsec.rules.stig.stig086

_action := "services.logind.settings.Login.IdleAction"

_sec := "services.logind.settings.Login.IdleActionSec"

_host(login) := {
	"config": {"services": {
		"xserver": {"enable": true},
		"logind": {"settings": {"Login": login}},
	}},
	"defined": {},
}

_host_extra(text) := {
	"config": {"services": {
		"displayManager": {"enable": true},
		"logind": {"extraConfig": text},
	}},
	"defined": {},
}

test_defaults_fire if {
	stig086.deny == {
		{
			"path": _action,
			"msg": "logind's IdleAction is not set (logind default: ignore): idle sessions are never locked",
			"fix": {"path": _action, "value": "lock"},
		},
		{
			"path": _sec,
			"msg": "logind's IdleActionSec is not set (logind default: 30min): more than 10 minutes (600 s) idle before the session locks",
			"fix": {"path": _sec, "value": 600},
		},
	} with input as _host({})
}

test_lock_600_passes if {
	count(stig086.deny) == 0 with input as _host({"IdleAction": "lock", "IdleActionSec": 600})
}

test_lock_10min_string_passes if {
	count(stig086.deny) == 0 with input as _host({"IdleAction": "lock", "IdleActionSec": "10min"})
}

test_too_long_fires if {
	some v in stig086.deny with input as _host({"IdleAction": "lock", "IdleActionSec": "20min"})
	v.path == _sec
	v.msg == "logind's IdleActionSec is \"20min\": more than 10 minutes (600 s) idle before the session locks"
}

test_suspend_fires if {
	some v in stig086.deny with input as _host({"IdleAction": "suspend", "IdleActionSec": 300})
	v.path == _action
}

# Older NixOS: logind.conf lines in services.logind.extraConfig.
test_extra_config_passes if {
	count(stig086.deny) == 0 with input as _host_extra("IdleAction=lock\nIdleActionSec=600\n")
}

test_extra_config_fires_without_fix if {
	stig086.deny == {{
		"path": "services.logind.extraConfig",
		"msg": "logind's IdleActionSec is not set (logind default: 30min): more than 10 minutes (600 s) idle before the session locks",
	}} with input as _host_extra("IdleAction=lock\n")
}

test_headless_not_applicable if {
	inp := {"config": {"services": {"xserver": {"enable": false}, "displayManager": {"enable": false}}}, "defined": {}}
	stig086.not_applicable with input as inp
	count(stig086.deny) == 0 with input as inp
}

# A Wayland compositor enabled through its NixOS module is a graphical
# session without any display manager: with logind's defaults (no
# IdleAction, no IdleActionSec) its idle sessions are never locked. NixOS
# 25.11+ (services.logind.settings declared, Login empty).
_compositor(extra) := {
	"config": object.union(
		{"services": {
			"xserver": {"enable": false},
			"displayManager": {"enable": false},
			"logind": {"settings": {"Login": {}}},
		}},
		extra,
	),
	"defined": {},
}

_defaults_fire := {
	{
		"path": _action,
		"msg": "logind's IdleAction is not set (logind default: ignore): idle sessions are never locked",
		"fix": {"path": _action, "value": "lock"},
	},
	{
		"path": _sec,
		"msg": "logind's IdleActionSec is not set (logind default: 30min): more than 10 minutes (600 s) idle before the session locks",
		"fix": {"path": _sec, "value": 600},
	},
}

test_sway_without_lock_fires if {
	inp := _compositor({"programs": {"sway": {"enable": true}}})
	stig086.deny == _defaults_fire with input as inp
	not stig086.not_applicable with input as inp
}

test_hyprland_without_lock_fires if {
	stig086.deny == _defaults_fire with input as _compositor({"programs": {"hyprland": {"enable": true}}})
}

test_wayfire_without_lock_fires if {
	stig086.deny == _defaults_fire with input as _compositor({"programs": {"wayfire": {"enable": true}}})
}

test_river_classic_without_lock_fires if {
	stig086.deny == _defaults_fire with input as _compositor({"programs": {"river-classic": {"enable": true}}})
}

# NixOS 25.05: programs.river, logind.conf lines in extraConfig.
test_river_old_name_without_lock_fires if {
	inp := {
		"config": {
			"programs": {"river": {"enable": true}},
			"services": {"logind": {"extraConfig": ""}},
		},
		"defined": {},
	}
	stig086.deny == {
		{
			"path": "services.logind.extraConfig",
			"msg": "logind's IdleAction is not set (logind default: ignore): idle sessions are never locked",
		},
		{
			"path": "services.logind.extraConfig",
			"msg": "logind's IdleActionSec is not set (logind default: 30min): more than 10 minutes (600 s) idle before the session locks",
		},
	} with input as inp
}

test_niri_without_lock_fires if {
	stig086.deny == _defaults_fire with input as _compositor({"programs": {"niri": {"enable": true}}})
}

test_labwc_without_lock_fires if {
	stig086.deny == _defaults_fire with input as _compositor({"programs": {"labwc": {"enable": true}}})
}

test_cage_without_lock_fires if {
	stig086.deny == _defaults_fire with input as _compositor({"services": {"cage": {"enable": true}}})
}

test_graphical_desktop_without_lock_fires if {
	stig086.deny == _defaults_fire with input as _compositor({"services": {"graphical-desktop": {"enable": true}}})
}

test_sway_with_lock_passes if {
	inp := _compositor({
		"programs": {"sway": {"enable": true}},
		"services": {"logind": {"settings": {"Login": {"IdleAction": "lock", "IdleActionSec": 600}}}},
	})
	count(stig086.deny) == 0 with input as inp
}

test_compositors_off_not_applicable if {
	inp := _compositor({
		"programs": {
			"sway": {"enable": false}, "hyprland": {"enable": false}, "wayfire": {"enable": false},
			"river-classic": {"enable": false}, "niri": {"enable": false}, "labwc": {"enable": false},
		},
		"services": {"cage": {"enable": false}, "graphical-desktop": {"enable": false}},
	})
	stig086.not_applicable with input as inp
	count(stig086.deny) == 0 with input as inp
}
