package nixsec.rules.stig.stig133_test

import data.nixsec.rules.stig.stig133

_p := "security.loginDefs.settings.PASS_MAX_DAYS"

_tp := "environment.etc.\"login.defs\".text"

_host(value, defined) := {"host": "web", "config": {"security": {"loginDefs": {"settings": {"PASS_MAX_DAYS": value}}}, "environment": {"etc": {"login.defs": {"source": {"_derivation": "login.defs"}, "text": null}}}}, "defined": defined}

test_bad_setting_fires if {
	stig133.deny == {{
		"path": _p,
		"msg": "PASS_MAX_DAYS is 99999 in /etc/login.defs: passwords stay valid longer than the STIG allows (60 days)",
		"fix": {"path": _p, "value": 60},
	}} with input as _host(99999, {_p: true})
}

test_required_setting_passes if {
	count(stig133.deny) == 0 with input as _host(60, {_p: true})
}

test_unset_fires if {
	inp := {"host": "web", "config": {"security": {"loginDefs": {"settings": {"DEFAULT_HOME": "yes"}}}}, "defined": {}}
	some v in stig133.deny with input as inp
	v.path == _p
}

_text_host(t) := {"host": "web", "config": {"security": {"loginDefs": {"settings": {"PASS_MAX_DAYS": 60}}}, "environment": {"etc": {"login.defs": {"text": t, "source": {"_derivation": "etc-login.defs"}}}}}, "defined": {}}

test_text_override_read if {
	count(stig133.deny) == 0 with input as _text_host("# site\nPASS_MAX_DAYS 45\n")
	stig133.deny == {{
		"path": _tp,
		"msg": "PASS_MAX_DAYS is \"90\" in /etc/login.defs: passwords stay valid longer than the STIG allows (60 days)",
	}} with input as _text_host("PASS_MAX_DAYS 90\n")
	stig133.deny == {{
		"path": _tp,
		"msg": "PASS_MAX_DAYS is not set in /etc/login.defs: passwords stay valid longer than the STIG allows (60 days)",
	}} with input as _text_host("# PASS_MAX_DAYS 45\n")
}

test_unreadable_source_fires if {
	inp := {"host": "web", "config": {"security": {"loginDefs": {"settings": {"PASS_MAX_DAYS": 60}}}, "environment": {"etc": {"login.defs": {"text": null, "source": "/persist/login.defs"}}}}, "defined": {}}
	stig133.deny == {{
		"path": "environment.etc.\"login.defs\".source",
		"msg": "nixsec cannot read PASS_MAX_DAYS in /etc/login.defs: environment.etc.\"login.defs\".source is the file \"/persist/login.defs\", not a text nixsec can read",
	}} with input as inp
}

test_other_passing_value_0 if {
	count(stig133.deny) == 0 with input as _host(30, {_p: true})
}

test_other_failing_value_1 if {
	stig133.deny == {{
		"path": _p,
		"msg": "PASS_MAX_DAYS is -1 in /etc/login.defs: passwords stay valid longer than the STIG allows (60 days)",
		"fix": {"path": _p, "value": 60},
	}} with input as _host(-1, {_p: true})
}
