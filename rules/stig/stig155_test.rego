package nixsec.rules.stig.stig155_test

import data.nixsec.rules.stig.stig155

_head := "# Don't edit this file.\nDefaults env_keep+=SSH_AUTH_SOCK\nroot        ALL=(ALL:ALL) SETENV: ALL\n%wheel\tALL=(ALL:ALL)\tSETENV: ALL\n\n"

_host(extra) := {"host": "web", "config": {"security": {"sudo": {"enable": true, "extraConfig": extra, "configFile": concat("", [_head, extra])}}}, "defined": {}}

test_default_fires if {
	stig155.deny == {{
		"path": "security.sudo.extraConfig",
		"msg": "sudoers sets no timestamp_timeout (sudo's default: 5 minutes): sudo re-uses a successful authentication (the STIG requires Defaults timestamp_timeout=0)",
	}} with input as _host("")
}

test_zero_passes if {
	count(stig155.deny) == 0 with input as _host("Defaults timestamp_timeout=0\n")
	count(stig155.deny) == 0 with input as _host("Defaults\tlecture=never, timestamp_timeout = 0\n")
}

test_positive_fires if {
	stig155.deny == {{
		"path": "security.sudo.extraConfig",
		"msg": "sudoers sets timestamp_timeout=15: sudo re-uses a successful authentication (the STIG requires Defaults timestamp_timeout=0)",
	}} with input as _host("Defaults timestamp_timeout=15\n")
}

test_last_global_wins if {
	count(stig155.deny) == 0 with input as _host("Defaults timestamp_timeout=15\nDefaults timestamp_timeout=0\n")
	count(stig155.deny) == 1 with input as _host("Defaults timestamp_timeout=0\nDefaults timestamp_timeout=-1\n")
}

test_commented_fires if {
	count(stig155.deny) == 1 with input as _host("# Defaults timestamp_timeout=0\n")
}

test_per_user_override_fires if {
	stig155.deny == {{
		"path": "security.sudo.extraConfig",
		"msg": "Defaults:alice sets timestamp_timeout=30: sudo re-uses a successful authentication for those users (the STIG requires 0)",
	}} with input as _host("Defaults timestamp_timeout=0\nDefaults:alice timestamp_timeout=30\n")
}

test_extra_config_only_document if {
	inp := {"host": "web", "config": {"security": {"sudo": {"enable": true, "extraConfig": "Defaults timestamp_timeout=0\n"}}}, "defined": {}}
	count(stig155.deny) == 0 with input as inp
}

test_sudo_rs_read if {
	inp := {"host": "web", "config": {"security": {"sudo": {"enable": false, "configFile": ""}, "sudo-rs": {"enable": true, "configFile": "# extraConfig\n"}}}, "defined": {}}
	stig155.deny == {{
		"path": "security.sudo-rs.extraConfig",
		"msg": "sudoers sets no timestamp_timeout (sudo's default: 5 minutes): sudo-rs re-uses a successful authentication (the STIG requires Defaults timestamp_timeout=0)",
	}} with input as inp
}

test_sudo_disabled_passes if {
	count(stig155.deny) == 0 with input as {"host": "web", "config": {"security": {"sudo": {"enable": false, "configFile": ""}}}, "defined": {}}
}
