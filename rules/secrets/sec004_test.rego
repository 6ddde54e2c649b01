package nixsec.rules.secrets.sec004_test

import data.nixsec.rules.secrets.sec004

_host(users) := {"host": "web", "config": {"users": {"users": users}}, "defined": {}}

test_empty_password_fires if {
	sec004.deny == {{
		"path": "users.users.guest.password",
		"msg": "user guest has an empty password (\"\")",
	}} with input as _host({"guest": {"password": "", "hashedPassword": null, "initialPassword": null}})
}

test_empty_hashed_password_from_initial_fires_with_anchor if {
	users := {"kiosk": {"hashedPassword": "", "initialHashedPassword": ""}}
	sec004.deny == {{
		"path": "users.users.kiosk.hashedPassword",
		"msg": "user kiosk has an empty hashedPassword (\"\")",
		"anchor": "users.users.kiosk.initialHashedPassword",
	}} with input as _host(users)
}

test_several_users_both_options if {
	users := {
		"a": {"password": "", "hashedPassword": ""},
		"b": {"password": "x", "hashedPassword": null},
		"c": {"password": null, "hashedPassword": "!"},
	}
	{v.path | some v in sec004.deny} == {"users.users.a.password", "users.users.a.hashedPassword"} with input as _host(users)
}

test_locked_and_null_pass if {
	count(sec004.deny) == 0 with input as _host({"root": {"hashedPassword": "!", "password": null}})
}

test_module_absent_passes if {
	count(sec004.deny) == 0 with input as {"config": {}, "defined": {}}
}
