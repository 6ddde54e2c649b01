# METADATA
# title: auditd runs without kernel audit rules
# description: |
#   auditd only records what the kernel's audit subsystem emits. Unless
#   security.audit.enable loads audit rules (watches on /etc/passwd, execve
#   logging, privilege changes), the daemon collects little beyond login
#   events, and the trail an investigation needs is missing even though
#   auditd appears to be on. security.audit.enable defaults to false and
#   security.audit.rules to an empty list.
# custom:
#   id: AUD002
#   severity: low
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
	lib.is_true(["security", "auditd", "enable"])
	lib.is_false(_enable)
	p := lib.path(_enable)
	v := {
		"path": p,
		"msg": sprintf("security.audit.enable is false%s while auditd is on", [lib.default_note(p)]),
		"fix": {"path": p, "value": true},
	}
}

deny contains v if {
	lib.is_true(["security", "auditd", "enable"])
	lib.has(_rules)
	not lib.non_empty_list(_rules)
	v := {
		"path": lib.path(_rules),
		"msg": sprintf("security.audit.rules is %s while auditd is on", [lib.show(lib.cfg(_rules, null))]),
	}
}
