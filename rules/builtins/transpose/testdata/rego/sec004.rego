# rules/secrets/sec004.rego as it was before issue 17: the reference
# users_identity_test.go compares the bundle with. Not embedded.

# METADATA
# title: An account has an empty password
# description: |
#   An empty password or hashedPassword writes an empty password field to
#   /etc/shadow: the account needs no password at all wherever a PAM service
#   accepts null passwords (allowNullPassword), and su, a console login or a
#   service that checks passwords itself lets anyone in as that user. Lock the
#   account ("!") or give it a real hash. With users.mutableUsers = false,
#   NixOS copies initialPassword and initialHashedPassword into password and
#   hashedPassword, so empty initial values are reported here too.
# custom:
#   id: SEC004
#   severity: high
#   options:
#     - users.users.*.password
#     - users.users.*.hashedPassword
#     - users.users.*.initialPassword
#     - users.users.*.initialHashedPassword
#   remediation: |
#     users.users.guest.hashedPassword = "!";   # locked: no password login
#   references:
#     - https://search.nixos.org/options?query=users.users.%3Cname%3E.hashedPassword
#     - https://man7.org/linux/man-pages/man5/shadow.5.html
package nixsec.rules.secrets.sec004

import data.nixsec.lib

_initial := {"password": "initialPassword", "hashedPassword": "initialHashedPassword"}

deny contains v if {
	some name, user in lib.cfg(["users", "users"], {})
	is_object(user)
	some option, initial in _initial
	object.get(user, option, null) == ""
	v := object.union(
		{
			"path": lib.path(["users", "users", name, option]),
			"msg": sprintf("user %s has an empty %s (\"\")", [name, option]),
		},
		_anchor(name, user, initial),
	)
}

_anchor(name, user, initial) := {"anchor": lib.path(["users", "users", name, initial])} if {
	is_string(object.get(user, initial, null))
} else := {}
