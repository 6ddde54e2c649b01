# METADATA
# title: Passwords can be changed again at once
# description: |
#   PASS_MIN_DAYS is the minimum number of days between password changes for
#   accounts created after it is set. With 0, a user forced to pick a new
#   password can change it straight back through the password history. The
#   V1R1 check requires PASS_MIN_DAYS 1 in /etc/login.defs: missing,
#   commented out or any other value is a finding (the rule follows that text,
#   so a larger value is reported too). NixOS sets no PASS_MIN_DAYS, so new
#   accounts get no minimum. Existing accounts keep the minimum stored in /etc/shadow
#   (chage), which the configuration does not show. Facts from the V1R1
#   check text; no V1R2 page was found.
#   NixOS renders /etc/login.defs from security.loginDefs.settings
#   (programs/shadow.nix, NixOS 23.11 and later) as "KEY value" lines; a
#   host that replaces the file with environment.etc."login.defs".text (with
#   mkForce, as several STIG write-ups do) is read from that text instead, and
#   a file given as another source is reported as unverifiable.
# custom:
#   id: STIG132
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268132
#   options:
#     - security.loginDefs.settings.PASS_MIN_DAYS
#     - environment.etc."login.defs".text
#     - environment.etc."login.defs".source
#     - environment.etc."login.defs".enable
#   remediation: |
#     security.loginDefs.settings.PASS_MIN_DAYS = 1;
#   references:
#     - https://www.stigviewer.com/stigs/anduril_nixos/2024-10-25/finding/V-268132
#     - https://man7.org/linux/man-pages/man5/login.defs.5.html
package nixsec.rules.stig.stig132

import data.nixsec.lib
import data.nixsec.rules.stig.pamlib

_key := "PASS_MIN_DAYS"

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
	pamlib.num(r.value) == 1
}

_msg(r) := pamlib.describe(r, _key, "/etc/login.defs") if {
	r.state == "unreadable"
} else := sprintf("%s%s: %s", [pamlib.describe(r, _key, "/etc/login.defs"), _note(r), "passwords can be changed again at once; the STIG requires 1 day"])

# The NixOS default, when the value is one.
_note(r) := lib.default_note(r.path) if {
	r.state == "set"
	startswith(r.path, "security.loginDefs.settings.")
} else := ""

# A value to set, when the setting is an option of its own.
_fix(r) := {"fix": {"path": r.path, "value": 1}} if {
	startswith(r.path, "security.loginDefs.settings.")
} else := {}
