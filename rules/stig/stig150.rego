# METADATA
# title: The clock is not resynchronized at least every 60 seconds
# description: |
#   systemd-timesyncd polls its server more and more rarely while the clock
#   stays in step, up to PollIntervalMaxSec (2048 s by default), so drift of
#   more than a second can go uncorrected for half an hour. The STIG
#   (V-268150, V1R1 check text) requires PollIntervalMaxSec=60 or less.
#   NixOS writes timesyncd.conf from services.timesyncd.extraConfig (free
#   text) on older releases and from services.timesyncd.settings.Time on
#   newer ones, which removed extraConfig
#   (nixos/modules/system/boot/timesyncd.nix). Not applicable when
#   timesyncd is off (V-268151 reports that).
# custom:
#   id: STIG150
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268150
#   options:
#     - services.timesyncd.enable
#     - services.timesyncd.settings.Time.PollIntervalMaxSec
#     - services.timesyncd.extraConfig
#   remediation: |
#     services.timesyncd.settings.Time.PollIntervalMaxSec = 60;
#     # older NixOS: services.timesyncd.extraConfig = "PollIntervalMaxSec=60";
#   references:
#     - https://preview.stighub.com/stig/Anduril%20NixOS%20Security%20Technical%20Implementation%20Guide
#     - https://www.freedesktop.org/software/systemd/man/latest/timesyncd.conf.html
package nixsec.rules.stig.stig150

import data.nixsec.lib
import data.nixsec.rules.stig.misclib

_settings := ["services", "timesyncd", "settings", "Time", "PollIntervalMaxSec"]

_extra := ["services", "timesyncd", "extraConfig"]

not_applicable := "systemd-timesyncd is off (services.timesyncd.enable is not true)" if {
	not lib.is_true(["services", "timesyncd", "enable"])
}

# The value timesyncd reads: settings.Time when the host declares it (the
# newer module), else the last PollIntervalMaxSec= line of extraConfig.
_poll := {"value": lib.cfg(_settings, null), "path": lib.path(_settings), "fix": true} if {
	lib.has(["services", "timesyncd", "settings"])
} else := {"value": misclib.ini_value(lib.cfg(_extra, ""), "PollIntervalMaxSec"), "path": lib.path(_extra), "fix": false} if {
	misclib.ini_value(lib.cfg(_extra, ""), "PollIntervalMaxSec")
} else := {"value": null, "path": lib.path(_extra), "fix": false}

_ok(v) if {
	s := misclib.seconds(v)
	s > 0
	s <= 60
}

deny contains v if {
	lib.is_true(["services", "timesyncd", "enable"])
	not _ok(_poll.value)
	v := object.union(
		{
			"path": _poll.path,
			"msg": sprintf("timesyncd's PollIntervalMaxSec is %s: the clock may go more than 60 s between checks", [_shown(_poll.value)]),
			"anchor": "services.timesyncd.enable",
		},
		_fix,
	)
}

_fix := {"fix": {"path": _poll.path, "value": 60}} if _poll.fix

_fix := {} if not _poll.fix

_shown(null) := "not set (default: 2048 s)"

_shown(v) := lib.show(v) if v != null
