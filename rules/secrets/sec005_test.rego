package nixsec.rules.secrets.sec005_test

import data.nixsec.rules.secrets.sec005

_host(users, defined) := {"host": "web", "config": {"users": {"users": users}}, "defined": defined}

test_md5_fires if {
	users := {"alice": {"hashedPassword": "$1$saltsalt$qjXMvbEw8oaL.CzflDugX/", "initialHashedPassword": null}}
	sec005.deny == {{
		"path": "users.users.alice.hashedPassword",
		"msg": "user alice: hashedPassword uses MD5-crypt ($1$), a weak scheme",
	}} with input as _host(users, {"users.users.alice.hashedPassword": true})
}

test_des_and_others_fire if {
	users := {
		"a": {"hashedPassword": "abJnggxhB/yWI"},
		"b": {"hashedPassword": "_J9..CCCCXBrJUJV154M"},
		"c": {"hashedPassword": "$md5,rounds=5000$GUBv0xjJ$$mSwgIswdjlTY0YxV7HBVm0"},
		"d": {"hashedPassword": "$3$$8846f7eaee8fb117ad06bdd830b7586c"},
	}
	msgs := {v.msg | some v in sec005.deny} with input as _host(users, {})
	msgs == {
		"user a: hashedPassword uses DES crypt, a weak scheme",
		"user b: hashedPassword uses BSDi extended DES, a weak scheme",
		"user c: hashedPassword uses Sun MD5-crypt ($md5), a weak scheme",
		"user d: hashedPassword uses NT hash ($3$), a weak scheme",
	}
}

test_strong_and_locked_pass if {
	users := {
		"a": {"hashedPassword": "$y$j9T$F5Jx5fExrKuPp53xLKQ..1$X3DX6M94c7o.9agCG9G317fhZg9SqC.5i5rd.RhAtQ7"},
		"b": {"hashedPassword": "$6$rounds=656000$salt$hash"},
		"c": {"hashedPassword": "!"},
		"d": {"hashedPassword": "*"},
		"e": {"hashedPassword": null},
		"f": {"hashedPassword": ""},
		"root": {"hashedPassword": "!$1$locked$hash"},
	}
	count(sec005.deny) == 0 with input as _host(users, {})
}

test_initial_hashed_password_fires if {
	users := {"bob": {"hashedPassword": null, "initialHashedPassword": "$1$s$h"}}
	sec005.deny == {{
		"path": "users.users.bob.initialHashedPassword",
		"msg": "user bob: initialHashedPassword uses MD5-crypt ($1$), a weak scheme",
	}} with input as _host(users, {"users.users.bob.initialHashedPassword": true})
}

# users.mutableUsers = false: copied into hashedPassword; one finding.
test_copied_reported_once_with_anchor if {
	users := {"bob": {"hashedPassword": "$1$s$h", "initialHashedPassword": "$1$s$h"}}
	sec005.deny == {{
		"path": "users.users.bob.hashedPassword",
		"msg": "user bob: hashedPassword uses MD5-crypt ($1$), a weak scheme",
		"anchor": "users.users.bob.initialHashedPassword",
	}} with input as _host(users, {"users.users.bob.initialHashedPassword": true})
}

test_quoted_name if {
	some v in sec005.deny with input as _host({"j.doe": {"hashedPassword": "$1$s$h"}}, {})
	v.path == `users.users."j.doe".hashedPassword`
}

test_module_absent_passes if {
	count(sec005.deny) == 0 with input as {"config": {}, "defined": {}}
}
