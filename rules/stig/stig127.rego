# METADATA
# title: Passwords may be set without a lowercase letter
# description: |
#   With lcredit unset or not negative, pam_pwquality accepts a new password
#   without a lowercase letter. The STIG requires lcredit=-1 (at least one
#   lowercase letter) in /etc/security/pwquality.conf; a positive value or no
#   value is a finding.
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
#   id: STIG127
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268127
#   options:
#     - environment.etc."security/pwquality.conf".text
#     - environment.etc."security/pwquality.conf".source
#     - environment.etc."security/pwquality.conf".enable
#   remediation: |
#     environment.etc."security/pwquality.conf".text = ''
#       lcredit=-1
#     '';
#   references:
#     - https://www.stigviewer.com/stigs/anduril_nixos/2024-10-25/finding/V-268127
#     - https://man7.org/linux/man-pages/man5/pwquality.conf.5.html
package nixsec.rules.stig.stig127

import data.nixsec.rules.stig.pamlib

_key := "lcredit"

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
	pamlib.num(r.value) <= -1
}

_msg(r) := pamlib.describe(r, _key, "/etc/security/pwquality.conf") if {
	r.state == "unreadable"
} else := sprintf("%s: %s (the STIG requires lcredit=-1)", [pamlib.describe(r, _key, "/etc/security/pwquality.conf"), "a new password needs no lowercase letter"])
