package nixsec.rules.stig.stig138_test

import data.nixsec.rules.stig.stig138

_root(over) := object.union({"hashedPassword": "!", "initialHashedPassword": "!", "password": null, "initialPassword": null, "hashedPasswordFile": null}, over)

_host(mutable, root, defined) := {"host": "web", "config": {"users": {"mutableUsers": mutable, "users": {"root": root}}}, "defined": defined}

test_mutable_default_fires if {
	stig138.deny == {{
		"path": "users.mutableUsers",
		"msg": "users.mutableUsers is true (NixOS default): root's password is kept in /etc/shadow, outside the configuration, and may not be locked",
		"fix": {"path": "users.mutableUsers", "value": false},
	}} with input as _host(true, _root({"hashedPassword": null}), {})
}

test_immutable_locked_passes if {
	count(stig138.deny) == 0 with input as _host(false, _root({}), {"users.mutableUsers": true})
	count(stig138.deny) == 0 with input as _host(false, _root({"hashedPassword": null, "initialHashedPassword": "!$6$x$y"}), {})
}

test_immutable_with_hash_fires if {
	stig138.deny == {{
		"path": "users.users.root.hashedPassword",
		"msg": "users.users.root.hashedPassword does not start with \"!\": root's password is not locked",
	}} with input as _host(false, _root({"hashedPassword": "$6$salt$hash"}), {})
}

test_password_file_fires if {
	stig138.deny == {{
		"path": "users.users.root.hashedPasswordFile",
		"msg": "root has a password from users.users.root.hashedPasswordFile: root can log in directly",
	}} with input as _host(false, _root({"hashedPasswordFile": "/run/secrets/root"}), {})
}

test_null_hash_unverifiable if {
	stig138.deny == {{
		"path": "users.users.root.initialHashedPassword",
		"msg": "users.users.root.initialHashedPassword is null: nixsec cannot tell that root is locked (\"!\" locks it)",
	}} with input as _host(false, _root({"hashedPassword": null, "initialHashedPassword": null}), {})
}

test_star_is_not_locked if {
	count(stig138.deny) == 1 with input as _host(false, _root({"hashedPassword": "*"}), {})
}
