# METADATA
# title: PAM has no PKCS#11 smart-card module for logins
# description: |
#   The STIG wants one factor of privileged remote access to come from a
#   device separate from the host (a CAC/PIV smart card or a hardware
#   token), so that a compromised host cannot leak it. On NixOS the check
#   is security.pam.p11.enable: it makes every PAM service's p11Auth default
#   true, which adds pam_p11 (with OpenSC's PKCS#11 module) to the auth
#   stack, and installs pam_p11 (security/pam.nix). NixOS leaves it off.
#   The check text asks only for the option; note that its control defaults
#   to "sufficient" (the card instead of the password), and that
#   security.pam.p11.control = "required" is what makes it a second factor.
#   Facts from the V1R1 check text; no V1R2 page was found.
# custom:
#   id: STIG177
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268177
#   options:
#     - security.pam.p11.enable
#   remediation: |
#     security.pam.p11.enable = true;
#     security.pam.p11.control = "required"; # card and password
#   references:
#     - https://www.stigviewer.com/stigs/anduril_nixos/2024-10-25/finding/V-268177
#     - https://search.nixos.org/options?query=security.pam.p11
package nixsec.rules.stig.stig177

import data.nixsec.lib

_comps := ["security", "pam", "p11", "enable"]

deny contains v if {
	lib.has(_comps)
	not lib.is_true(_comps)
	p := lib.path(_comps)
	v := {
		"path": p,
		"msg": sprintf("%s is %s%s: no login can require a smart card or PKCS#11 token", [p, lib.show(lib.cfg(_comps, null)), lib.default_note(p)]),
		"fix": {"path": p, "value": true},
	}
}
