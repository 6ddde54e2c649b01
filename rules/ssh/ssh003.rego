# METADATA
# title: SSH allows keyboard-interactive authentication
# description: |
#   Keyboard-interactive authentication lets PAM run its own conversation with
#   the client, and with UsePAM on (the NixOS default) that conversation asks
#   for the account's Unix password. Turning PasswordAuthentication off is
#   therefore not enough: passwords are still accepted through this method.
#   NixOS leaves KbdInteractiveAuthentication at true; null leaves the
#   directive out and OpenSSH's own default (yes) applies. Keep it only when a
#   PAM module that needs it (an OTP prompt) is configured on purpose, behind
#   a public key: the rule does not fire when every AuthenticationMethods
#   alternative starts with "publickey," (SSH010's second factor).
# custom:
#   id: SSH003
#   severity: high
#   options:
#     - services.openssh.enable
#     - services.openssh.settings.AuthenticationMethods
#     - path: services.openssh.settings.KbdInteractiveAuthentication
#       aliases:
#         - services.openssh.kbdInteractiveAuthentication
#         - services.openssh.challengeResponseAuthentication
#   remediation: |
#     services.openssh.settings.KbdInteractiveAuthentication = false;
#   references:
#     - https://infosec.mozilla.org/guidelines/openssh.html
#     - https://wiki.nixos.org/wiki/SSH
#     - https://notashelf.dev/posts/insecurities-remedies-i
#     - https://man.openbsd.org/sshd_config#KbdInteractiveAuthentication
package nixsec.rules.ssh.ssh003

import data.nixsec.lib

_comps := ["services", "openssh", "settings", "KbdInteractiveAuthentication"]

deny contains v if {
	lib.is_true(["services", "openssh", "enable"])
	lib.has(_comps)
	value := lib.cfg(_comps, null)
	value != false
	not _publickey_first
	p := lib.path(_comps)
	v := {
		"path": p,
		"msg": sprintf("KbdInteractiveAuthentication is %s%s", [lib.show(value), _note(p, value)]),
		"anchor": "services.openssh.enable",
		"fix": {"path": p, "value": false},
	}
}

# With AuthenticationMethods requiring a public key before anything else
# in every alternative ("publickey,keyboard-interactive"), keyboard-
# interactive can only be a second factor (the PAM code of SSH010), never a
# password prompt for an anonymous client.
_publickey_first if {
	methods := lib.cfg(["services", "openssh", "settings", "AuthenticationMethods"], null)
	is_string(methods)
	alternatives := split(trim_space(methods), " ")
	count(alternatives) > 0
	every a in alternatives {
		startswith(a, "publickey,")
	}
}

_note(_, value) := " (OpenSSH default: yes)" if value == null

_note(p, value) := lib.default_note(p) if value != null
