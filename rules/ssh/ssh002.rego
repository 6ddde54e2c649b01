# METADATA
# title: SSH allows root to log in
# description: |
#   A root login skips the per-user account, sudo's log and its password
#   prompt: whoever holds a root key (or, with PermitRootLogin = "yes", guesses
#   root's password) owns the host at once, and the logs do not say who it was.
#   Administrators should log in as themselves and escalate. NixOS defaults to
#   "prohibit-password", which still lets any key in root's authorized_keys
#   log in; null leaves the directive out and OpenSSH's own default
#   (prohibit-password) applies.
# custom:
#   id: SSH002
#   severity: high
#   options:
#     - services.openssh.enable
#     - path: services.openssh.settings.PermitRootLogin
#       aliases:
#         - services.openssh.permitRootLogin
#     - users.users.root.openssh.authorizedKeys.keys
#     - users.users.root.openssh.authorizedKeys.keyFiles
#   remediation: |
#     services.openssh.settings.PermitRootLogin = "no";
#   references:
#     - https://infosec.mozilla.org/guidelines/openssh.html
#     - https://nixos.org/manual/nixos/stable/#sec-ssh
#     - https://xeiaso.net/blog/paranoid-nixos-2021-07-18/
#     - https://man.openbsd.org/sshd_config#PermitRootLogin
package nixsec.rules.ssh.ssh002

import data.nixsec.lib

_comps := ["services", "openssh", "settings", "PermitRootLogin"]

_key_comps := [
	["users", "users", "root", "openssh", "authorizedKeys", "keys"],
	["users", "users", "root", "openssh", "authorizedKeys", "keyFiles"],
]

deny contains v if {
	lib.is_true(["services", "openssh", "enable"])
	lib.has(_comps)
	value := lib.cfg(_comps, null)
	value != "no"
	p := lib.path(_comps)
	v := {
		"path": p,
		"msg": sprintf("PermitRootLogin is %s%s; %s", [lib.show(value), _note(p, value), _root_keys]),
		"anchor": "services.openssh.enable",
		"fix": {"path": p, "value": "no"},
	}
}

_note(_, value) := " (OpenSSH default: prohibit-password)" if value == null

_note(p, value) := lib.default_note(p) if value != null

_key_count := sum([n |
	some comps in _key_comps
	keys := lib.cfg(comps, [])
	is_array(keys)
	n := count(keys)
])

_root_keys := "root has no authorized keys" if _key_count == 0

_root_keys := "root has 1 authorized key" if _key_count == 1

_root_keys := sprintf("root has %d authorized keys", [_key_count]) if _key_count > 1
