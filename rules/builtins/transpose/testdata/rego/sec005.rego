# rules/secrets/sec005.rego as it was before issue 17: the reference
# users_identity_test.go compares the bundle with. Not embedded.

# METADATA
# title: A password hash uses a weak scheme
# description: |
#   A password hash in the configuration is copied to the world-readable Nix
#   store and to /etc/shadow, so anyone who reads the store can try to crack
#   it offline. DES crypt (13 characters, 8-character passwords), BSDi DES,
#   MD5-crypt ($1$, Sun $md5) and NT hashes ($3$) are fast enough that GPUs
#   try billions of candidates a second; yescrypt ($y$, the mkpasswd default)
#   or SHA-512 crypt ($6$) make that impractical. With users.mutableUsers =
#   false NixOS copies initialHashedPassword into hashedPassword; the finding
#   is then reported once, on hashedPassword, pointing at the initial one.
# custom:
#   id: SEC005
#   severity: medium
#   options:
#     - users.users.*.hashedPassword
#     - users.users.*.initialHashedPassword
#   remediation: |
#     # mkpasswd -m yescrypt
#     users.users.alice.hashedPassword = "$y$j9T$...";
#   references:
#     - https://man7.org/linux/man-pages/man5/crypt.5.html
#     - https://search.nixos.org/options?query=users.users.%3Cname%3E.hashedPassword
package nixsec.rules.secrets.sec005

import data.nixsec.lib

_schemes := [
	{"re": `^[./0-9A-Za-z]{13}$`, "name": "DES crypt"},
	{"re": `^_[./0-9A-Za-z]{19}$`, "name": "BSDi extended DES"},
	{"re": `^\$1\$`, "name": "MD5-crypt ($1$)"},
	{"re": `^\$md5[$,]`, "name": "Sun MD5-crypt ($md5)"},
	{"re": `^\$3\$`, "name": "NT hash ($3$)"},
]

deny contains v if {
	some name, user in lib.cfg(["users", "users"], {})
	is_object(user)
	some option in ["hashedPassword", "initialHashedPassword"]
	scheme := _weak(object.get(user, option, null))
	not _copy_source(name, user, option)
	v := object.union(
		{
			"path": lib.path(["users", "users", name, option]),
			"msg": sprintf("user %s: %s uses %s, a weak scheme", [name, option, scheme]),
		},
		_anchor(name, user, option),
	)
}

_weak(hash) := s.name if {
	is_string(hash)
	some s in _schemes
	regex.match(s.re, hash)
}

# users.mutableUsers = false copied initialHashedPassword into hashedPassword:
# report it once, on hashedPassword.
_copied(name, user) if {
	user.initialHashedPassword == user.hashedPassword
	not lib.defined(lib.path(["users", "users", name, "hashedPassword"]))
}

_copy_source(name, user, "initialHashedPassword") if _copied(name, user)

_anchor(name, user, option) := {"anchor": lib.path(["users", "users", name, "initialHashedPassword"])} if {
	option == "hashedPassword"
	_copied(name, user)
} else := {}
