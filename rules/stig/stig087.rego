# METADATA
# title: Users have no command to lock a text session (vlock)
# description: |
#   Users must be able to lock their own session on demand, on every kind of
#   connection, before stepping away. The STIG (V-268087, V1R1 check text)
#   asks for the vlock package in the system closure; NixOS installs no
#   vlock by default, so it has to be added to environment.systemPackages.
#   A vlock that only another package pulls into the closure is not seen
#   here.
# custom:
#   id: STIG087
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268087
#   options:
#     - environment.systemPackages
#   remediation: |
#     environment.systemPackages = [ pkgs.vlock ];
#   references:
#     - https://preview.stighub.com/stig/Anduril%20NixOS%20Security%20Technical%20Implementation%20Guide
#     - https://preview.stighub.com/cci/CCI-000057
package nixsec.rules.stig.stig087

import data.nixsec.lib
import data.nixsec.rules.stig.misclib

_vlock if {
	some name in misclib.package_names
	misclib.package_pname(name) == "vlock"
}

deny contains v if {
	not _vlock
	p := lib.path(["environment", "systemPackages"])
	v := {
		"path": p,
		"msg": "environment.systemPackages has no vlock: users cannot lock a text or SSH session on demand",
	}
}
