# METADATA
# title: Any user may execute sudo
# description: |
#   sudo is a setuid-root program with a large parser and a history of local
#   root exploits that need no sudo rights at all, only the ability to run
#   it (Baron Samedit, CVE-2021-3156, a heap overflow reachable by every
#   local user). security.sudo.execWheelOnly makes the wrapper executable by
#   root and wheel only, so a compromised service account or unprivileged
#   user cannot even start it. NixOS leaves it false. Checked for sudo and,
#   where enabled, sudo-rs.
# custom:
#   id: USR002
#   severity: low
#   options:
#     - security.sudo.enable
#     - security.sudo.execWheelOnly
#     - security.sudo-rs.enable
#     - security.sudo-rs.execWheelOnly
#   remediation: |
#     security.sudo.execWheelOnly = true;
#   references:
#     - https://search.nixos.org/options?query=security.sudo.execWheelOnly
#     - https://www.qualys.com/2021/01/26/cve-2021-3156/baron-samedit-heap-based-overflow-sudo.txt
package nixsec.rules.users.usr002

import data.nixsec.lib

deny contains v if {
	some sudo in ["sudo", "sudo-rs"]
	lib.is_true(["security", sudo, "enable"])
	comps := ["security", sudo, "execWheelOnly"]
	lib.is_false(comps)
	p := lib.path(comps)
	v := {
		"path": p,
		"msg": sprintf("%s is false%s: every local user can run the setuid sudo binary", [p, lib.default_note(p)]),
		"fix": {"path": p, "value": true},
	}
}
