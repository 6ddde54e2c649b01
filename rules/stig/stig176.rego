# METADATA
# title: sshd does not authenticate through PAM
# description: |
#   With UsePAM, sshd runs logins through PAM, where the system's
#   authentication policy lives (lockout after failed attempts, multifactor
#   and smart-card modules, account expiry); without it sshd bypasses them.
#   The STIG (V-268176, V1R1 check text: sshd -G shows usepam yes) requires
#   it. NixOS's default is services.openssh.settings.UsePAM = true, which
#   also creates the sshd PAM service; null leaves the line out, and
#   OpenSSH's default is no (nixos/modules/services/networking/ssh/sshd.nix).
#   Not applicable when sshd is off.
# custom:
#   id: STIG176
#   severity: critical
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268176
#   options:
#     - path: services.openssh.enable
#       aliases:
#         - services.sshd.enable
#     - services.openssh.settings.UsePAM
#     - services.openssh.settings.*
#     - services.openssh.extraConfig
#   remediation: |
#     services.openssh.settings.UsePAM = true;
#   references:
#     - https://preview.stighub.com/stig/Anduril%20NixOS%20Security%20Technical%20Implementation%20Guide
#     - https://github.com/NixOS/nixpkgs/blob/master/nixos/modules/services/networking/ssh/sshd.nix
package nixsec.rules.stig.stig176

import data.nixsec.lib
import data.nixsec.rules.stig.misclib

_comps := ["services", "openssh", "settings", "UsePAM"]

not_applicable := "sshd is off (services.openssh.enable is not true)" if not misclib.ssh_enabled

_yes(v) if v == true

_yes(v) if {
	is_string(v)
	lower(trim_space(v)) == "yes"
}

deny contains v if {
	misclib.ssh_enabled
	g := misclib.sshd_global("UsePAM")
	not _yes(g.value)
	v := object.union(
		{
			"path": g.path,
			"msg": sprintf("UsePAM is %s%s: sshd authenticates without PAM and its policies", [lib.show(g.value), _note(g)]),
			"anchor": "services.openssh.enable",
		},
		_fix(g),
	)
}

_fix(g) := {"fix": {"path": g.path, "value": true}} if g.from == "settings"

_fix(g) := {} if g.from != "settings"

_note(g) := lib.default_note(g.path) if g.from == "settings"

_note(g) := "" if g.from != "settings"

deny contains v if {
	misclib.ssh_enabled
	not misclib.sshd_global("UsePAM")
	p := lib.path(_comps)
	v := {
		"path": p,
		"msg": "sshd_config has no UsePAM line (services.openssh.settings.UsePAM is null; OpenSSH default: no): sshd authenticates without PAM",
		"anchor": "services.openssh.enable",
		"fix": {"path": p, "value": true},
	}
}
