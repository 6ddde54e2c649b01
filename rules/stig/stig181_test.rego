package nixsec.rules.stig.stig181_test

import data.nixsec.rules.stig.stig181

_p := "security.loginDefs.settings.UMASK"

_tp := "environment.etc.\"login.defs\".text"

_host(value, defined) := {"host": "web", "config": {"security": {"loginDefs": {"settings": {"UMASK": value}}}, "environment": {"etc": {"login.defs": {"source": {"_derivation": "login.defs"}, "text": null}}}}, "defined": defined}

test_bad_setting_fires if {
	stig181.deny == {{
		"path": _p,
		"msg": "UMASK is \"022\" in /etc/login.defs: new files can be read by group or others; the STIG requires 077",
		"fix": {"path": _p, "value": "077"},
	}} with input as _host("022", {_p: true})
}

test_required_setting_passes if {
	count(stig181.deny) == 0 with input as _host("077", {_p: true})
}

test_unset_fires if {
	inp := {"host": "web", "config": {"security": {"loginDefs": {"settings": {"DEFAULT_HOME": "yes"}}}}, "defined": {}}
	some v in stig181.deny with input as inp
	v.path == _p
}

_text_host(t) := {"host": "web", "config": {"security": {"loginDefs": {"settings": {"UMASK": "077"}}}, "environment": {"etc": {"login.defs": {"text": t, "source": {"_derivation": "etc-login.defs"}}}}}, "defined": {}}

test_text_override_read if {
	count(stig181.deny) == 0 with input as _text_host("# site\nUMASK 077\n")
	stig181.deny == {{
		"path": _tp,
		"msg": "UMASK is \"002\" in /etc/login.defs: new files can be read by group or others; the STIG requires 077",
	}} with input as _text_host("UMASK 002\n")
	stig181.deny == {{
		"path": _tp,
		"msg": "UMASK is not set in /etc/login.defs: new files can be read by group or others; the STIG requires 077",
	}} with input as _text_host("# UMASK 077\n")
}

test_unreadable_source_fires if {
	inp := {"host": "web", "config": {"security": {"loginDefs": {"settings": {"UMASK": "077"}}}, "environment": {"etc": {"login.defs": {"text": null, "source": "/persist/login.defs"}}}}, "defined": {}}
	stig181.deny == {{
		"path": "environment.etc.\"login.defs\".source",
		"msg": "nixsec cannot read UMASK in /etc/login.defs: environment.etc.\"login.defs\".source is the file \"/persist/login.defs\", not a text nixsec can read",
	}} with input as inp
}

test_other_passing_value_0 if {
	count(stig181.deny) == 0 with input as _host("0077", {_p: true})
}

test_other_failing_value_1 if {
	stig181.deny == {{
		"path": _p,
		"msg": "UMASK is \"027\" in /etc/login.defs: new files can be read by group or others; the STIG requires 077",
		"fix": {"path": _p, "value": "077"},
	}} with input as _host("027", {_p: true})
}

test_other_passing_value_2 if {
	count(stig181.deny) == 0 with input as _host("0177", {_p: true})
}

test_other_passing_value_3 if {
	count(stig181.deny) == 0 with input as _host(63, {_p: true})
}

test_other_failing_value_4 if {
	stig181.deny == {{
		"path": _p,
		"msg": "UMASK is \"77\" in /etc/login.defs: new files can be read by group or others; the STIG requires 077",
		"fix": {"path": _p, "value": "077"},
	}} with input as _host("77", {_p: true})
}

test_other_failing_value_5 if {
	stig181.deny == {{
		"path": _p,
		"msg": "UMASK is 7 in /etc/login.defs: new files can be read by group or others; the STIG requires 077",
		"fix": {"path": _p, "value": "077"},
	}} with input as _host(7, {_p: true})
}
