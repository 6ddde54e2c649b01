# METADATA
# title: SSH allows keyboard-interactive authentication
# description: |
#   Keyboard-interactive authentication lets PAM run its own conversation with
#   the client, and with UsePAM on (the NixOS default) that conversation asks
#   for the account's Unix password. Turning PasswordAuthentication off is
#   therefore not enough: passwords are still accepted through this method.
#   NixOS leaves KbdInteractiveAuthentication at true; null leaves the
#   directive out and OpenSSH's own default (yes) applies. Keep it only when a
#   PAM module that needs it (an OTP prompt) is configured on purpose.
# custom:
#   id: SSH003
#   severity: high
#   options:
#     - services.openssh.enable
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
	p := lib.path(_comps)
	v := {
		"path": p,
		"msg": sprintf("KbdInteractiveAuthentication is %s%s", [lib.show(value), _note(p, value)]),
		"anchor": "services.openssh.enable",
		"fix": {"path": p, "value": false},
	}
}

_note(_, value) := " (OpenSSH default: yes)" if value == null

_note(p, value) := lib.default_note(p) if value != null
