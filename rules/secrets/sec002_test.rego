package nixsec.rules.secrets.sec002_test

import data.nixsec.rules.secrets.sec002

_host(mutable, users, defined) := {
	"host": "web",
	"config": {"users": {"mutableUsers": mutable, "users": users}},
	"defined": defined,
}

test_initial_password_fires_and_hides_it if {
	users := {"alice": {"initialPassword": "changeme", "password": null}}
	sec002.deny == {{
		"path": "users.users.alice.initialPassword",
		"msg": "user alice has a clear-text initialPassword in the Nix store",
	}} with input as _host(true, users, {"users.users.alice.initialPassword": true})
	msgs := {v.msg | some v in sec002.deny} with input as _host(true, users, {})
	every m in msgs {
		not contains(m, "changeme")
	}
}

test_copied_with_immutable_users_left_to_sec001 if {
	users := {"bob": {"initialPassword": "changeme", "password": "changeme"}}
	count(sec002.deny) == 0 with input as _host(false, users, {"users.users.bob.initialPassword": true})
}

# Immutable users with a password of its own: initialPassword is still in
# the store.
test_immutable_with_own_password_fires if {
	users := {"bob": {"initialPassword": "a", "password": "b"}}
	count(sec002.deny) == 1 with input as _host(false, users, {"users.users.bob.password": true})
}

test_several_users_and_quoted_names if {
	users := {
		"alice": {"initialPassword": "x"},
		"svc.backup": {"initialPassword": "y"},
		"carol": {"initialPassword": null, "initialHashedPassword": "$y$j9T$abc"},
		"dave": {"initialPassword": ""},
	}
	paths := {v.path | some v in sec002.deny} with input as _host(true, users, {})
	paths == {
		"users.users.alice.initialPassword",
		`users.users."svc.backup".initialPassword`,
	}
}

test_module_absent_passes if {
	count(sec002.deny) == 0 with input as {"config": {}, "defined": {}}
}
