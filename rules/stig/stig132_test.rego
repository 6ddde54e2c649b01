package nixsec.rules.stig.stig132_test

import data.nixsec.rules.stig.stig132

_p := "security.loginDefs.settings.PASS_MIN_DAYS"

_tp := "environment.etc.\"login.defs\".text"

_host(value, defined) := {"host": "web", "config": {"security": {"loginDefs": {"settings": {"PASS_MIN_DAYS": value}}}, "environment": {"etc": {"login.defs": {"source": {"_derivation": "login.defs"}, "text": null}}}}, "defined": defined}

test_bad_setting_fires if {
	stig132.deny == {{
		"path": _p,
		"msg": "PASS_MIN_DAYS is 0 in /etc/login.defs: passwords can be changed again at once; the STIG requires 1 day",
		"fix": {"path": _p, "value": 1},
	}} with input as _host(0, {_p: true})
}

test_required_setting_passes if {
	count(stig132.deny) == 0 with input as _host(1, {_p: true})
}

test_unset_fires if {
	inp := {"host": "web", "config": {"security": {"loginDefs": {"settings": {"DEFAULT_HOME": "yes"}}}}, "defined": {}}
	some v in stig132.deny with input as inp
	v.path == _p
}

_text_host(t) := {"host": "web", "config": {"security": {"loginDefs": {"settings": {"PASS_MIN_DAYS": 1}}}, "environment": {"etc": {"login.defs": {"text": t, "source": {"_derivation": "etc-login.defs"}}}}}, "defined": {}}

test_text_override_read if {
	count(stig132.deny) == 0 with input as _text_host("# site\nPASS_MIN_DAYS 1\n")
	stig132.deny == {{
		"path": _tp,
		"msg": "PASS_MIN_DAYS is \"7\" in /etc/login.defs: passwords can be changed again at once; the STIG requires 1 day",
	}} with input as _text_host("PASS_MIN_DAYS 7\n")
	stig132.deny == {{
		"path": _tp,
		"msg": "PASS_MIN_DAYS is not set in /etc/login.defs: passwords can be changed again at once; the STIG requires 1 day",
	}} with input as _text_host("# PASS_MIN_DAYS 1\n")
}

test_unreadable_source_fires if {
	inp := {"host": "web", "config": {"security": {"loginDefs": {"settings": {"PASS_MIN_DAYS": 1}}}, "environment": {"etc": {"login.defs": {"text": null, "source": "/persist/login.defs"}}}}, "defined": {}}
	stig132.deny == {{
		"path": "environment.etc.\"login.defs\".source",
		"msg": "nixsec cannot read PASS_MIN_DAYS in /etc/login.defs: environment.etc.\"login.defs\".source is the file \"/persist/login.defs\", not a text nixsec can read",
	}} with input as inp
}

test_other_passing_value_0 if {
	count(stig132.deny) == 0 with input as _host("1", {_p: true})
}
