# METADATA
# title: The host's time zone is not UTC
# description: |
#   Example Corp runs every server on UTC, so that logs, audit trails and
#   cron schedules line up across the fleet and across daylight saving time.
#   time.timeZone must be "UTC". When it is null (the NixOS default) the time
#   zone is whatever was set imperatively with timedatectl, which the
#   configuration does not record.
# custom:
#   id: ORG002
#   severity: low
#   options:
#     - time.timeZone
#   remediation: |
#     time.timeZone = "UTC";
#   references:
#     - https://search.nixos.org/options?query=time.timeZone
package nixsec.rules.org.org002

import data.nixsec.lib

_tz := ["time", "timeZone"]

deny contains v if {
	lib.has(_tz) # declared on every NixOS host
	tz := lib.cfg(_tz, null)
	tz != "UTC"
	v := {
		"path": lib.path(_tz),
		"msg": _msg(tz),
		"fix": {"path": lib.path(_tz), "value": "UTC"},
	}
}

_msg(null) := "time.timeZone is null (set imperatively, if at all), not \"UTC\""

_msg(tz) := sprintf("time.timeZone is %q, not \"UTC\"", [tz]) if tz != null
