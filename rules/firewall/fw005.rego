# METADATA
# title: Reverse-path filtering is off
# description: |
#   The reverse-path check drops packets that arrive on an interface the
#   host would not use to reply to their source address: spoofed packets that
#   claim to come from a trusted network or from localhost. With
#   checkReversePath = false the firewall accepts them, which helps spoofing and
#   some routing-based attacks on multi-homed hosts. NixOS turns it on unless
#   the kernel lacks rpfilter support with the iptables backend; "loose" keeps
#   the check for hosts with asymmetric routing (VPNs).
# custom:
#   id: FW005
#   severity: low
#   options:
#     - networking.firewall.enable
#     - networking.firewall.checkReversePath
#   remediation: |
#     networking.firewall.checkReversePath = "loose"; # or true (strict)
#   references:
#     - https://search.nixos.org/options?query=networking.firewall.checkReversePath
#     - https://wiki.nixos.org/wiki/Firewall
package nixsec.rules.firewall.fw005

import data.nixsec.lib

_comps := ["networking", "firewall", "checkReversePath"]

deny contains v if {
	not input.config.networking.firewall.enable == false
	input.config.networking.firewall.checkReversePath == false
	p := lib.path(_comps)
	v := {
		"path": p,
		"msg": sprintf("checkReversePath is false%s", [lib.default_note(p)]),
		"fix": {"path": p, "value": "loose"},
	}
}
