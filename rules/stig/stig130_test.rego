package nixsec.rules.stig.stig130_test

import data.nixsec.rules.stig.stig130

_p := "security.loginDefs.settings.ENCRYPT_METHOD"

_tp := "environment.etc.\"login.defs\".text"

_host(value, defined) := {"host": "web", "config": {"security": {"loginDefs": {"settings": {"ENCRYPT_METHOD": value}}}, "environment": {"etc": {"login.defs": {"source": {"_derivation": "login.defs"}, "text": null}}}}, "defined": defined}

test_bad_setting_fires if {
	stig130.deny == {{
		"path": _p,
		"msg": "ENCRYPT_METHOD is \"YESCRYPT\" in /etc/login.defs: the STIG requires SHA512",
		"fix": {"path": _p, "value": "SHA512"},
	}} with input as _host("YESCRYPT", {_p: true})
}

test_required_setting_passes if {
	count(stig130.deny) == 0 with input as _host("SHA512", {_p: true})
}

test_unset_fires if {
	inp := {"host": "web", "config": {"security": {"loginDefs": {"settings": {"DEFAULT_HOME": "yes"}}}}, "defined": {}}
	some v in stig130.deny with input as inp
	v.path == _p
}

_text_host(t) := {"host": "web", "config": {"security": {"loginDefs": {"settings": {"ENCRYPT_METHOD": "SHA512"}}}, "environment": {"etc": {"login.defs": {"text": t, "source": {"_derivation": "etc-login.defs"}}}}}, "defined": {}}

test_text_override_read if {
	count(stig130.deny) == 0 with input as _text_host("# site\nENCRYPT_METHOD SHA512\n")
	stig130.deny == {{
		"path": _tp,
		"msg": "ENCRYPT_METHOD is \"MD5\" in /etc/login.defs: the STIG requires SHA512",
	}} with input as _text_host("ENCRYPT_METHOD MD5\n")
	stig130.deny == {{
		"path": _tp,
		"msg": "ENCRYPT_METHOD is not set in /etc/login.defs: the STIG requires SHA512",
	}} with input as _text_host("# ENCRYPT_METHOD SHA512\n")
}

test_unreadable_source_fires if {
	inp := {"host": "web", "config": {"security": {"loginDefs": {"settings": {"ENCRYPT_METHOD": "SHA512"}}}, "environment": {"etc": {"login.defs": {"text": null, "source": "/persist/login.defs"}}}}, "defined": {}}
	stig130.deny == {{
		"path": "environment.etc.\"login.defs\".source",
		"msg": "nixsec cannot read ENCRYPT_METHOD in /etc/login.defs: environment.etc.\"login.defs\".source is the file \"/persist/login.defs\", not a text nixsec can read",
	}} with input as inp
}

test_other_failing_value_0 if {
	stig130.deny == {{
		"path": _p,
		"msg": "ENCRYPT_METHOD is \"SHA256\" in /etc/login.defs: the STIG requires SHA512",
		"fix": {"path": _p, "value": "SHA512"},
	}} with input as _host("SHA256", {_p: true})
}
