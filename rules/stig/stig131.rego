# METADATA
# title: A telnet client is installed
# description: |
#   telnet sends passwords and sessions in clear text; the STIG (V-268131,
#   V1R1 check text: whereis telnet finds nothing) forbids it. On NixOS the
#   telnet binary comes from inetutils (or a package named telnet), which
#   the host adds through environment.systemPackages; NixOS installs neither
#   by default. Packages installed into user profiles or with nix-env are
#   only visible on the running system.
# custom:
#   id: STIG131
#   severity: critical
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268131
#   options:
#     - environment.systemPackages
#   remediation: |
#     # remove pkgs.inetutils (and any telnet) from environment.systemPackages
#   references:
#     - https://preview.stighub.com/stig/Anduril%20NixOS%20Security%20Technical%20Implementation%20Guide
package nixsec.rules.stig.stig131

import data.nixsec.lib
import data.nixsec.rules.stig.misclib

_telnet := {"inetutils", "telnet"}

deny contains v if {
	some name in misclib.package_names
	misclib.package_pname(name) in _telnet
	p := lib.path(["environment", "systemPackages"])
	v := {
		"path": p,
		"msg": sprintf("environment.systemPackages installs %s, which provides telnet: a clear-text remote login client", [name]),
	}
}
