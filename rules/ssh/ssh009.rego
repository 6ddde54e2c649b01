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

# lib.path(["services", "openssh", "openFirewall"]); the options are read
# as references: the lib's calls cost several times a read (issue 17).
_p := "services.openssh.openFirewall"

deny contains v if {
	input.config.services.openssh.enable == true
	input.config.services.openssh.openFirewall == true
	not input.config.networking.firewall.enable == false
	v := {
		"path": _p,
		"msg": concat("", ["openFirewall is true", lib.default_note(_p), ": ", _ports, " open to every address on every interface"]),
		"fix": {"path": _p, "value": false},
	}
}

_port_list := [sprintf("%v", [port]) | some port in lib.cfg(["services", "openssh", "ports"], [22])]

_ports := concat("", ["TCP port ", _port_list[0], " is"]) if count(_port_list) == 1

_ports := concat("", ["TCP ports ", concat(", ", _port_list), " are"]) if count(_port_list) != 1
