# METADATA
# title: Passwords never have to be changed within 60 days
# description: |
#   PASS_MAX_DAYS is how long a password of an account created after it is
#   set stays valid. Without a limit a stolen password keeps working until
#   someone changes it. The STIG requires PASS_MAX_DAYS 60 in /etc/login.defs.
#   The V1R1 check text calls a value "less than 60" a finding, which
#   contradicts its own title (a 60-day maximum); the rule reports a value
#   above 60, 0 or below, and a missing or commented-out line. NixOS sets no
#   PASS_MAX_DAYS. Existing accounts keep the maximum stored in /etc/shadow
#   (chage). Facts from the V1R1 check text; no V1R2 page was found.
#   NixOS renders /etc/login.defs from security.loginDefs.settings
#   (programs/shadow.nix, NixOS 23.11 and later) as "KEY value" lines; a
#   host that replaces the file with environment.etc."login.defs".text (with
#   mkForce, as several STIG write-ups do) is read from that text instead, and
#   a file given as another source is reported as unverifiable.
# custom:
#   id: STIG133
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268133
#   options:
#     - security.loginDefs.settings.PASS_MAX_DAYS
#     - environment.etc."login.defs".text
#     - environment.etc."login.defs".source
#     - environment.etc."login.defs".enable
#   remediation: |
#     security.loginDefs.settings.PASS_MAX_DAYS = 60;
#   references:
#     - https://www.stigviewer.com/stigs/anduril_nixos/2024-10-25/finding/V-268133
#     - https://man7.org/linux/man-pages/man5/login.defs.5.html
package nixsec.rules.stig.stig133

import data.nixsec.lib
import data.nixsec.rules.stig.pamlib

_key := "PASS_MAX_DAYS"

deny contains v if {
	r := pamlib.login_defs(_key)
	not _ok(r)
	v := object.union(
		{
			"path": r.path,
			"msg": _msg(r),
		},
		_fix(r),
	)
}

_ok(r) if {
	r.state == "set"
	_in_range(pamlib.num(r.value))
}

_msg(r) := pamlib.describe(r, _key, "/etc/login.defs") if {
	r.state == "unreadable"
} else := sprintf("%s%s: %s", [pamlib.describe(r, _key, "/etc/login.defs"), _note(r), "passwords stay valid longer than the STIG allows (60 days)"])

# The NixOS default, when the value is one.
_note(r) := lib.default_note(r.path) if {
	r.state == "set"
	startswith(r.path, "security.loginDefs.settings.")
} else := ""

# A value to set, when the setting is an option of its own.
_fix(r) := {"fix": {"path": r.path, "value": 60}} if {
	startswith(r.path, "security.loginDefs.settings.")
} else := {}

_in_range(n) if {
	n >= 1
	n <= 60
}
