# METADATA
# title: The smart-card token tools (opencryptoki, p11sak) are not installed
# description: |
#   Multifactor authentication for network access to privileged accounts
#   needs the PKCS#11 tooling on the host. The V1R2 check runs
#   "which p11sak" and expects /run/current-system/sw/bin/p11sak; the
#   fix installs pkgs.opencryptoki, which provides p11sak. On NixOS
#   /run/current-system/sw/bin is built from environment.systemPackages,
#   so the rule looks for an opencryptoki derivation in that list. Whether the tokens are then set up and used is for the running
#   system; STIG177 checks that PAM asks for one.
# custom:
#   id: STIG136
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268136
#   options:
#     - environment.systemPackages
#   remediation: |
#     environment.systemPackages = [ pkgs.opencryptoki ];
#   references:
#     - https://preview.stighub.com/check/c87bbfd7-3a5e-4871-9c15-b1b0785a7ef0
#     - https://search.nixos.org/packages?query=opencryptoki
package nixsec.rules.stig.stig136

import data.nixsec.lib

_comps := ["environment", "systemPackages"]

deny contains v if {
	lib.has(_comps)
	not _installed
	v := {
		"path": lib.path(_comps),
		"msg": "environment.systemPackages has no opencryptoki: p11sak is not in /run/current-system/sw/bin",
	}
}

_installed if {
	some pkg in lib.cfg(_comps, [])
	is_object(pkg)
	is_string(pkg._derivation)
	regex.match(`^opencryptoki(-[0-9].*)?$`, pkg._derivation)
}
