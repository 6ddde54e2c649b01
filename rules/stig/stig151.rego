# METADATA
# title: Time synchronization (systemd-timesyncd) is off
# description: |
#   Audit records from different machines can only be put in order if their
#   clocks agree. The STIG (V-268151, V1R1 check text) requires
#   services.timesyncd.enable = true. NixOS's default is
#   !boot.isContainer (nixos/modules/system/boot/timesyncd.nix), so it is
#   off only when the host turns it off or is a container.
# custom:
#   id: STIG151
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268151
#   options:
#     - services.timesyncd.enable
#   remediation: |
#     services.timesyncd.enable = true;
#   references:
#     - https://preview.stighub.com/stig/Anduril%20NixOS%20Security%20Technical%20Implementation%20Guide
#     - https://github.com/NixOS/nixpkgs/blob/master/nixos/modules/system/boot/timesyncd.nix
package nixsec.rules.stig.stig151

import data.nixsec.lib

_comps := ["services", "timesyncd", "enable"]

deny contains v if {
	lib.is_false(_comps)
	p := lib.path(_comps)
	v := {
		"path": p,
		"msg": sprintf("services.timesyncd.enable is false%s: the clock is not synchronized", [lib.default_note(p)]),
		"fix": {"path": p, "value": true},
	}
}
