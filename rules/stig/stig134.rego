# METADATA
# title: Passwords shorter than 15 characters are accepted
# description: |
#   Every character a password lacks divides the work of a brute-force
#   search many times over. The STIG requires minlen=15 or more in
#   /etc/security/pwquality.conf; a smaller value or no value is a finding.
#   (libpwquality's minlen also counts credits for character classes, so
#   with positive credits a shorter password can pass; the credit rules
#   STIG126-128 and STIG145 require negative credits.)
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
#   id: STIG134
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268134
#   options:
#     - environment.etc."security/pwquality.conf".text
#     - environment.etc."security/pwquality.conf".source
#     - environment.etc."security/pwquality.conf".enable
#   remediation: |
#     environment.etc."security/pwquality.conf".text = ''
#       minlen=15
#     '';
#   references:
#     - https://www.stigviewer.com/stigs/anduril_nixos/2024-10-25/finding/V-268134
#     - https://man7.org/linux/man-pages/man5/pwquality.conf.5.html
package nixsec.rules.stig.stig134

import data.nixsec.rules.stig.pamlib

_key := "minlen"

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
	pamlib.num(r.value) >= 15
}

_msg(r) := pamlib.describe(r, _key, "/etc/security/pwquality.conf") if {
	r.state == "unreadable"
} else := sprintf("%s: %s (the STIG requires minlen=15)", [pamlib.describe(r, _key, "/etc/security/pwquality.conf"), "passwords shorter than 15 characters are accepted"])
