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
#
#   nixsec reads the sshd_config NixOS writes, not only the setting: the
#   settings in sorted order, then services.openssh.extraConfig. sshd uses
#   the first value it reads, so a global extraConfig line loses to the
#   setting, but a line inside a Match block overrides it for the
#   connections that block matches ("Match all": every connection). The rule
#   fires on a PermitRootLogin other than "no" inside any Match block
#   (whatever its condition), or outside one when it is the first sshd reads
#   (the setting null, or a settings value with a newline writing a line of
#   its own ahead of it); when the setting's own line falls inside a Match
#   block other than "Match all" (a setting named Match sorts before it), so
#   that "no" covers only that block; and, since nixsec cannot tell what
#   they set, on an Include line, on shell syntax in extraConfig (the build
#   writes it with an unquoted here-document: an unescaped $ or ` is
#   expanded), and on a line "EOL" there, which ends that here-document.
# custom:
#   id: SSH002
#   severity: high
#   frameworks:
#     stig:
#       - V-268137
#   options:
#     - path: services.openssh.enable
#       aliases:
#         - services.sshd.enable
#     - path: services.openssh.settings.PermitRootLogin
#       aliases:
#         - services.openssh.permitRootLogin
#     - services.openssh.settings.*
#     - services.openssh.extraConfig
#     - users.users.root.openssh.authorizedKeys.keys
#     - users.users.root.openssh.authorizedKeys.keyFiles
#   remediation: |
#     services.openssh.settings.PermitRootLogin = "no";
#     # and no PermitRootLogin other than "no" in a Match block of
#     # services.openssh.extraConfig, nor an Include there
#   references:
#     - https://infosec.mozilla.org/guidelines/openssh.html
#     - https://nixos.org/manual/nixos/stable/#sec-ssh
#     - https://xeiaso.net/blog/paranoid-nixos-2021-07-18/
#     - https://man.openbsd.org/sshd_config#PermitRootLogin
#     - https://man.openbsd.org/sshd_config#Match
package nixsec.rules.ssh.ssh002

import data.nixsec.lib

_comps := ["services", "openssh", "settings", "PermitRootLogin"]

_key_comps := [
	["users", "users", "root", "openssh", "authorizedKeys", "keys"],
	["users", "users", "root", "openssh", "authorizedKeys", "keyFiles"],
]

deny contains v if {
	input.config.services.openssh.enable == true
	value := input.config.services.openssh.settings.PermitRootLogin
	value != "no"
	p := lib.path(_comps)
	v := {
		"path": p,
		"msg": sprintf("PermitRootLogin is %s%s; %s", [lib.show(value), _note(p, value), _root_keys]),
		"anchor": "services.openssh.enable",
		"fix": {"path": p, "value": "no"},
	}
}

# A line of sshd_config other than the setting's own (extraConfig, or a
# settings value with a newline) lets root in.
deny contains v if {
	input.config.services.openssh.enable == true
	some e in lib.sshd_extra("PermitRootLogin")
	lower(e.value) != "no"
	v := {
		"path": e.path,
		"msg": sprintf("%s writes %s %s; %s", [e.path, lib.show(e.text), _where(e), _root_keys]),
		"anchor": "services.openssh.enable",
	}
}

_where(e) := e.where if e.match != null

_where(e) := sprintf("%s, the first PermitRootLogin sshd reads (%s is %s)", [
	e.where, lib.path(_comps),
	lib.show(lib.cfg(_comps, null)),
]) if e.match == null

# The setting's own line inside a Match block: "no" covers only that block.
deny contains v if {
	input.config.services.openssh.enable == true
	input.config.services.openssh.settings.PermitRootLogin == "no"
	b := lib.sshd_setting_match("PermitRootLogin")
	v := {
		"path": b.path,
		"msg": sprintf("%s opens %s before %s = \"no\" in sshd_config: the setting covers only that block, and every other connection gets OpenSSH's default (prohibit-password); %s", [
			b.path, lib.show(concat(" ", ["Match", b.condition])),
			lib.path(_comps), _root_keys,
		]),
		"anchor": "services.openssh.enable",
	}
}

deny contains v if {
	input.config.services.openssh.enable == true
	some u in lib.sshd_extra_unreadable
	v := {
		"path": u.path,
		"msg": sprintf("%s %s: root may log in; %s", [u.path, u.why, _root_keys]),
		"anchor": "services.openssh.enable",
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
