# METADATA
# title: Software can run with more privilege than its user without a trail
# description: |
#   The STIG's control against programs running with higher privilege than
#   the user who started them is, on NixOS, an auditing requirement: auditd
#   and the kernel audit system must both be on, and the execve rules of
#   V-268091 must record every execution that gains root's effective uid or
#   gid (b32 and b64). NixOS leaves security.auditd.enable off; until 25.05
#   security.audit.enable defaults to false, and since 25.11 the auditd
#   module sets it to true as a default (nixos/modules/security/auditd.nix,
#   nixos/modules/security/audit.nix, where "lock" also counts as on).
#   security.audit.rules is empty by default.
# custom:
#   id: STIG148
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268148
#   options:
#     - security.auditd.enable
#     - security.audit.enable
#     - security.audit.rules
#   remediation: |
#     security.auditd.enable = true;
#     security.audit.enable = true;
#     security.audit.rules = [
#       "-a always,exit -F arch=b64 -S execve -C uid!=euid -F euid=0 -k execpriv"
#       "-a always,exit -F arch=b32 -S execve -C uid!=euid -F euid=0 -k execpriv"
#       "-a always,exit -F arch=b64 -S execve -C gid!=egid -F egid=0 -k execpriv"
#       "-a always,exit -F arch=b32 -S execve -C gid!=egid -F egid=0 -k execpriv"
#     ];
#   references:
#     - https://stigui.com/stigs/Anduril_NixOS_STIG/groups/V-268148
package nixsec.rules.stig.stig148

import data.nixsec.lib
import data.nixsec.rules.stig.auditlib

_auditd := ["security", "auditd", "enable"]

_audit := ["security", "audit", "enable"]

deny contains v if {
	lib.cfg(_auditd, false) != true
	p := lib.path(_auditd)
	v := {
		"path": p,
		"msg": sprintf("security.auditd.enable is %s%s: no audit daemon keeps the records", [lib.show(lib.cfg(_auditd, false)), lib.default_note(p)]),
		"fix": {"path": p, "value": true},
	}
}

deny contains v if {
	not auditlib.audit_enabled
	p := lib.path(_audit)
	v := {
		"path": p,
		"msg": sprintf("security.audit.enable is %s%s: the kernel audit rules are not loaded", [lib.show(lib.cfg(_audit, false)), lib.default_note(p)]),
		"fix": {"path": p, "value": true},
	}
}

deny contains v if {
	v := auditlib.rules_violation(auditlib.execpriv_lines, "executions of programs that gain root privileges")
}
