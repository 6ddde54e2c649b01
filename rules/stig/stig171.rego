# METADATA
# title: A failed login is answered in less than 4 seconds
# description: |
#   FAIL_DELAY in /etc/login.defs is the pause, in seconds, before another
#   login attempt after a failure; short pauses speed up online password
#   guessing. The STIG requires FAIL_DELAY 4 or more; missing or commented
#   out is a finding. NixOS sets no FAIL_DELAY. A PAM service with
#   failDelay.enable adds pam_faildelay, which, per the NixOS option,
#   replaces the login.defs value for that service: the rule also reports
#   the login service's failDelay.delay (microseconds) when it is below
#   4000000.
#   NixOS renders /etc/login.defs from security.loginDefs.settings
#   (programs/shadow.nix, NixOS 23.11 and later) as "KEY value" lines; a
#   host that replaces the file with environment.etc."login.defs".text (with
#   mkForce, as several STIG write-ups do) is read from that text instead, and
#   a file given as another source is reported as unverifiable.
# custom:
#   id: STIG171
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268171
#   options:
#     - security.loginDefs.settings.FAIL_DELAY
#     - environment.etc."login.defs".text
#     - environment.etc."login.defs".source
#     - environment.etc."login.defs".enable
#     - security.pam.services.login.failDelay.enable
#     - security.pam.services.login.failDelay.delay
#   remediation: |
#     security.loginDefs.settings.FAIL_DELAY = 4;
#   references:
#     - https://www.stigviewer.com/stigs/anduril_nixos/2025-08-19/finding/V-268171
#     - https://man7.org/linux/man-pages/man5/login.defs.5.html
package nixsec.rules.stig.stig171

import data.nixsec.lib
import data.nixsec.rules.stig.pamlib

_key := "FAIL_DELAY"

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
	pamlib.num(r.value) >= 4
}

_msg(r) := pamlib.describe(r, _key, "/etc/login.defs") if {
	r.state == "unreadable"
} else := sprintf("%s%s: %s", [pamlib.describe(r, _key, "/etc/login.defs"), _note(r), "the STIG requires 4 seconds or more"])

# The NixOS default, when the value is one.
_note(r) := lib.default_note(r.path) if {
	r.state == "set"
	startswith(r.path, "security.loginDefs.settings.")
} else := ""

# A value to set, when the setting is an option of its own.
_fix(r) := {"fix": {"path": r.path, "value": 4}} if {
	startswith(r.path, "security.loginDefs.settings.")
} else := {}

# pam_faildelay on the login service replaces FAIL_DELAY there.
_fd := ["security", "pam", "services", "login", "failDelay"]

deny contains v if {
	lib.is_true(array.concat(_fd, ["enable"]))
	comps := array.concat(_fd, ["delay"])
	delay := lib.cfg(comps, 3000000)
	delay < 4000000
	p := lib.path(comps)
	v := {
		"path": p,
		"msg": sprintf("the login service's pam_faildelay waits %v microseconds after a failed login%s, replacing FAIL_DELAY: the STIG requires 4 seconds or more", [delay, lib.default_note(p)]),
		"fix": {"path": p, "value": 4000000},
	}
}
