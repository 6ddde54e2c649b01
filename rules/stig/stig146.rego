# METADATA
# title: Wireless networking (wpa_supplicant) is on
# description: |
#   The STIG (V-268146, V1R1 check text) requires networking.wireless.enable
#   = false: a wireless link the organisation has not authorised and
#   protected is a way in that bypasses the network's boundary. The option
#   starts wpa_supplicant and is false by default
#   (nixos/modules/services/networking/wpa_supplicant.nix). Wireless
#   through NetworkManager is not what this check reads.
# custom:
#   id: STIG146
#   severity: critical
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268146
#   options:
#     - networking.wireless.enable
#   remediation: |
#     networking.wireless.enable = false;
#   references:
#     - https://preview.stighub.com/stig/Anduril%20NixOS%20Security%20Technical%20Implementation%20Guide
#     - https://github.com/NixOS/nixpkgs/blob/master/nixos/modules/services/networking/wpa_supplicant.nix
package nixsec.rules.stig.stig146

import data.nixsec.lib

_comps := ["networking", "wireless", "enable"]

deny contains v if {
	lib.is_true(_comps)
	p := lib.path(_comps)
	v := {
		"path": p,
		"msg": "networking.wireless.enable is true: wpa_supplicant brings up wireless links",
		"fix": {"path": p, "value": false},
	}
}
