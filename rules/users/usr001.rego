# METADATA
# title: sudo lets wheel members act as root without a password
# description: |
#   With wheelNeedsPassword = false every member of wheel runs any command
#   as root with no password: whoever gets code execution as such a user (a
#   malicious package, a browser exploit, a stolen SSH key) is root at once,
#   with no prompt in the way and nothing for a keylogger to wait for. NixOS
#   asks for the password by default. Checked for sudo and, where enabled,
#   sudo-rs, which has the same option.
# custom:
#   id: USR001
#   severity: medium
#   frameworks:
#     stig:
#       - V-268156
#   options:
#     - security.sudo.enable
#     - security.sudo.wheelNeedsPassword
#     - security.sudo-rs.enable
#     - security.sudo-rs.wheelNeedsPassword
#   remediation: |
#     security.sudo.wheelNeedsPassword = true;
#   references:
#     - https://search.nixos.org/options?query=security.sudo.wheelNeedsPassword
#     - https://wiki.nixos.org/wiki/Sudo
#     - https://xeiaso.net/blog/paranoid-nixos-2021-07-18/
package nixsec.rules.users.usr001

import data.nixsec.lib

deny contains v if {
	some sudo in ["sudo", "sudo-rs"]
	lib.is_true(["security", sudo, "enable"])
	comps := ["security", sudo, "wheelNeedsPassword"]
	lib.is_false(comps)
	p := lib.path(comps)
	v := {
		"path": p,
		"msg": sprintf("%s is false: every wheel member runs commands as root without a password", [p]),
		"fix": {"path": p, "value": true},
	}
}
