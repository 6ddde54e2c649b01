# METADATA
# title: sshd is not running
# description: |
#   The STIG (V-268159, V1R1 check text: sshd.service active) requires
#   remote access to go through SSH, which protects the confidentiality and
#   integrity of what is sent. On NixOS sshd runs when
#   services.openssh.enable is true (false by default;
#   nixos/modules/services/networking/ssh/sshd.nix). Unlike the other SSH
#   checks, this one applies whether or not sshd is on.
# custom:
#   id: STIG159
#   severity: critical
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268159
#   options:
#     - path: services.openssh.enable
#       aliases:
#         - services.sshd.enable
#   remediation: |
#     services.openssh.enable = true;
#   references:
#     - https://preview.stighub.com/stig/Anduril%20NixOS%20Security%20Technical%20Implementation%20Guide
#     - https://github.com/NixOS/nixpkgs/blob/master/nixos/modules/services/networking/ssh/sshd.nix
package nixsec.rules.stig.stig159

import data.nixsec.lib

_comps := ["services", "openssh", "enable"]

deny contains v if {
	not lib.is_true(_comps)
	p := lib.path(_comps)
	v := {
		"path": p,
		"msg": sprintf("services.openssh.enable is %s%s: sshd does not run", [lib.show(lib.cfg(_comps, false)), lib.default_note(p)]),
		"fix": {"path": p, "value": true},
	}
}
