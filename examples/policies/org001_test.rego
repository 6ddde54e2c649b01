package nixsec.rules.org.org001_test

import data.nixsec.rules.org.org001

_data := {"ssh_allowed_users": ["admin", "deploy"]}

_key := "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGYjBnepjqZo7uacgZfEYgVcSEf/M41+k38XaUDmQ6UD someone@example.org"

_host(allow_users, users) := {
	"host": "dev",
	"config": {
		"services": {"openssh": {"enable": true, "settings": {"AllowUsers": allow_users}}},
		"users": {"users": {name: {"openssh": {"authorizedKeys": {"keys": keys}}} | some name, keys in users}},
	},
}

test_allowed_accounts_pass if {
	count(org001.deny) == 0 with input as _host(["admin", "deploy@10.0.0.*"], {"admin": [_key], "deploy": [_key], "root": []})
		with data.nixsec.user as _data
}

test_allow_users_entry_not_on_the_list if {
	org001.deny == {{
		"path": "services.openssh.settings.AllowUsers",
		"msg": "AllowUsers admits \"intern\", who is not on the SSH allow-list (ssh_allowed_users)",
	}} with input as _host(["admin", "intern"], {"admin": [_key], "intern": [_key]})
		with data.nixsec.user as _data
}

test_key_without_allow_users if {
	org001.deny == {{
		"path": "users.users.contractor.openssh.authorizedKeys.keys",
		"msg": "user \"contractor\" can log in over SSH with a key but is not on the SSH allow-list (ssh_allowed_users)",
	}} with input as _host(null, {"admin": [_key], "contractor": [_key]})
		with data.nixsec.user as _data
}

# AllowUsers leaves the contractor out: sshd refuses the key.
test_key_of_an_account_allow_users_excludes_passes if {
	count(org001.deny) == 0 with input as _host(["admin"], {"admin": [_key], "contractor": [_key]})
		with data.nixsec.user as _data
}

# A wildcard entry admits the matching accounts.
test_wildcard_admits_a_key if {
	some v in org001.deny with input as _host(["admin", "ci-*"], {"ci-runner": [_key]})
		with data.nixsec.user as {"ssh_allowed_users": ["admin", "ci-*"]}
	v.path == "users.users.ci-runner.openssh.authorizedKeys.keys"
}

test_sshd_off_passes if {
	count(org001.deny) == 0 with input as {"config": {
		"services": {"openssh": {"enable": false, "settings": {"AllowUsers": null}}},
		"users": {"users": {"contractor": {"openssh": {"authorizedKeys": {"keys": [_key]}}}}},
	}}
		with data.nixsec.user as _data
}

# Without the data nobody is on the list: every admitted account is reported.
test_no_data_reports_everyone if {
	count(org001.deny) == 2 with input as _host(null, {"admin": [_key], "deploy": [_key]})
		with data.nixsec.user as {}
}
