# METADATA
# title: Two interactive accounts share a UID
# description: |
#   Accounts that share a UID are the same account to the kernel: files,
#   processes and audit records of one cannot be told from the other's,
#   which defeats individual accountability. The STIG reports duplicate
#   UIDs in /etc/passwd among interactive accounts. On NixOS the UIDs of
#   declared accounts are users.users.<name>.uid; NixOS allocates unique
#   UIDs to accounts that leave it null, so a duplicate comes from two
#   explicit values. The rule reports a UID declared for more than one
#   account when at least one of them is interactive (isNormalUser, or a
#   UID of 1000 or more on an account that is not isSystemUser). Accounts
#   created at runtime (users.mutableUsers) are only in /etc/passwd: that
#   part of the check needs the running system. Facts from the V1R1 check
#   text; no V1R2 page was found.
# custom:
#   id: STIG135
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268135
#   options:
#     - users.users.*.uid
#     - users.users.*.isNormalUser
#     - users.users.*.isSystemUser
#   remediation: |
#     # Give each account its own UID, or leave uid = null to let NixOS pick one.
#     users.users.bob.uid = 1001;
#   references:
#     - https://www.stigviewer.com/stigs/anduril_nixos/2024-10-25/finding/V-268135
#     - https://search.nixos.org/options?query=users.users.%3Cname%3E.uid
package nixsec.rules.stig.stig135

import data.nixsec.lib

_uids := object.get(lib.users_by_option, "uid", {})

_users := lib.cfg(["users", "users"], {})

deny contains v if {
	some uid in {u | some _, u in _uids; is_number(u)}
	names := sort([n | some n, u in _uids; u == uid])
	count(names) > 1
	some n in names
	_interactive(n, uid)
	some i, dup in names
	i > 0
	v := {
		"path": lib.path(["users", "users", dup, "uid"]),
		"msg": sprintf("UID %v is declared for %s: the accounts cannot be told apart", [uid, concat(" and ", names)]),
	}
}

_interactive(name, _) if object.get(_users[name], "isNormalUser", false) == true

_interactive(name, uid) if {
	uid >= 1000
	object.get(_users[name], "isSystemUser", false) != true
}
