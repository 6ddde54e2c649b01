package nixsec.rules.stig.stig175_test

import data.nixsec.rules.stig.stig175

_passwd_nixos := "password sufficient /nix/store/x-linux-pam/lib/security/pam_unix.so nullok yescrypt # unix (order 10200)\n"

_passwd_sha := "password sufficient /nix/store/x-linux-pam/lib/security/pam_unix.so nullok sha512 # unix (order 10200)\n"

_host(mutable, users, passwd, defined) := {
	"host": "web", "config": {
		"users": {"mutableUsers": mutable, "users": users},
		"security": {"pam": {"services": {"passwd": {"text": passwd}}}},
	},
	"defined": defined,
}

test_yescrypt_hash_fires if {
	stig175.deny == {{
		"path": "users.users.alice.hashedPassword",
		"msg": "user alice: hashedPassword is yescrypt ($y$), not SHA-512 ($6$) as the STIG requires",
	}} with input as _host(false, {"alice": {"hashedPassword": "$y$j9T$abc$def", "initialHashedPassword": null}}, _passwd_nixos, {"users.users.alice.hashedPassword": true})
}

test_sha512_and_locked_pass if {
	users := {
		"alice": {"hashedPassword": "$6$rounds=656000$salt$hash", "initialHashedPassword": null},
		"root": {"hashedPassword": "!", "initialHashedPassword": "!"},
		"svc": {"hashedPassword": "*", "initialHashedPassword": null},
		"kiosk": {"hashedPassword": "", "initialHashedPassword": null},
		"bob": {"hashedPassword": null, "initialHashedPassword": null},
	}
	count(stig175.deny) == 0 with input as _host(false, users, _passwd_nixos, {})
}

test_copied_initial_reported_once if {
	users := {"alice": {"hashedPassword": "$5$salt$hash", "initialHashedPassword": "$5$salt$hash"}}
	stig175.deny == {{
		"path": "users.users.alice.hashedPassword",
		"msg": "user alice: hashedPassword is SHA-256 crypt ($5$), not SHA-512 ($6$) as the STIG requires",
	}} with input as _host(false, users, _passwd_nixos, {})
}

test_initial_hash_mutable_fires if {
	users := {"alice": {"hashedPassword": null, "initialHashedPassword": "$2b$10$abcdefghijk"}}
	some v in stig175.deny with input as _host(true, users, _passwd_sha, {})
	v.path == "users.users.alice.initialHashedPassword"
	v.msg == "user alice: initialHashedPassword is bcrypt ($2b$), not SHA-512 ($6$) as the STIG requires"
}

test_des_hash_fires if {
	some v in stig175.deny with input as _host(false, {"a": {"hashedPassword": "abJnggxhB/yWI"}}, "", {})
	v.msg == "user a: hashedPassword is DES crypt or another unrecognised format, not SHA-512 ($6$) as the STIG requires"
}

test_mutable_yescrypt_pam_fires if {
	stig175.deny == {{
		"path": "security.pam.services.passwd.text",
		"msg": "/etc/pam.d/passwd hashes new passwords with pam_unix yescrypt, not sha512: passwords users change are not stored as SHA-512",
	}} with input as _host(true, {}, _passwd_nixos, {})
}

test_mutable_sha512_pam_passes if {
	count(stig175.deny) == 0 with input as _host(true, {}, _passwd_sha, {})
}

test_immutable_pam_not_reported if {
	count(stig175.deny) == 0 with input as _host(false, {}, _passwd_nixos, {})
}
