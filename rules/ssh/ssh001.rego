# METADATA
# title: SSH allows password authentication
# description: |
#   With password authentication on, anyone who can reach the SSH port can try
#   passwords against every account: a weak, reused or leaked password is a
#   remote shell. Public keys (or certificates) cannot be guessed or phished
#   the same way. NixOS leaves PasswordAuthentication at true unless the host
#   turns it off, so enabling sshd alone accepts passwords; null leaves the
#   directive out and OpenSSH's own default (yes) applies.
#
#   nixsec reads the sshd_config NixOS writes, not only the setting: the
#   settings in sorted order, then services.openssh.extraConfig. sshd uses
#   the first value it reads, so a global extraConfig line loses to the
#   setting, but a line inside a Match block overrides it for the
#   connections that block matches ("Match all": every connection). The rule
#   fires on a PasswordAuthentication other than "no" inside any Match block
#   (whatever its condition), or outside one when it is the first sshd reads
#   (the setting null, or a settings value with a newline writing a line of
#   its own ahead of it); when the setting's own line falls inside a Match
#   block other than "Match all" (a setting named Match sorts before it), so
#   that false covers only that block; and, since nixsec cannot tell what
#   they set, on an Include line, on shell syntax in extraConfig (the build
#   writes it with an unquoted here-document: an unescaped $ or ` is
#   expanded), and on a line "EOL" there, which ends that here-document.
# custom:
#   id: SSH001
#   severity: high
#   options:
#     - path: services.openssh.enable
#       aliases:
#         - services.sshd.enable
#     - path: services.openssh.settings.PasswordAuthentication
#       aliases:
#         - services.openssh.passwordAuthentication
#     - services.openssh.settings.*
#     - services.openssh.extraConfig
#   remediation: |
#     services.openssh.settings.PasswordAuthentication = false;
#     # and no "PasswordAuthentication yes" in a Match block of
#     # services.openssh.extraConfig, nor an Include there
#   references:
#     - https://infosec.mozilla.org/guidelines/openssh.html
#     - https://wiki.nixos.org/wiki/SSH
#     - https://xeiaso.net/blog/paranoid-nixos-2021-07-18/
#     - https://man.openbsd.org/sshd_config#PasswordAuthentication
#     - https://man.openbsd.org/sshd_config#Match
package nixsec.rules.ssh.ssh001

import data.nixsec.lib

_comps := ["services", "openssh", "settings", "PasswordAuthentication"]

deny contains v if {
	input.config.services.openssh.enable == true
	value := input.config.services.openssh.settings.PasswordAuthentication
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

# A line of sshd_config other than the setting's own (extraConfig, or a
# settings value with a newline) turns passwords on.
deny contains v if {
	input.config.services.openssh.enable == true
	some e in lib.sshd_extra("PasswordAuthentication")
	lower(e.value) != "no"
	v := {
		"path": e.path,
		"msg": sprintf("%s writes %s %s", [e.path, lib.show(e.text), _where(e)]),
		"anchor": "services.openssh.enable",
	}
}

_where(e) := e.where if e.match != null

_where(e) := sprintf("%s, the first PasswordAuthentication sshd reads (%s is %s)", [
	e.where, lib.path(_comps),
	lib.show(lib.cfg(_comps, null)),
]) if e.match == null

# The setting's own line inside a Match block: false covers only that block.
deny contains v if {
	input.config.services.openssh.enable == true
	input.config.services.openssh.settings.PasswordAuthentication == false
	b := lib.sshd_setting_match("PasswordAuthentication")
	v := {
		"path": b.path,
		"msg": sprintf("%s opens %s before %s = false in sshd_config: the setting covers only that block, and every other connection gets OpenSSH's default (yes)", [
			b.path, lib.show(concat(" ", ["Match", b.condition])),
			lib.path(_comps),
		]),
		"anchor": "services.openssh.enable",
	}
}

deny contains v if {
	input.config.services.openssh.enable == true
	some u in lib.sshd_extra_unreadable
	v := {
		"path": u.path,
		"msg": sprintf("%s %s: PasswordAuthentication may be on", [u.path, u.why]),
		"anchor": "services.openssh.enable",
	}
}
