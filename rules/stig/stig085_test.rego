package nixsec.rules.stig.stig085_test

import data.nixsec.rules.stig.stig085

_text := "session required /nix/store/x-linux-pam/lib/security/pam_unix.so # unix (order 10200)\nsession required /nix/store/x-linux-pam/lib/security/pam_limits.so conf=/nix/store/y-limits.conf # limits (order 12200)\n"

_host(global, service, text, defined) := {
	"host": "web", "config": {"security": {"pam": {
		"loginLimits": global,
		"services": {"login": {"limits": service, "text": text}},
	}}},
	"defined": defined,
}

_cap := {"domain": "*", "type": "hard", "item": "maxlogins", "value": "10"}

test_default_empty_fires if {
	stig085.deny == {{
		"path": "security.pam.loginLimits",
		"msg": "the login service's limits have no hard maxlogins entry for *: the STIG caps every account at 10 concurrent logins (* hard maxlogins 10)",
	}} with input as _host([], [], "session required pam_unix.so\n", {})
}

test_cap_passes if {
	count(stig085.deny) == 0 with input as _host([_cap], [_cap], _text, {"security.pam.loginLimits": true})
}

test_int_value_and_both_type_pass if {
	l := [{"domain": "*", "type": "-", "item": "maxlogins", "value": 4}]
	count(stig085.deny) == 0 with input as _host(l, l, _text, {})
}

test_too_many_fires if {
	l := [{"domain": "*", "type": "hard", "item": "maxlogins", "value": "50"}]
	stig085.deny == {{
		"path": "security.pam.loginLimits",
		"msg": "the login service's limits have maxlogins 50 for *: the STIG caps every account at 10 concurrent logins (* hard maxlogins 10)",
	}} with input as _host(l, l, _text, {})
}

test_soft_or_group_only_fires if {
	l := [{"domain": "*", "type": "soft", "item": "maxlogins", "value": "10"}, {"domain": "@users", "type": "hard", "item": "maxlogins", "value": "10"}]
	count(stig085.deny) == 1 with input as _host(l, l, _text, {})
}

test_unlimited_fires if {
	l := [{"domain": "*", "type": "hard", "item": "maxlogins", "value": "unlimited"}]
	count(stig085.deny) == 1 with input as _host(l, l, _text, {})
}

test_service_override_read if {
	# loginLimits caps, but the login service sets its own empty list.
	stig085.deny == {{
		"path": "security.pam.services.login.limits",
		"msg": "the login service's limits have no hard maxlogins entry for *: the STIG caps every account at 10 concurrent logins (* hard maxlogins 10)",
	}} with input as _host([_cap], [], _text, {"security.pam.services.login.limits": true})
}

test_hand_written_text_without_pam_limits_fires if {
	stig085.deny == {{
		"path": "security.pam.services.login.text",
		"msg": "/etc/pam.d/login loads no pam_limits.so: the maxlogins limit is never applied",
	}} with input as _host([_cap], [_cap], "auth required pam_faillock.so preauth\n# session required pam_limits.so\n", {})
}

test_global_only_document if {
	inp := {"host": "web", "config": {"security": {"pam": {"loginLimits": [_cap]}}}, "defined": {}}
	count(stig085.deny) == 0 with input as inp
}

test_module_absent_passes if {
	count(stig085.deny) == 0 with input as {"host": "web", "config": {}, "defined": {}}
}
