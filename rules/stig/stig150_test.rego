package nixsec.rules.stig.stig150_test

import data.nixsec.rules.stig.stig150

_set := "services.timesyncd.settings.Time.PollIntervalMaxSec"

_extra := "services.timesyncd.extraConfig"

# Newer NixOS: settings.Time.
_host_settings(time) := {"config": {"services": {"timesyncd": {"enable": true, "settings": {"Time": time}}}}, "defined": {}}

# Older NixOS: extraConfig.
_host_extra(text) := {"config": {"services": {"timesyncd": {"enable": true, "extraConfig": text}}}, "defined": {}}

test_settings_unset_fires if {
	stig150.deny == {{
		"path": _set,
		"msg": "timesyncd's PollIntervalMaxSec is not set (default: 2048 s): the clock may go more than 60 s between checks",
		"anchor": "services.timesyncd.enable",
		"fix": {"path": _set, "value": 60},
	}} with input as _host_settings({"NTP": "0.nixos.pool.ntp.org"})
}

test_settings_60_passes if {
	count(stig150.deny) == 0 with input as _host_settings({"PollIntervalMaxSec": 60})
}

test_settings_180_fires if {
	some v in stig150.deny with input as _host_settings({"PollIntervalMaxSec": 180})
	v.msg == "timesyncd's PollIntervalMaxSec is 180: the clock may go more than 60 s between checks"
}

test_extra_passes if {
	count(stig150.deny) == 0 with input as _host_extra("PollIntervalMaxSec=60\n")
}

test_extra_unset_fires_without_fix if {
	stig150.deny == {{
		"path": _extra,
		"msg": "timesyncd's PollIntervalMaxSec is not set (default: 2048 s): the clock may go more than 60 s between checks",
		"anchor": "services.timesyncd.enable",
	}} with input as _host_extra("FallbackNTP=10.0.0.1\n")
}

# The last assignment wins.
test_extra_last_wins_fires if {
	count(stig150.deny) == 1 with input as _host_extra("PollIntervalMaxSec=60\nPollIntervalMaxSec=2048\n")
}

test_timesyncd_off_not_applicable if {
	inp := {"config": {"services": {"timesyncd": {"enable": false, "extraConfig": ""}}}, "defined": {}}
	stig150.not_applicable with input as inp
	count(stig150.deny) == 0 with input as inp
}
