# METADATA
# title: SSH MACs are not limited to the STIG's HMAC-SHA2 pair
# description: |
#   The STIG (V-268157, V1R1 check text, written for the old option
#   services.openssh.macs) allows sshd only the MACs hmac-sha2-512 and
#   hmac-sha2-256. NixOS's default list (services.openssh.settings.Macs) is
#   the -etm@openssh.com variants and umac-128-etm, none of which the STIG
#   lists; a null list leaves OpenSSH's own wider default
#   (nixos/modules/services/networking/ssh/sshd.nix). SSH005's modern
#   profile accepts the -etm MACs and recommends them: this rule runs only
#   under --framework stig, so normal runs do not contradict SSH005.
# custom:
#   id: STIG157
#   severity: critical
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268157
#   options:
#     - path: services.openssh.enable
#       aliases:
#         - services.sshd.enable
#     - path: services.openssh.settings.Macs
#       aliases:
#         - services.openssh.macs
#     - services.openssh.settings.*
#     - services.openssh.extraConfig
#   remediation: |
#     services.openssh.settings.Macs = [ "hmac-sha2-512" "hmac-sha2-256" ];
#   references:
#     - https://preview.stighub.com/stig/Anduril%20NixOS%20Security%20Technical%20Implementation%20Guide
#     - https://github.com/NixOS/nixpkgs/blob/master/nixos/modules/services/networking/ssh/sshd.nix
package nixsec.rules.stig.stig157

import data.nixsec.lib
import data.nixsec.rules.stig.misclib

_allowed := {"hmac-sha2-512", "hmac-sha2-256"}

_want := ["hmac-sha2-512", "hmac-sha2-256"]

_comps := ["services", "openssh", "settings", "Macs"]

not_applicable := "sshd is off (services.openssh.enable is not true)" if not misclib.ssh_enabled

_bad(list) := [m | some m in list; not m in _allowed]

deny contains v if {
	misclib.ssh_enabled
	g := misclib.sshd_global("Macs")
	got := misclib.sshd_list(g.value)
	bad := _bad(got)
	count(bad) > 0
	v := object.union(
		{
			"path": g.path,
			"msg": sprintf("sshd's MACs include %s%s: the STIG allows only hmac-sha2-512 and hmac-sha2-256", [concat(", ", bad), _note(g)]),
			"anchor": "services.openssh.enable",
		},
		_fix(g),
	)
}

deny contains v if {
	misclib.ssh_enabled
	g := misclib.sshd_global("Macs")
	count(misclib.sshd_list(g.value)) == 0
	v := object.union(
		{
			"path": g.path,
			"msg": "sshd's MACs list is empty: the STIG requires hmac-sha2-512 and hmac-sha2-256",
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
	not misclib.sshd_global("Macs")
	p := lib.path(_comps)
	v := {
		"path": p,
		"msg": "sshd_config has no MACs line (services.openssh.settings.Macs is null): OpenSSH's own default list applies, not the STIG's pair",
		"anchor": "services.openssh.enable",
		"fix": {"path": p, "value": _want},
	}
}

deny contains v if {
	misclib.ssh_enabled
	some e in misclib.sshd_match_lines("Macs")
	count(_bad(misclib.sshd_list(e.value))) > 0
	v := {
		"path": e.path,
		"msg": sprintf("%s writes %s %s: those connections may use MACs the STIG does not allow", [e.path, lib.show(e.text), e.where]),
		"anchor": "services.openssh.enable",
	}
}
