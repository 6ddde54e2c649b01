# METADATA
# title: A physical network interface is trusted by the firewall
# description: |
#   Traffic arriving on an interface in networking.firewall.trustedInterfaces
#   bypasses the firewall entirely. That is meant for loopback, container
#   bridges and VPN tunnels; an Ethernet (en*, eth*), Wi-Fi (wl*) or mobile
#   broadband (ww*) interface faces a network the host does not control, and
#   trusting it opens every listening port to that network, including services
#   that bind to all addresses by default.
# custom:
#   id: FW004
#   severity: medium
#   options:
#     - networking.firewall.enable
#     - networking.firewall.trustedInterfaces
#   remediation: |
#     # allow the needed ports on that interface instead
#     networking.firewall.interfaces."eth0".allowedTCPPorts = [ 22 ];
#   references:
#     - https://search.nixos.org/options?query=networking.firewall.trustedInterfaces
#     - https://wiki.nixos.org/wiki/Firewall
package nixsec.rules.firewall.fw004

import data.nixsec.lib

_comps := ["networking", "firewall", "trustedInterfaces"]

_physical(name) if regex.match(`^(en|eth|wl|ww)`, name)

deny contains v if {
	not input.config.networking.firewall.enable == false
	names := object.get(input.config, _comps, [])
	is_array(names)
	physical := [n | some n in names; _physical(n)]
	count(physical) > 0
	p := lib.path(_comps)
	v := {
		"path": p,
		"msg": sprintf("trustedInterfaces holds %s: its traffic bypasses the firewall", [concat(" ", [lib.show(n) | some n in physical])]),
		"fix": {"path": p, "value": [n | some n in names; not _physical(n); n != "lo"]},
	}
}
