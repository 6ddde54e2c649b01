package nixsec.rules.stig.stig135_test

import data.nixsec.rules.stig.stig135

_host(users) := {"host": "web", "config": {"users": {"users": users}}, "defined": {}}

test_duplicate_normal_users_fire if {
	stig135.deny == {{
		"path": "users.users.bob.uid",
		"msg": "UID 1000 is declared for alice and bob: the accounts cannot be told apart",
	}} with input as _host({
		"alice": {"uid": 1000, "isNormalUser": true, "isSystemUser": false},
		"bob": {"uid": 1000, "isNormalUser": true, "isSystemUser": false},
		"root": {"uid": 0, "isNormalUser": false, "isSystemUser": false},
	})
}

test_three_way_duplicate_fires_twice if {
	count(stig135.deny) == 2 with input as _host({
		"a": {"uid": 1500, "isNormalUser": false},
		"b": {"uid": 1500, "isNormalUser": false},
		"c": {"uid": 1500, "isNormalUser": false},
	})
}

test_unique_passes if {
	count(stig135.deny) == 0 with input as _host({
		"alice": {"uid": 1000, "isNormalUser": true},
		"bob": {"uid": null, "isNormalUser": true},
		"carol": {"uid": null, "isNormalUser": true},
	})
}

test_system_duplicates_not_interactive_pass if {
	count(stig135.deny) == 0 with input as _host({
		"svc1": {"uid": 400, "isSystemUser": true, "isNormalUser": false},
		"svc2": {"uid": 400, "isSystemUser": true, "isNormalUser": false},
	})
}

test_interactive_sharing_with_system_uid_fires if {
	some v in stig135.deny with input as _host({
		"alias": {"uid": 0, "isNormalUser": true},
		"root": {"uid": 0, "isNormalUser": false},
	})
	v.path == "users.users.root.uid"
}
