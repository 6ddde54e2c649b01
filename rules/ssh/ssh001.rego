# METADATA
# title: SSH allows password authentication
# description: |
#   With password authentication on, anyone who can reach the SSH port can try
#   passwords against every account: a weak, reused or leaked password is a
#   remote shell. Public keys (or certificates) cannot be guessed or phished
#   the same way. NixOS leaves PasswordAuthentication at true unless the host
#   turns it off, so enabling sshd alone accepts passwords; null leaves the
#   directive out and OpenSSH's own default (yes) applies.
# custom:
#   id: SSH001
#   severity: high
#   options:
#     - services.openssh.enable
#     - path: services.openssh.settings.PasswordAuthentication
#       aliases:
#         - services.openssh.passwordAuthentication
#   remediation: |
#     services.openssh.settings.PasswordAuthentication = false;
#   references:
#     - https://infosec.mozilla.org/guidelines/openssh.html
#     - https://wiki.nixos.org/wiki/SSH
#     - https://xeiaso.net/blog/paranoid-nixos-2021-07-18/
#     - https://man.openbsd.org/sshd_config#PasswordAuthentication
package nixsec.rules.ssh.ssh001

import data.nixsec.lib

_comps := ["services", "openssh", "settings", "PasswordAuthentication"]

deny contains v if {
	lib.is_true(["services", "openssh", "enable"])
	lib.has(_comps)
	value := lib.cfg(_comps, null)
	value != false
	p := lib.path(_comps)
	v := {
		"path": p,
		"msg": sprintf("PasswordAuthentication is %s%s", [lib.show(value), _note(p, value)]),
		"anchor": "services.openssh.enable",
		"fix": {"path": p, "value": false},
	}
}

_note(_, value) := " (OpenSSH default: yes)" if value == null

_note(p, value) := lib.default_note(p) if value != null
