# METADATA
# title: New passwords are not hashed with SHA-512
# description: |
#   ENCRYPT_METHOD in /etc/login.defs chooses the hash that shadow's tools
#   (chpasswd, newusers, useradd) write to /etc/shadow. The STIG (CAT I)
#   requires SHA512; "does not equal SHA512 or greater", commented out or
#   missing is a finding. NixOS's default is YESCRYPT. yescrypt resists GPU
#   cracking better than SHA-512 crypt, but it is not a NIST-approved
#   algorithm and the STIG names SHA512, so this rule reports YESCRYPT as a
#   finding too: a STIG host has to choose SHA512 here, which SEC005 (any
#   strong scheme) accepts but does not require. Passwords changed with
#   passwd(1) are hashed by pam_unix, whose NixOS rule passes "yescrypt"
#   whatever login.defs says; STIG175 checks the hashes themselves. Facts
#   from the V1R1 check text; no V1R2 page was found.
#   NixOS renders /etc/login.defs from security.loginDefs.settings
#   (programs/shadow.nix, NixOS 23.11 and later) as "KEY value" lines; a
#   host that replaces the file with environment.etc."login.defs".text (with
#   mkForce, as several STIG write-ups do) is read from that text instead, and
#   a file given as another source is reported as unverifiable.
# custom:
#   id: STIG130
#   severity: critical
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268130
#   options:
#     - security.loginDefs.settings.ENCRYPT_METHOD
#     - environment.etc."login.defs".text
#     - environment.etc."login.defs".source
#     - environment.etc."login.defs".enable
#   remediation: |
#     security.loginDefs.settings.ENCRYPT_METHOD = "SHA512";
#   references:
#     - https://www.stigviewer.com/stigs/anduril_nixos/2024-10-25/finding/V-268130
#     - https://man7.org/linux/man-pages/man5/login.defs.5.html
package nixsec.rules.stig.stig130

import data.nixsec.lib
import data.nixsec.rules.stig.pamlib

_key := "ENCRYPT_METHOD"

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
	upper(sprintf("%v", [r.value])) == "SHA512"
}

_msg(r) := pamlib.describe(r, _key, "/etc/login.defs") if {
	r.state == "unreadable"
} else := sprintf("%s%s: %s", [pamlib.describe(r, _key, "/etc/login.defs"), _note(r), "the STIG requires SHA512"])

# The NixOS default, when the value is one.
_note(r) := lib.default_note(r.path) if {
	r.state == "set"
	startswith(r.path, "security.loginDefs.settings.")
} else := ""

# A value to set, when the setting is an option of its own.
_fix(r) := {"fix": {"path": r.path, "value": "SHA512"}} if {
	startswith(r.path, "security.loginDefs.settings.")
} else := {}
