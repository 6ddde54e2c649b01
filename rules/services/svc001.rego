# METADATA
# title: The CUPS printing service is enabled
# description: |
#   CUPS runs cupsd as root with a web interface and parses documents and
#   network printer announcements; with browsing on, cups-browsed accepts
#   printers announced by anyone on the network, the entry point of the 2024
#   remote code execution chain (CVE-2024-47176 and following). A server
#   rarely prints: every service it does not need is attack surface it does
#   not have to patch.
# custom:
#   id: SVC001
#   severity: medium
#   options:
#     - services.printing.enable
#   remediation: |
#     services.printing.enable = false;
#   references:
#     - https://search.nixos.org/options?query=services.printing.enable
#     - https://www.evilsocket.net/2024/09/26/Attacking-UNIX-systems-via-CUPS-Part-I/
#     - https://xeiaso.net/blog/paranoid-nixos-2021-07-18/
package nixsec.rules.services.svc001

import data.nixsec.lib

_comps := ["services", "printing", "enable"]

deny contains v if {
	input.config.services.printing.enable == true
	p := lib.path(_comps)
	v := {
		"path": p,
		"msg": "services.printing.enable is true: CUPS runs on the host",
		"fix": {"path": p, "value": false},
	}
}
