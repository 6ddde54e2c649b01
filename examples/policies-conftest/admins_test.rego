package org.admins_test

import data.org.admins

_host(users) := {"host": "ci", "config": {"users": {"users": users}}}

test_admin_in_wheel_passes if {
	count(admins.deny) == 0 with input as _host({"admin": {"extraGroups": ["wheel"]}})
}

test_other_account_in_wheel_fires if {
	admins.deny == {{
		"path": "users.users.contractor.extraGroups",
		"msg": "user \"contractor\" is in wheel but not on the admin list (org.lib.wheel_admins)",
	}} with input as _host({"admin": {"extraGroups": ["wheel"]}, "contractor": {"extraGroups": ["wheel", "audio"]}})
}

test_other_groups_pass if {
	count(data.org.admins.deny) == 0 with input as _host({"contractor": {"extraGroups": ["audio"]}})
}

test_no_users_passes if {
	count(admins.deny) == 0 with input as {"host": "ci", "config": {}}
}

# An account name that is not a Nix identifier is quoted in the path.
test_quoted_name if {
	{v.path | some v in admins.deny} == {`users.users."ci.bot".extraGroups`} with input as _host({"ci.bot": {"extraGroups": ["wheel"]}})
}
