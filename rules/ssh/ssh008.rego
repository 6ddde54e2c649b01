# METADATA
# title: SSH does not log which key was used
# description: |
#   At LogLevel INFO, sshd logs that a user logged in with a public key but not
#   which key: when a key leaks, the logs cannot tell its logins from the
#   owner's, nor which key to revoke. VERBOSE adds the key's fingerprint to
#   every authentication line (Mozilla's guideline). NixOS's default is INFO
#   (older NixOS modules defaulted to VERBOSE); null leaves the directive out
#   and OpenSSH's default, INFO, applies. The DEBUG levels log private data and
#   are not meant for production.
# custom:
#   id: SSH008
#   severity: low
#   frameworks:
#     stig:
#       - V-268088
#   options:
#     - path: services.openssh.enable
#       aliases:
#         - services.sshd.enable
#     - path: services.openssh.settings.LogLevel
#       aliases:
#         - services.openssh.logLevel
#   remediation: |
#     services.openssh.settings.LogLevel = "VERBOSE";
#   references:
#     - https://infosec.mozilla.org/guidelines/openssh.html
#     - https://man.openbsd.org/sshd_config#LogLevel
package nixsec.rules.ssh.ssh008

import data.nixsec.lib

_comps := ["services", "openssh", "settings", "LogLevel"]

deny contains v if {
	input.config.services.openssh.enable == true
	lib.has(_comps)
	value := object.get(input.config, _comps, null)
	value != "VERBOSE"
	p := lib.path(_comps)
	v := {
		"path": p,
		"msg": sprintf("LogLevel is %s%s", [lib.show(value), _note(p, value)]),
		"anchor": "services.openssh.enable",
		"fix": {"path": p, "value": "VERBOSE"},
	}
}

_note(_, value) := " (OpenSSH default: INFO)" if value == null

_note(p, value) := lib.default_note(p) if value != null
