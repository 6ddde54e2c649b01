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
