# METADATA
# title: A password is hashed with something other than SHA-512
# description: |
#   The STIG allows only FIPS-approved hashing for stored passwords and
#   checks that the hash id of each user's /etc/shadow entry is 6
#   (SHA-512 crypt). NixOS does not hash that way by default: mkpasswd and
#   NixOS's PAM stack produce yescrypt ($y$), and the passwd service's
#   pam_unix line carries "yescrypt" (security/pam.nix), so every password
#   a user changes at runtime becomes $y$. yescrypt is a strong scheme, and
#   SEC005 accepts it; the STIG does not, so this rule reports it (a STIG
#   host trades yescrypt for SHA-512). The configuration decides two parts:
#   the hashes it declares (users.users.<name>.hashedPassword and
#   initialHashedPassword; a locked "!…" or "*" entry and the empty string
#   are not hashes), and, with users.mutableUsers (when passwd is
#   installed), the hash option on the pam_unix password line of
#   /etc/pam.d/passwd. Passwords already in /etc/shadow, those from
#   hashedPasswordFile and those NixOS hashes from a plain password option
#   need the running system. With users.mutableUsers = false NixOS copies
#   initialHashedPassword into hashedPassword; the finding is then
#   reported once. Facts from the V1R1 check text; no V1R2 page was found.
# custom:
#   id: STIG175
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268175
#   options:
#     - users.users.*.hashedPassword
#     - users.users.*.initialHashedPassword
#     - users.mutableUsers
#     - security.pam.services.passwd.text
#   remediation: |
#     # mkpasswd -m sha-512
#     users.users.alice.hashedPassword = "$6$...";
#     # rules is an experimental NixOS option
#     security.pam.services.passwd.rules.password.unix.settings = { yescrypt = false; sha512 = true; };
#   references:
#     - https://www.stigviewer.com/stigs/anduril_nixos/2024-10-25/finding/V-268175
#     - https://man7.org/linux/man-pages/man5/crypt.5.html
package nixsec.rules.stig.stig175

import data.nixsec.lib
import data.nixsec.rules.stig.pamlib

deny contains v if {
	some option in ["hashedPassword", "initialHashedPassword"]
	some name, hash in lib.users_by_option[option]
	is_string(hash)
	_is_hash(hash)
	not startswith(hash, "$6$")
	user := lib.cfg(["users", "users"], {})[name]
	not _copy_source(name, user, option)
	v := {
		"path": lib.path(["users", "users", name, option]),
		"msg": sprintf("user %s: %s is %s, not SHA-512 ($6$) as the STIG requires", [name, option, _scheme(hash)]),
	}
}

# Not a hash: a locked account ("!", "!!", "!$6$…", "*") or no password.
_is_hash(h) if {
	h != ""
	not startswith(h, "!")
	not startswith(h, "*")
}

_schemes := {"y": "yescrypt ($y$)", "gy": "gost-yescrypt ($gy$)", "7": "scrypt ($7$)", "2b": "bcrypt ($2b$)", "2a": "bcrypt ($2a$)", "2y": "bcrypt ($2y$)", "5": "SHA-256 crypt ($5$)", "1": "MD5-crypt ($1$)", "sha1": "SHA-1 crypt ($sha1$)"}

_scheme(h) := _schemes[id] if {
	some m in regex.find_all_string_submatch_n(`^\$([^$]+)\$`, h, 1)
	id := m[1]
} else := sprintf("an unknown scheme ($%s$)", [m[1]]) if {
	some m in regex.find_all_string_submatch_n(`^\$([^$]+)\$`, h, 1)
} else := "DES crypt or another unrecognised format"

# users.mutableUsers = false copied initialHashedPassword into
# hashedPassword: report it once, on hashedPassword (as SEC005 does).
_copy_source(name, user, "initialHashedPassword") if {
	user.initialHashedPassword == user.hashedPassword
	not lib.defined(lib.path(["users", "users", name, "hashedPassword"]))
}

# Runtime password changes: passwd's pam_unix line names the hash.
_hash_options := {"yescrypt", "gost_yescrypt", "sha256", "md5", "bigcrypt", "blowfish"}

deny contains v if {
	lib.cfg(["users", "mutableUsers"], true) != false
	text := pamlib.service_text("passwd")
	some l in pamlib.pam_lines(text)
	l.type == "password"
	l.module == "pam_unix"
	some a in l.args
	a in _hash_options
	not "sha512" in l.args
	v := {
		"path": pamlib.service_text_path("passwd"),
		"msg": sprintf("/etc/pam.d/passwd hashes new passwords with pam_unix %s, not sha512: passwords users change are not stored as SHA-512", [a]),
	}
}
