# METADATA
# title: torsocks lets programs accept inbound connections
# description: |
#   torsocks wraps a program so that its connections go through Tor. With
#   allowInbound, the wrapped program may also bind and listen on local
#   ports, which torsocks otherwise refuses: a server started under torsocks
#   then accepts connections outside Tor, and an application that believes
#   it is anonymised can be reached (and identified) directly. NixOS leaves
#   it false.
# custom:
#   id: TOR003
#   severity: medium
#   options:
#     - services.tor.torsocks.enable
#     - services.tor.torsocks.allowInbound
#   remediation: |
#     services.tor.torsocks.allowInbound = false;
#   references:
#     - https://search.nixos.org/options?query=services.tor.torsocks
#     - https://gitlab.torproject.org/tpo/core/torsocks/-/blob/main/doc/torsocks.conf.5.txt
package nixsec.rules.tor.tor003

import data.nixsec.lib

_comps := ["services", "tor", "torsocks", "allowInbound"]

deny contains v if {
	input.config.services.tor.torsocks.enable == true
	input.config.services.tor.torsocks.allowInbound == true
	p := lib.path(_comps)
	v := {
		"path": p,
		"msg": "services.tor.torsocks.allowInbound is true: programs run under torsocks accept connections outside Tor",
		"fix": {"path": p, "value": false},
	}
}
