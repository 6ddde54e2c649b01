# METADATA
# title: Open firewall ports (inventory)
# description: |
#   Every port the firewall opens is attack surface: whatever listens there
#   is reachable from the networks the port is open to, now and after the
#   next change to the host. Options add ports in many places (a service's
#   openFirewall, a module, the host's own lists), so the evaluated lists
#   are the only complete picture. This inventory reports each opened port
#   and range once, with the list that holds it and the interface it is
#   open on, so a reviewer can compare the surface with what the host is
#   meant to serve (the hardening guide's "review listening ports"). When
#   sshd's openFirewall added a port it is named as the opener. Nothing is
#   reported when the firewall is off (FW001 covers that).
# custom:
#   id: FW006
#   severity: info
#   options:
#     - networking.firewall.enable
#     - networking.firewall.allowedTCPPorts
#     - networking.firewall.allowedUDPPorts
#     - networking.firewall.allowedTCPPortRanges
#     - networking.firewall.allowedUDPPortRanges
#     - networking.firewall.interfaces.*.allowedTCPPorts
#     - networking.firewall.interfaces.*.allowedUDPPorts
#     - networking.firewall.interfaces.*.allowedTCPPortRanges
#     - networking.firewall.interfaces.*.allowedUDPPortRanges
#     - path: services.openssh.enable
#       aliases:
#         - services.sshd.enable
#     - services.openssh.openFirewall
#     - services.openssh.ports
#   remediation: |
#     # close what the host does not serve; open the rest only where needed
#     networking.firewall.allowedTCPPorts = [ 443 ];
#     networking.firewall.interfaces."wg0".allowedTCPPorts = [ 22 9100 ];
#     services.openssh.openFirewall = false;
#   references:
#     - https://wiki.nixos.org/wiki/Firewall
#     - https://nixos.org/manual/nixos/stable/#sec-firewall
#     - https://xeiaso.net/blog/paranoid-nixos-2021-07-18/
package nixsec.rules.firewall.fw006

import data.nixsec.lib

_protocols := {
	"allowedTCPPorts": "TCP",
	"allowedUDPPorts": "UDP",
	"allowedTCPPortRanges": "TCP",
	"allowedUDPPortRanges": "UDP",
}

# [path components, where the list opens its ports] of the global lists
# and every interface's.
_lists contains [comps, "every interface"] if {
	some key, _ in _protocols
	comps := ["networking", "firewall", key]
}

_lists contains [comps, sprintf("interface %s", [name])] if {
	some name, _ in object.get(input.config, ["networking", "firewall", "interfaces"], {})
	some key, _ in _protocols
	comps := ["networking", "firewall", "interfaces", name, key]
}

_open contains [comps, where, port, opener] if {
	some [comps, where] in _lists
	endswith(comps[count(comps) - 1], "Ports")
	ports := object.get(input.config, comps, [])
	is_array(ports)
	some port in ports
	is_number(port)
	opener := _opener(comps, port)
}

_open contains [comps, where, sprintf("%v-%v", [r.from, r.to]), ""] if {
	some [comps, where] in _lists
	endswith(comps[count(comps) - 1], "Ranges")
	ranges := object.get(input.config, comps, [])
	is_array(ranges)
	some r in ranges
	is_number(r.from)
	is_number(r.to)
}

# Two bodies, one with the opener's anchor: each violation is built
# whole, without a merge and function calls per port (issue 17).
deny contains v if {
	not input.config.networking.firewall.enable == false
	some [comps, where, port, ""] in _open
	p := lib.path(comps)
	v := {
		"path": p,
		"msg": sprintf("%s %v open on %s (%s)", [_protocols[comps[count(comps) - 1]], port, where, p]),
	}
}

deny contains v if {
	not input.config.networking.firewall.enable == false
	some [comps, where, port, opener] in _open
	opener != ""
	p := lib.path(comps)
	v := {
		"path": p,
		"msg": sprintf("%s %v open on %s (%s, opened by %s)", [_protocols[comps[count(comps) - 1]], port, where, p, opener]),
		"anchor": opener,
	}
}

# sshd's openFirewall adds services.openssh.ports to the global TCP list.
_opener(comps, port) := "services.openssh.openFirewall" if {
	comps == ["networking", "firewall", "allowedTCPPorts"]
	port in _ssh_ports
} else := ""

# The ports sshd opens, read once per host; undefined when it opens none.
_ssh_ports := object.get(input.config, ["services", "openssh", "ports"], [22]) if {
	input.config.services.openssh.enable == true
	input.config.services.openssh.openFirewall == true
}
