# METADATA
# title: Dictionary words are not rejected as passwords
# description: |
#   A password that is a dictionary word falls to the first wordlist an
#   attacker tries. The STIG requires dictcheck=1 in
#   /etc/security/pwquality.conf; 0 or no value is a finding, even though
#   libpwquality enables the check by default when the key is absent (the
#   STIG asks for the setting to be explicit). The V1R1 check text names
#   ocredit in its finding sentence; the command it runs and the fix are
#   about dictcheck, which is what this rule reads.
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
#   id: STIG169
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268169
#   options:
#     - environment.etc."security/pwquality.conf".text
#     - environment.etc."security/pwquality.conf".source
#     - environment.etc."security/pwquality.conf".enable
#   remediation: |
#     environment.etc."security/pwquality.conf".text = ''
#       dictcheck=1
#     '';
#   references:
#     - https://www.stigviewer.com/stigs/anduril_nixos/2024-10-25/finding/V-268169
#     - https://man7.org/linux/man-pages/man5/pwquality.conf.5.html
package nixsec.rules.stig.stig169

import data.nixsec.rules.stig.pamlib

_key := "dictcheck"

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
	pamlib.num(r.value) != 0
}

_msg(r) := pamlib.describe(r, _key, "/etc/security/pwquality.conf") if {
	r.state == "unreadable"
} else := sprintf("%s: %s (the STIG requires dictcheck=1)", [pamlib.describe(r, _key, "/etc/security/pwquality.conf"), "dictionary words are not explicitly rejected"])
