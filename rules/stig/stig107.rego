# METADATA
# title: journald does not collect the audit records it could offload
# description: |
#   The STIG offloads audit records through systemd-journald, and its fix
#   turns on services.journald.audit, which has journald switch kernel
#   auditing on at start-up and keep audit records in the journal that
#   journal upload sends away. NixOS's default is "keep": journald leaves
#   the audit state alone (nixos/modules/system/boot/systemd/journald.nix
#   writes it as Audit= in journald.conf); false switches auditing off.
#   journald itself always runs on NixOS; that the service is active is the
#   part of the check only the running system shows.
# custom:
#   id: STIG107
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268107
#   options:
#     - services.journald.audit
#   remediation: |
#     services.journald.audit = true;
#   references:
#     - https://preview.stighub.com/check/fe1f0936-98c2-4a5a-899c-49a8cbcb66a7
#     - https://www.stigviewer.com/stigs/anduril_nixos/2024-10-25/finding/V-268107
package nixsec.rules.stig.stig107

import data.nixsec.lib

_comps := ["services", "journald", "audit"]

deny contains v if {
	lib.has(_comps)
	value := lib.cfg(_comps, null)
	value != true
	p := lib.path(_comps)
	v := {
		"path": p,
		"msg": sprintf("services.journald.audit is %s%s: journald does not turn auditing on for the journal it offloads", [lib.show(value), lib.default_note(p)]),
		"fix": {"path": p, "value": true},
	}
}
