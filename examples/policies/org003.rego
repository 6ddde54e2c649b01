# METADATA
# title: Port 8080 is open on a host not tagged for it
# description: |
#   Port 8080 is where development servers, admin consoles and
#   proxies-in-progress listen, usually without TLS or authentication. At
#   Example Corp only hosts whose role needs it (the build cache) may open it
#   in the firewall, and those carry the tag "port-8080" in the policy data
#   (hosts.<host>.tags, mounted under data.nixsec.user). Any other host that
#   opens 8080, on every interface or on one, in a port list or a range, is a
#   finding.
# custom:
#   id: ORG003
#   severity: medium
#   options:
#     - networking.firewall.enable
#     - networking.firewall.allowedTCPPorts
#     - networking.firewall.allowedTCPPortRanges
#     - networking.firewall.interfaces.*.allowedTCPPorts
#     - networking.firewall.interfaces.*.allowedTCPPortRanges
#   remediation: |
#     # close it, or bind the service to localhost; if the host's role needs
#     # the port, tag it in the policy data:
#     #   hosts: { build: { tags: [port-8080] } }
#     networking.firewall.allowedTCPPorts = [ 80 443 ];
#   references:
#     - https://wiki.nixos.org/wiki/Firewall
package nixsec.rules.org.org003

import data.nixsec.lib

_port := 8080

_tag := "port-8080"

_fw := ["networking", "firewall"]

_tags := object.get(data.nixsec.user, ["hosts", input.host, "tags"], [])

# Where the port is open: the global lists and every interface's.
_scopes contains [array.concat(_fw, [key]), cfg] if {
	some key in ["allowedTCPPorts", "allowedTCPPortRanges"]
	cfg := lib.cfg(array.concat(_fw, [key]), [])
}

_scopes contains [array.concat(_fw, ["interfaces", iface, key]), cfg] if {
	some iface, icfg in lib.cfg(array.concat(_fw, ["interfaces"]), {})
	some key in ["allowedTCPPorts", "allowedTCPPortRanges"]
	cfg := object.get(icfg, key, [])
}

_opens(ports) if _port in ports

_opens(ranges) if {
	some r in ranges
	is_object(r)
	r.from <= _port
	_port <= r.to
}

deny contains v if {
	not _tag in _tags
	not lib.is_false(array.concat(_fw, ["enable"]))
	some [comps, value] in _scopes
	_opens(value)
	v := {
		"path": lib.path(comps),
		"msg": sprintf("port %d is open, and host %q is not tagged %q in the policy data", [_port, input.host, _tag]),
	}
}
