# METADATA
# title: SSH port is open to every address on every interface
# description: |
#   services.openssh.openFirewall (true by default) adds the SSH ports to
#   networking.firewall.allowedTCPPorts, which opens them on every interface to
#   every source address. A host reached over a VPN, a management network or
#   from a few known addresses exposes its sshd to the whole internet's
#   scanners and password-guessing bots for nothing. Open the port only on the
#   interface that needs it (networking.firewall.interfaces.<name>), or limit
#   the sources with firewall rules.
# custom:
#   id: SSH009
#   severity: low
#   options:
#     - path: services.openssh.enable
#       aliases:
#         - services.sshd.enable
#     - services.openssh.openFirewall
#     - services.openssh.ports
#     - networking.firewall.enable
#   remediation: |
#     services.openssh.openFirewall = false;
#     networking.firewall.interfaces."wg0".allowedTCPPorts = [ 22 ];
#   references:
#     - https://xeiaso.net/blog/paranoid-nixos-2021-07-18/
#     - https://search.nixos.org/options?query=services.openssh.openFirewall
#     - https://wiki.nixos.org/wiki/Firewall
package nixsec.rules.ssh.ssh009

import data.nixsec.lib

_comps := ["services", "openssh", "openFirewall"]

deny contains v if {
	lib.is_true(["services", "openssh", "enable"])
	lib.is_true(_comps)
	not lib.is_false(["networking", "firewall", "enable"])
	p := lib.path(_comps)
	v := {
		"path": p,
		"msg": sprintf("openFirewall is true%s: %s open to every address on every interface", [lib.default_note(p), _ports]),
		"fix": {"path": p, "value": false},
	}
}

_port_list := [sprintf("%v", [port]) | some port in lib.cfg(["services", "openssh", "ports"], [22])]

_ports := sprintf("TCP port %s is", [_port_list[0]]) if count(_port_list) == 1

_ports := sprintf("TCP ports %s are", [concat(", ", _port_list)]) if count(_port_list) != 1
