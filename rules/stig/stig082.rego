# METADATA
# title: The console login prompt shows no DoD consent banner
# description: |
#   A DoD system must show the Standard Mandatory DOD Notice and Consent
#   Banner before anyone logs in, so that users know the system is monitored
#   and consent to it. On the text console that is agetty's /etc/issue, which
#   NixOS builds from services.getty.greetingLine and services.getty.helpLine
#   (nixos/modules/services/ttys/getty.nix). helpLine is empty by default; the
#   STIG (V-268082, V1R1 check text) requires it to hold the 1300-character
#   banner. Whitespace and line breaks are not significant.
# custom:
#   id: STIG082
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268082
#   options:
#     - services.getty.helpLine
#   remediation: |
#     services.getty.helpLine = ''
#       You are accessing a U.S. Government (USG) Information System (IS) ...
#       (the full Standard Mandatory DOD Notice and Consent Banner)
#     '';
#   references:
#     - https://preview.stighub.com/stig/Anduril%20NixOS%20Security%20Technical%20Implementation%20Guide
#     - https://github.com/NixOS/nixpkgs/blob/master/nixos/modules/services/ttys/getty.nix
package nixsec.rules.stig.stig082

import data.nixsec.lib
import data.nixsec.rules.stig.misclib

_comps := ["services", "getty", "helpLine"]

deny contains v if {
	value := lib.cfg(_comps, "")
	not misclib.is_dod_banner(value)
	p := lib.path(_comps)
	v := {
		"path": p,
		"msg": sprintf("services.getty.helpLine %s%s: the console login prompt (/etc/issue) shows no DoD consent banner", [misclib.banner_problem(value), lib.default_note(p)]),
		"fix": {"path": p, "value": misclib.dod_banner},
	}
}
