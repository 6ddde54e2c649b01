# METADATA
# title: A new password may keep most of the old one
# description: |
#   difok is how many characters of a new password must not appear in the
#   old one. A small value lets users cycle passwords by changing a character
#   or two, so a leaked old password stays nearly valid. The STIG requires
#   difok=8 or more (half of a 15-character password) in
#   /etc/security/pwquality.conf; a smaller value or no value is a finding.
#   NixOS has no pwquality module: /etc/security/pwquality.conf exists only
#   when environment.etc."security/pwquality.conf" writes it, and without the
#   file libpwquality falls back to its built-in defaults. nixsec reads the
#   text written there (a later line overrides an earlier one, as libpwquality
#   reads it); a file given as a source it cannot read is reported as
#   unverifiable. The setting takes effect only where a PAM service loads
#   pam_pwquality (STIG170); arguments on that PAM line, which override the
#   file, are not read (the STIG checks the file). Facts from the V1R1 check
#   text; no V1R2 page was found.
# custom:
#   id: STIG129
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268129
#   options:
#     - environment.etc."security/pwquality.conf".text
#     - environment.etc."security/pwquality.conf".source
#     - environment.etc."security/pwquality.conf".enable
#   remediation: |
#     environment.etc."security/pwquality.conf".text = ''
#       difok=8
#     '';
#   references:
#     - https://www.stigviewer.com/stigs/anduril_nixos/2024-10-25/finding/V-268129
#     - https://man7.org/linux/man-pages/man5/pwquality.conf.5.html
package nixsec.rules.stig.stig129

import data.nixsec.rules.stig.pamlib

_key := "difok"

deny contains v if {
	r := pamlib.pwquality(_key)
	not _ok(r)
	v := {
		"path": r.path,
		"msg": _msg(r),
	}
}

_ok(r) if {
	r.state == "set"
	pamlib.num(r.value) >= 8
}

_msg(r) := pamlib.describe(r, _key, "/etc/security/pwquality.conf") if {
	r.state == "unreadable"
} else := sprintf("%s: %s (the STIG requires difok=8)", [pamlib.describe(r, _key, "/etc/security/pwquality.conf"), "a new password may reuse most characters of the old one"])
