# METADATA
# title: Firewall is disabled
# description: |
#   With networking.firewall.enable = false every port any service listens on
#   is reachable from every network the host is attached to, including ports
#   a service opens by default or a package starts without the author noticing.
#   The NixOS firewall denies incoming connections unless a port is allowed,
#   and services with openFirewall only open what they need. NixOS enables it
#   by default, so false is always someone's decision; when the host filters
#   with its own nftables or iptables ruleset instead, review that ruleset and
#   suppress this finding for the host.
# custom:
#   id: FW001
#   severity: critical
#   frameworks:
#     stig:
#       - V-268078
#   options:
#     - networking.firewall.enable
#   remediation: |
#     networking.firewall.enable = true;
#   references:
#     - https://nixos.org/manual/nixos/stable/#sec-firewall
#     - https://wiki.nixos.org/wiki/Firewall
#     - https://xeiaso.net/blog/paranoid-nixos-2021-07-18/
package nixsec.rules.firewall.fw001

import data.nixsec.lib

_comps := ["networking", "firewall", "enable"]

deny contains v if {
	input.config.networking.firewall.enable == false
	p := lib.path(_comps)
	v := {
		"path": p,
		"msg": sprintf("networking.firewall.enable is false%s", [lib.default_note(p)]),
		"fix": {"path": p, "value": true},
	}
}
