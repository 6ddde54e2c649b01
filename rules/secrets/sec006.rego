# METADATA
# title: User accounts are mutable
# description: |
#   With users.mutableUsers = true (the NixOS default) useradd, passwd and
#   usermod keep working, and accounts, groups and passwords changed at run
#   time survive rebuilds: the configuration no longer says who can log in.
#   An account an attacker added, or a password someone set by hand, stays
#   invisible to a review of the flake. With false, /etc/passwd, /etc/group
#   and /etc/shadow are rebuilt from the configuration on every activation;
#   every user then needs a hashedPassword(File) or key, or no password.
# custom:
#   id: SEC006
#   severity: low
#   options:
#     - users.mutableUsers
#   remediation: |
#     users.mutableUsers = false;
#     users.users.alice.hashedPasswordFile = config.sops.secrets.alice-password.path;
#   references:
#     - https://search.nixos.org/options?query=users.mutableUsers
#     - https://xeiaso.net/blog/paranoid-nixos-2021-07-18/
#     - https://notashelf.dev/posts/insecurities-remedies-i
package nixsec.rules.secrets.sec006

import data.nixsec.lib

_comps := ["users", "mutableUsers"]

deny contains v if {
	input.config.users.mutableUsers == true
	p := lib.path(_comps)
	v := {
		"path": p,
		"msg": sprintf("users.mutableUsers is true%s: accounts and passwords changed at run time are not in the configuration", [lib.default_note(p)]),
		"fix": {"path": p, "value": false},
	}
}
