# METADATA
# title: auditd runs without kernel audit rules
# description: |
#   auditd only records what the kernel's audit subsystem emits, and
#   security.audit decides whether that subsystem runs and which rules it
#   loads (watches on /etc/passwd, execve logging, privilege changes). With
#   security.audit.enable false, NixOS up to 25.05 (where false is the
#   default) runs a service that switches kernel auditing off with
#   auditctl -e 0 even while auditd runs. Since NixOS 25.11 auditd sets
#   security.audit.enable to true as a default, so false is an explicit
#   choice: no audit=1 on the kernel command line, no rules loaded, and
#   auditd, started with -s nochange, does not switch auditing on itself.
#   With auditing on but security.audit.rules empty (its default) the
#   daemon collects little beyond login and authentication events, and the
#   trail an investigation needs is missing although auditd appears to be
#   on.
# custom:
#   id: AUD002
#   severity: low
#   frameworks:
#     stig:
#       - V-268080
#   options:
#     - security.auditd.enable
#     - security.audit.enable
#     - security.audit.rules
#   remediation: |
#     security.audit.enable = true;
#     security.audit.rules = [
#       "-a exit,always -F arch=b64 -S execve"
#       "-w /etc/passwd -p wa -k identity"
#     ];
#   references:
#     - https://search.nixos.org/options?query=security.audit
#     - https://man7.org/linux/man-pages/man7/audit.rules.7.html
#     - https://www.cisecurity.org/cis-benchmarks
package nixsec.rules.audit.aud002

import data.nixsec.lib

_enable := ["security", "audit", "enable"]

_rules := ["security", "audit", "rules"]

deny contains v if {
	input.config.security.auditd.enable == true
	input.config.security.audit.enable == false
	p := lib.path(_enable)
	v := {
		"path": p,
		"msg": sprintf("security.audit.enable is false%s while auditd is on", [lib.default_note(p)]),
		"fix": {"path": p, "value": true},
	}
}

# lib.has(_rules) and lib.non_empty_list(_rules), on the value read once as
# a reference (issue 17).
deny contains v if {
	input.config.security.auditd.enable == true
	rules := input.config.security.audit.rules
	not _non_empty_list(rules)
	v := {
		"path": lib.path(_rules),
		"msg": sprintf("security.audit.rules is %s while auditd is on", [lib.show(rules)]),
	}
}

_non_empty_list(x) if {
	is_array(x)
	count(x) > 0
}
