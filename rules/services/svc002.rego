# METADATA
# title: Avahi (mDNS) is enabled
# description: |
#   Avahi answers multicast DNS and DNS-SD on the local network: it tells
#   every neighbour the host's name, addresses and, with publishing on, the
#   services it runs, and it parses untrusted packets from anyone on the
#   segment (avahi-daemon has a history of remote crashes). Its openFirewall
#   option defaults to true, opening UDP 5353 on every interface. Desktop
#   and printing setups switch it on implicitly. The finding is more serious
#   when the host publishes its services or opens the firewall for it; the
#   message says which.
# custom:
#   id: SVC002
#   severity: medium
#   options:
#     - services.avahi.enable
#     - services.avahi.openFirewall
#     - services.avahi.publish.enable
#   remediation: |
#     services.avahi.enable = false;
#     # or, where mDNS is needed:
#     services.avahi.publish.enable = false;
#     services.avahi.openFirewall = false;
#   references:
#     - https://search.nixos.org/options?query=services.avahi
#     - https://www.cvedetails.com/vendor/15018/Avahi.html
package nixsec.rules.services.svc002

import data.nixsec.lib

_comps := ["services", "avahi", "enable"]

_exposures := [
	{"comps": ["services", "avahi", "publish", "enable"], "what": "publishes the host's services"},
	{"comps": ["services", "avahi", "openFirewall"], "what": "opens UDP 5353 on every interface"},
]

deny contains v if {
	input.config.services.avahi.enable == true
	p := lib.path(_comps)
	v := {
		"path": p,
		"msg": sprintf("services.avahi.enable is true%s: mDNS announces the host on the local network%s", [lib.default_note(p), _exposed]),
		"fix": {"path": p, "value": false},
	}
}

_exposing := [sprintf("%s (%s)", [e.what, lib.path(e.comps)]) | some e in _exposures; lib.is_true(e.comps)]

_exposed := sprintf("; it %s", [concat(" and ", _exposing)]) if {
	count(_exposing) > 0
} else := ""
