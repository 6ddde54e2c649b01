# METADATA
# title: A user's password is written in clear text
# description: |
#   users.users.<name>.password is copied into the system closure as it is
#   written: anyone who can read the Nix store (every local user, every
#   binary cache or backup that holds the closure) reads the password, and it
#   stays in every older generation after it is changed. The flake's source
#   (often a public or widely shared repository) holds it too. Set a hash with
#   hashedPasswordFile from a secret manager (sops-nix, agenix) instead. With
#   users.mutableUsers = false, NixOS copies initialPassword into password, so
#   an initialPassword is reported here as well.
# custom:
#   id: SEC001
#   severity: high
#   options:
#     - users.users.*.password
#     - users.users.*.initialPassword
#     - users.mutableUsers
#   remediation: |
#     # mkpasswd -m yescrypt, stored with sops-nix or agenix
#     users.users.alice.hashedPasswordFile = config.sops.secrets.alice-password.path;
#   references:
#     - https://search.nixos.org/options?query=users.users.%3Cname%3E.password
#     - https://wiki.nixos.org/wiki/Comparison_of_secret_managing_schemes
#     - https://notashelf.dev/posts/insecurities-remedies-i
package nixsec.rules.secrets.sec001

import data.nixsec.lib

# An empty password is SEC004's finding.
deny contains v if {
	some name, password in lib.users_by_option.password
	is_string(password)
	user := _users[name]
	password != ""
	p := lib.path(["users", "users", name, "password"])
	v := object.union(
		{"path": p, "msg": sprintf("user %s has a clear-text password in the Nix store%s", [name, _origin(user, p)])},
		_anchor(name, user),
	)
}

_users := object.get(input.config, ["users", "users"], {})

_copied(user, p) if {
	user.initialPassword == user.password
	not lib.defined(p)
	input.config.users.mutableUsers == false
}

_origin(user, p) := " (initialPassword, copied to password because users.mutableUsers is false)" if {
	_copied(user, p)
} else := ""

_anchor(name, user) := {"anchor": lib.path(["users", "users", name, "initialPassword"])} if {
	is_string(object.get(user, "initialPassword", null))
} else := {}
