package nixsec.rules.secrets.sec001_test

import data.nixsec.rules.secrets.sec001

_host(mutable, users, defined) := {
	"host": "web",
	"config": {"users": {"mutableUsers": mutable, "users": users}},
	"defined": defined,
}

test_password_fires_and_hides_it if {
	users := {"alice": {"password": "hunter2", "initialPassword": null}}
	sec001.deny == {{
		"path": "users.users.alice.password",
		"msg": "user alice has a clear-text password in the Nix store",
	}} with input as _host(true, users, {"users.users.alice.password": true})
	msgs := {v.msg | some v in sec001.deny} with input as _host(true, users, {"users.users.alice.password": true})
	every m in msgs {
		not contains(m, "hunter2")
	}
}

# users.mutableUsers = false: NixOS copied initialPassword into password (no
# definition of password of its own), point at the initialPassword line.
test_initial_password_copied_fires_with_anchor if {
	users := {"bob": {"password": "hunter2", "initialPassword": "hunter2"}}
	sec001.deny == {{
		"path": "users.users.bob.password",
		"msg": "user bob has a clear-text password in the Nix store (initialPassword, copied to password because users.mutableUsers is false)",
		"anchor": "users.users.bob.initialPassword",
	}} with input as _host(false, users, {"users.users.bob.initialPassword": true})
}

test_initial_password_with_mutable_users_passes if {
	users := {"bob": {"password": null, "initialPassword": "hunter2"}}
	count(sec001.deny) == 0 with input as _host(true, users, {"users.users.bob.initialPassword": true})
}

test_several_users if {
	users := {
		"alice": {"password": "a", "initialPassword": null},
		"bob": {"password": null, "initialPassword": null},
		"carol": {"password": "c", "initialPassword": null},
		"root": {"password": null, "initialPassword": null},
	}
	{v.path | some v in sec001.deny} == {"users.users.alice.password", "users.users.carol.password"} with input as _host(true, users, {})
}

test_name_needing_quotes if {
	users := {"alice.smith": {"password": "a"}, "svc-web": {"password": "b"}}
	{v.path | some v in sec001.deny} == {
		"users.users.\"alice.smith\".password",
		"users.users.svc-web.password",
	} with input as _host(true, users, {})
}

test_empty_password_left_to_sec004 if {
	count(sec001.deny) == 0 with input as _host(true, {"guest": {"password": ""}}, {})
}

test_null_passes if {
	count(sec001.deny) == 0 with input as _host(true, {"alice": {"password": null, "hashedPassword": "$y$j9T$x"}}, {})
}

test_module_absent_passes if {
	count(sec001.deny) == 0 with input as {"config": {}, "defined": {}}
}
