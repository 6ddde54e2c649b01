# METADATA
# title: SSH does not drop unresponsive clients within 10 minutes
# description: |
#   sshd's ClientAliveInterval sends a keep-alive through the encrypted
#   channel after that many seconds of silence; with ClientAliveCountMax it
#   ends sessions whose client has gone away, instead of leaving them open
#   for someone else at the terminal or on the network path. The STIG
#   (V-268142, V1R1 check text) requires ClientAliveInterval of 600 or
#   less; a missing line (OpenSSH's default 0 turns keep-alives off) is a
#   finding. NixOS writes no ClientAliveInterval unless the host sets
#   services.openssh.settings.ClientAliveInterval (a free-form setting) or
#   an extraConfig line. Not applicable when sshd is off.
# custom:
#   id: STIG142
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268142
#   options:
#     - path: services.openssh.enable
#       aliases:
#         - services.sshd.enable
#     - services.openssh.settings.ClientAliveInterval
#     - services.openssh.settings.*
#     - services.openssh.extraConfig
#   remediation: |
#     services.openssh.settings.ClientAliveInterval = 600;
#   references:
#     - https://preview.stighub.com/stig/Anduril%20NixOS%20Security%20Technical%20Implementation%20Guide
#     - https://man.openbsd.org/sshd_config#ClientAliveInterval
package nixsec.rules.stig.stig142

import data.nixsec.lib
import data.nixsec.rules.stig.misclib

_name := "ClientAliveInterval"

_comps := ["services", "openssh", "settings", _name]

not_applicable := "sshd is off (services.openssh.enable is not true)" if not misclib.ssh_enabled

_ok(v) if {
	s := misclib.seconds(v)
	s > 0
	s <= 600
}

deny contains v if {
	misclib.ssh_enabled
	g := misclib.sshd_global(_name)
	not _ok(g.value)
	v := object.union(
		{
			"path": g.path,
			"msg": sprintf("ClientAliveInterval is %s: unresponsive SSH sessions are not dropped within 10 minutes (600 s)", [lib.show(g.value)]),
			"anchor": "services.openssh.enable",
		},
		_fix(g),
	)
}

_fix(g) := {"fix": {"path": g.path, "value": 600}} if g.from == "settings"

_fix(g) := {} if g.from != "settings"

deny contains v if {
	misclib.ssh_enabled
	not misclib.sshd_global(_name)
	p := lib.path(_comps)
	v := {
		"path": p,
		"msg": "sshd_config sets no ClientAliveInterval (OpenSSH default 0: no keep-alives), so unresponsive SSH sessions stay open",
		"anchor": "services.openssh.enable",
		"fix": {"path": p, "value": 600},
	}
}

deny contains v if {
	misclib.ssh_enabled
	some e in misclib.sshd_match_lines(_name)
	not _ok(e.value)
	v := {
		"path": e.path,
		"msg": sprintf("%s writes %s %s: those sessions are not dropped within 10 minutes", [e.path, lib.show(e.text), e.where]),
		"anchor": "services.openssh.enable",
	}
}
