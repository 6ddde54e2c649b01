# METADATA
# title: SSH keeps sessions after more than one unanswered keep-alive
# description: |
#   ClientAliveCountMax is how many keep-alives sshd sends without an answer
#   before it closes the session; with ClientAliveInterval it bounds how long
#   an abandoned session stays open. The STIG (V-268143, V1R2) requires
#   exactly 1; another value or a missing line (OpenSSH's default is 3) is a
#   finding. NixOS writes none unless the host sets
#   services.openssh.settings.ClientAliveCountMax (a free-form setting) or an
#   extraConfig line. Not applicable when sshd is off.
# custom:
#   id: STIG143
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268143
#   options:
#     - path: services.openssh.enable
#       aliases:
#         - services.sshd.enable
#     - services.openssh.settings.ClientAliveCountMax
#     - services.openssh.settings.*
#     - services.openssh.extraConfig
#   remediation: |
#     services.openssh.settings.ClientAliveCountMax = 1;
#   references:
#     - https://preview.stighub.com/check/28106dcc-f561-44d7-b610-297900d1daba
#     - https://man.openbsd.org/sshd_config#ClientAliveCountMax
package nixsec.rules.stig.stig143

import data.nixsec.lib
import data.nixsec.rules.stig.misclib

_name := "ClientAliveCountMax"

_comps := ["services", "openssh", "settings", _name]

not_applicable := "sshd is off (services.openssh.enable is not true)" if not misclib.ssh_enabled

_ok(v) if misclib.number(v) == 1

deny contains v if {
	misclib.ssh_enabled
	g := misclib.sshd_global(_name)
	not _ok(g.value)
	v := object.union(
		{
			"path": g.path,
			"msg": sprintf("ClientAliveCountMax is %s: the STIG requires 1", [lib.show(g.value)]),
			"anchor": "services.openssh.enable",
		},
		_fix(g),
	)
}

_fix(g) := {"fix": {"path": g.path, "value": 1}} if g.from == "settings"

_fix(g) := {} if g.from != "settings"

deny contains v if {
	misclib.ssh_enabled
	not misclib.sshd_global(_name)
	p := lib.path(_comps)
	v := {
		"path": p,
		"msg": "sshd_config sets no ClientAliveCountMax (OpenSSH default: 3); the STIG requires 1",
		"anchor": "services.openssh.enable",
		"fix": {"path": p, "value": 1},
	}
}

deny contains v if {
	misclib.ssh_enabled
	some e in misclib.sshd_match_lines(_name)
	not _ok(e.value)
	v := {
		"path": e.path,
		"msg": sprintf("%s writes %s %s: the STIG requires 1", [e.path, lib.show(e.text), e.where]),
		"anchor": "services.openssh.enable",
	}
}
