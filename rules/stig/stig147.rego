# METADATA
# title: Bluetooth is on
# description: |
#   The STIG (V-268147, V1R1 check text) requires hardware.bluetooth.enable
#   = false: Bluetooth pairs devices with weak or no authentication and has
#   a history of remotely reachable flaws. The option installs BlueZ and runs
#   bluetooth.service; it is false by default
#   (nixos/modules/services/hardware/bluetooth.nix).
# custom:
#   id: STIG147
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268147
#   options:
#     - hardware.bluetooth.enable
#   remediation: |
#     hardware.bluetooth.enable = false;
#   references:
#     - https://preview.stighub.com/stig/Anduril%20NixOS%20Security%20Technical%20Implementation%20Guide
#     - https://github.com/NixOS/nixpkgs/blob/master/nixos/modules/services/hardware/bluetooth.nix
package nixsec.rules.stig.stig147

import data.nixsec.lib

_comps := ["hardware", "bluetooth", "enable"]

deny contains v if {
	lib.is_true(_comps)
	p := lib.path(_comps)
	v := {
		"path": p,
		"msg": "hardware.bluetooth.enable is true: BlueZ runs and accepts pairing",
		"fix": {"path": p, "value": false},
	}
}
