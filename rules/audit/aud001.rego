# METADATA
# title: The audit daemon is not enabled
# description: |
#   Without auditd the kernel's audit records (logins, privilege changes,
#   executed commands and file accesses the audit rules select) are not kept,
#   so after an incident there is no trail of what an intruder ran or touched.
#   NixOS leaves security.auditd.enable off. Turning it on also starts kernel
#   auditing at boot (audit=1 on the kernel command line), so processes
#   started before the daemon are audited too: up to NixOS 25.05 the auditd
#   module adds audit=1 itself; since 25.11 it sets security.audit.enable to
#   true as a default, and the audit module adds audit=1 (and an
#   audit_backlog_limit) while security.audit.enable is on.
# custom:
#   id: AUD001
#   severity: medium
#   frameworks:
#     stig:
#       - V-268080
#   options:
#     - security.auditd.enable
#   remediation: |
#     security.auditd.enable = true;
#     security.audit.enable = true; # the default with auditd since NixOS 25.11
#     security.audit.rules = [ "-a exit,always -F arch=b64 -S execve" ];
#   references:
#     - https://xeiaso.net/blog/paranoid-nixos-2021-07-18/
#     - https://search.nixos.org/options?query=security.auditd
#     - https://www.cisecurity.org/cis-benchmarks
package nixsec.rules.audit.aud001

import data.nixsec.lib

_comps := ["security", "auditd", "enable"]

deny contains v if {
	input.config.security.auditd.enable == false
	p := lib.path(_comps)
	v := {
		"path": p,
		"msg": sprintf("security.auditd.enable is false%s", [lib.default_note(p)]),
		"fix": {"path": p, "value": true},
	}
}
