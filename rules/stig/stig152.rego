# METADATA
# title: Users other than root and wheel may use the Nix daemon
# description: |
#   Every user allowed to connect to the Nix daemon can build and install
#   software into the store. The STIG (V-268152, V1R2) allows only root and
#   the wheel group: nix.settings.allowed-users must list nothing but "root"
#   and "@wheel", and leaving it unset is a finding. NixOS's default is
#   [ "*" ], every user (nixos/modules/config/nix.nix). NIX004 reports only
#   "*" and suggests @users, which this check rejects: this rule runs only
#   under --framework stig.
# custom:
#   id: STIG152
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268152
#   options:
#     - nix.settings.allowed-users
#   remediation: |
#     nix.settings.allowed-users = [ "root" "@wheel" ];
#   references:
#     - https://preview.stighub.com/check/82ab0cc4-f038-4070-836d-0c85bab53119
#     - https://github.com/NixOS/nixpkgs/blob/master/nixos/modules/config/nix.nix
package nixsec.rules.stig.stig152

import data.nixsec.lib

_comps := ["nix", "settings", "allowed-users"]

_allowed := {"root", "@wheel"}

_want := ["root", "@wheel"]

deny contains v if {
	lib.has(_comps)
	users := lib.cfg(_comps, null)
	is_array(users)
	extra := [u | some u in users; not u in _allowed]
	count(extra) > 0
	p := lib.path(_comps)
	v := {
		"path": p,
		"msg": sprintf("nix.settings.allowed-users is %s%s: %s may use the Nix daemon; the STIG allows only root and @wheel", [lib.show(users), lib.default_note(p), concat(", ", extra)]),
		"fix": {"path": p, "value": _want},
	}
}

deny contains v if {
	lib.has(_comps)
	users := lib.cfg(_comps, null)
	not is_array(users)
	p := lib.path(_comps)
	v := {
		"path": p,
		"msg": sprintf("nix.settings.allowed-users is %s: the STIG requires [ \"root\" \"@wheel\" ]", [lib.show(users)]),
		"fix": {"path": p, "value": _want},
	}
}
