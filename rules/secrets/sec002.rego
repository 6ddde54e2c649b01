# METADATA
# title: A user's initial password is written in clear text
# description: |
#   users.users.<name>.initialPassword is meant for the first login only, but
#   it is stored as written in the Nix store (readable by every local user
#   and every cache or backup of the closure) and in the flake's source, and
#   it stays valid until someone changes it, which on many machines is never.
#   Use initialHashedPassword (a yescrypt hash from mkpasswd) or a
#   hashedPasswordFile from a secret manager. With users.mutableUsers = false
#   NixOS copies it into password, and SEC001 reports it there instead.
# custom:
#   id: SEC002
#   severity: medium
#   options:
#     - users.users.*.initialPassword
#     - users.users.*.password
#     - users.mutableUsers
#   remediation: |
#     # mkpasswd -m yescrypt
#     users.users.alice.initialHashedPassword = "$y$j9T$...";
#   references:
#     - https://search.nixos.org/options?query=users.users.%3Cname%3E.initialPassword
#     - https://wiki.nixos.org/wiki/Comparison_of_secret_managing_schemes
package nixsec.rules.secrets.sec002

import data.nixsec.lib

# An empty initialPassword is SEC004's finding.
deny contains v if {
	some name, initial in lib.users_by_option.initialPassword
	is_string(initial)
	initial != ""
	not _reported_by_sec001(name, object.get(input.config, ["users", "users"], {})[name])
	v := {
		"path": lib.path(["users", "users", name, "initialPassword"]),
		"msg": sprintf("user %s has a clear-text initialPassword in the Nix store", [name]),
	}
}

# users.mutableUsers = false copied it into password (SEC001).
_reported_by_sec001(name, user) if {
	input.config.users.mutableUsers == false
	user.password == user.initialPassword
	not lib.defined(lib.path(["users", "users", name, "password"]))
}
