# METADATA
# title: SSH ciphers are not exactly the STIG's AES-CTR list
# description: |
#   The STIG (V-268089, V1R2) allows sshd only the FIPS 140-3 approved
#   ciphers aes256-ctr, aes192-ctr and aes128-ctr, in that order; any other
#   cipher, another order, or no Ciphers line is a finding. NixOS's default
#   list adds chacha20-poly1305 and AES-GCM (services.openssh.settings.Ciphers,
#   services.openssh.ciphers before NixOS 23.05; a null list leaves OpenSSH's
#   own wider default; nixos/modules/services/networking/ssh/sshd.nix). The
#   STIG's fix text misspells the option as services.openssh.setting.Ciphers.
#   This list is narrower than SSH005's modern profile, which accepts
#   chacha20-poly1305 and AES-GCM: the rule runs only under --framework stig,
#   so normal runs do not report SSH005's own remediation.
# custom:
#   id: STIG089
#   severity: critical
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268089
#   options:
#     - path: services.openssh.enable
#       aliases:
#         - services.sshd.enable
#     - path: services.openssh.settings.Ciphers
#       aliases:
#         - services.openssh.ciphers
#     - services.openssh.settings.*
#     - services.openssh.extraConfig
#   remediation: |
#     services.openssh.settings.Ciphers = [ "aes256-ctr" "aes192-ctr" "aes128-ctr" ];
#   references:
#     - https://stigui.com/stigs/Anduril_NixOS_STIG/groups/V-268089
#     - https://github.com/NixOS/nixpkgs/blob/master/nixos/modules/services/networking/ssh/sshd.nix
package nixsec.rules.stig.stig089

import data.nixsec.lib
import data.nixsec.rules.stig.misclib

_want := ["aes256-ctr", "aes192-ctr", "aes128-ctr"]

_comps := ["services", "openssh", "settings", "Ciphers"]

not_applicable := "sshd is off (services.openssh.enable is not true)" if not misclib.ssh_enabled

deny contains v if {
	misclib.ssh_enabled
	g := misclib.sshd_global("Ciphers")
	got := misclib.sshd_list(g.value)
	got != _want
	v := object.union(
		{
			"path": g.path,
			"msg": sprintf("sshd's Ciphers are %s%s: the STIG allows exactly aes256-ctr,aes192-ctr,aes128-ctr in that order", [concat(",", got), _note(g)]),
			"anchor": "services.openssh.enable",
		},
		_fix(g),
	)
}

_fix(g) := {"fix": {"path": g.path, "value": _want}} if g.from == "settings"

_fix(g) := {} if g.from != "settings"

_note(g) := lib.default_note(g.path) if g.from == "settings"

_note(g) := "" if g.from != "settings"

deny contains v if {
	misclib.ssh_enabled
	not misclib.sshd_global("Ciphers")
	p := lib.path(_comps)
	v := {
		"path": p,
		"msg": "sshd_config has no Ciphers line (services.openssh.settings.Ciphers is null): OpenSSH's own default list applies, not the STIG's AES-CTR list",
		"anchor": "services.openssh.enable",
		"fix": {"path": p, "value": _want},
	}
}

deny contains v if {
	misclib.ssh_enabled
	some e in misclib.sshd_match_lines("Ciphers")
	misclib.sshd_list(e.value) != _want
	v := {
		"path": e.path,
		"msg": sprintf("%s writes %s %s: those connections get ciphers other than the STIG's list", [e.path, lib.show(e.text), e.where]),
		"anchor": "services.openssh.enable",
	}
}
