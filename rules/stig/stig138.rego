# METADATA
# title: The root account is not locked against direct logins
# description: |
#   A shared root login leaves no trace of which administrator acted; the
#   STIG wants people to log in as themselves and escalate (sudo), so root's
#   password must be locked: "passwd -S root" has to show L, a hash that
#   starts with "!". NixOS gives root initialHashedPassword = "!" by
#   default (config/users-groups.nix), but with users.mutableUsers = true
#   (the default) that value only seeds an account being created: root's
#   real entry lives in /etc/shadow and is usually set at installation, so
#   the configuration cannot show it. The rule reports mutable users, and,
#   with immutable users, any root password the configuration gives:
#   password, initialPassword or hashedPasswordFile set, or a
#   hashedPassword (initialHashedPassword when that is null) that does not
#   start with "!". A hash of null is reported as unverifiable. Facts from
#   the V1R1 check text; no V1R2 page was found.
# custom:
#   id: STIG138
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268138
#   options:
#     - users.mutableUsers
#     - users.users.root.hashedPassword
#     - users.users.root.initialHashedPassword
#     - users.users.root.password
#     - users.users.root.initialPassword
#     - users.users.root.hashedPasswordFile
#   remediation: |
#     users.mutableUsers = false;
#     # and no password, initialPassword, hashedPasswordFile or unlocked hash for root
#     users.users.root.hashedPassword = "!";
#   references:
#     - https://www.stigviewer.com/stigs/anduril_nixos/2024-10-25/finding/V-268138
#     - https://search.nixos.org/options?query=users.mutableUsers
package nixsec.rules.stig.stig138

import data.nixsec.lib

_root := ["users", "users", "root"]

_mutable := ["users", "mutableUsers"]

deny contains v if {
	lib.has(_mutable)
	lib.cfg(_mutable, true) != false
	p := lib.path(_mutable)
	v := {
		"path": p,
		"msg": sprintf("%s is %s%s: root's password is kept in /etc/shadow, outside the configuration, and may not be locked", [p, lib.show(lib.cfg(_mutable, null)), lib.default_note(p)]),
		"fix": {"path": p, "value": false},
	}
}

deny contains v if {
	lib.is_false(_mutable)
	some option in ["password", "initialPassword", "hashedPasswordFile"]
	comps := array.concat(_root, [option])
	value := lib.cfg(comps, null)
	value != null
	v := {
		"path": lib.path(comps),
		"msg": sprintf("root has a password from %s: root can log in directly", [lib.path(comps)]),
	}
}

deny contains v if {
	lib.is_false(_mutable)
	not _plain_password
	h := _hash
	not _locked(h.value)
	v := {
		"path": h.path,
		"msg": _hash_msg(h),
	}
}

_plain_password if {
	some option in ["password", "initialPassword", "hashedPasswordFile"]
	lib.cfg(array.concat(_root, [option]), null) != null
}

# The hash root gets: hashedPassword, else initialHashedPassword.
_hash := {"value": h, "path": lib.path(array.concat(_root, ["hashedPassword"]))} if {
	h := lib.cfg(array.concat(_root, ["hashedPassword"]), null)
	h != null
} else := {"value": lib.cfg(array.concat(_root, ["initialHashedPassword"]), null), "path": lib.path(array.concat(_root, ["initialHashedPassword"]))}

_locked(h) if {
	is_string(h)
	startswith(h, "!")
}

_hash_msg(h) := sprintf("%s is null: nixsec cannot tell that root is locked (\"!\" locks it)", [h.path]) if {
	h.value == null
} else := sprintf("%s does not start with \"!\": root's password is not locked", [h.path])
