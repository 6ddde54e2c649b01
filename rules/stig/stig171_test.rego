package nixsec.rules.stig.stig171_test

import data.nixsec.rules.stig.stig171

_p := "security.loginDefs.settings.FAIL_DELAY"

_tp := "environment.etc.\"login.defs\".text"

_host(value, defined) := {"host": "web", "config": {"security": {"loginDefs": {"settings": {"FAIL_DELAY": value}}}, "environment": {"etc": {"login.defs": {"source": {"_derivation": "login.defs"}, "text": null}}}}, "defined": defined}

test_bad_setting_fires if {
	stig171.deny == {{
		"path": _p,
		"msg": "FAIL_DELAY is 2 in /etc/login.defs: the STIG requires 4 seconds or more",
		"fix": {"path": _p, "value": 4},
	}} with input as _host(2, {_p: true})
}

test_required_setting_passes if {
	count(stig171.deny) == 0 with input as _host(4, {_p: true})
}

test_unset_fires if {
	inp := {"host": "web", "config": {"security": {"loginDefs": {"settings": {"DEFAULT_HOME": "yes"}}}}, "defined": {}}
	some v in stig171.deny with input as inp
	v.path == _p
}

_text_host(t) := {"host": "web", "config": {"security": {"loginDefs": {"settings": {"FAIL_DELAY": 4}}}, "environment": {"etc": {"login.defs": {"text": t, "source": {"_derivation": "etc-login.defs"}}}}}, "defined": {}}

test_text_override_read if {
	count(stig171.deny) == 0 with input as _text_host("# site\nFAIL_DELAY 5\n")
	stig171.deny == {{
		"path": _tp,
		"msg": "FAIL_DELAY is \"3\" in /etc/login.defs: the STIG requires 4 seconds or more",
	}} with input as _text_host("FAIL_DELAY 3\n")
	stig171.deny == {{
		"path": _tp,
		"msg": "FAIL_DELAY is not set in /etc/login.defs: the STIG requires 4 seconds or more",
	}} with input as _text_host("# FAIL_DELAY 5\n")
}

test_unreadable_source_fires if {
	inp := {"host": "web", "config": {"security": {"loginDefs": {"settings": {"FAIL_DELAY": 4}}}, "environment": {"etc": {"login.defs": {"text": null, "source": "/persist/login.defs"}}}}, "defined": {}}
	stig171.deny == {{
		"path": "environment.etc.\"login.defs\".source",
		"msg": "nixsec cannot read FAIL_DELAY in /etc/login.defs: environment.etc.\"login.defs\".source is the file \"/persist/login.defs\", not a text nixsec can read",
	}} with input as inp
}

test_other_passing_value_0 if {
	count(stig171.deny) == 0 with input as _host("10", {_p: true})
}

test_login_faildelay_below_4s_fires if {
	inp := {"host": "web", "config": {"security": {"loginDefs": {"settings": {"FAIL_DELAY": 4}}, "pam": {"services": {"login": {"failDelay": {"enable": true, "delay": 3000000}}}}}}, "defined": {}}
	stig171.deny == {{
		"path": "security.pam.services.login.failDelay.delay",
		"msg": "the login service's pam_faildelay waits 3000000 microseconds after a failed login (NixOS default), replacing FAIL_DELAY: the STIG requires 4 seconds or more",
		"fix": {"path": "security.pam.services.login.failDelay.delay", "value": 4000000},
	}} with input as inp
}

_fd_host(e, d) := {"host": "web", "config": {"security": {"loginDefs": {"settings": {"FAIL_DELAY": 4}}, "pam": {"services": {"login": {"failDelay": {"enable": e, "delay": d}}}}}}, "defined": {}}

test_login_faildelay_long_or_off_passes if {
	count(stig171.deny) == 0 with input as _fd_host(true, 4000000)
	count(stig171.deny) == 0 with input as _fd_host(false, 1000)
}
