# METADATA
# title: New files are readable by other users by default
# description: |
#   UMASK in /etc/login.defs is the default file-creation mask shadow's
#   tools use (useradd creates home directories with it): with anything
#   looser than 077, what users create can be read by their group or by
#   everyone. The STIG requires UMASK 077; missing, commented out or looser
#   is a finding. NixOS's default is "077", so the rule fires only when the
#   configuration weakens or removes it. A mask that also clears owner bits
#   (0177) is stricter and passes. The value is read as shadow reads a
#   number: a leading 0 makes it octal, so "77" (decimal 77) does not pass.
#   NixOS renders /etc/login.defs from security.loginDefs.settings
#   (programs/shadow.nix, NixOS 23.11 and later) as "KEY value" lines; a
#   host that replaces the file with environment.etc."login.defs".text (with
#   mkForce, as several STIG write-ups do) is read from that text instead, and
#   a file given as another source is reported as unverifiable.
# custom:
#   id: STIG181
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268181
#   options:
#     - security.loginDefs.settings.UMASK
#     - environment.etc."login.defs".text
#     - environment.etc."login.defs".source
#     - environment.etc."login.defs".enable
#   remediation: |
#     security.loginDefs.settings.UMASK = "077";
#   references:
#     - https://www.stigviewer.com/stigs/anduril_nixos/2025-08-19/finding/V-268181
#     - https://man7.org/linux/man-pages/man5/login.defs.5.html
package nixsec.rules.stig.stig181

import data.nixsec.lib
import data.nixsec.rules.stig.pamlib

_key := "UMASK"

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
	_strict(r.value)
}

_msg(r) := pamlib.describe(r, _key, "/etc/login.defs") if {
	r.state == "unreadable"
} else := sprintf("%s%s: %s", [pamlib.describe(r, _key, "/etc/login.defs"), _note(r), "new files can be read by group or others; the STIG requires 077"])

# The NixOS default, when the value is one.
_note(r) := lib.default_note(r.path) if {
	r.state == "set"
	startswith(r.path, "security.loginDefs.settings.")
} else := ""

# A value to set, when the setting is an option of its own.
_fix(r) := {"fix": {"path": r.path, "value": "077"}} if {
	startswith(r.path, "security.loginDefs.settings.")
} else := {}

# The group and other bits (octal 077) are all masked. shadow reads the
# number as C does: a leading 0 is octal, otherwise decimal (so "77" is
# 0115); a Nix integer is written in decimal.
_strict(v) if {
	is_number(v)
	bits.and(v, 63) == 63
}

_strict(v) if {
	is_string(v)
	s := trim_space(v)
	regex.match(`^0[0-7]*[7][7]$`, s)
}

_strict(v) if {
	is_string(v)
	s := trim_space(v)
	regex.match(`^[1-9][0-9]*$`, s)
	bits.and(to_number(s), 63) == 63
}
