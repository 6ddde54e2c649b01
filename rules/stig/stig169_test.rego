package nixsec.rules.stig.stig169_test

import data.nixsec.rules.stig.stig169

_p := "environment.etc.\"security/pwquality.conf\".text"

_host(text) := {"host": "web", "config": {"environment": {"etc": {"security/pwquality.conf": {"text": text}}}}, "defined": {_p: true}}

test_bad_value_fires if {
	stig169.deny == {{
		"path": _p,
		"msg": "dictcheck is \"0\" in /etc/security/pwquality.conf: dictionary words are not explicitly rejected (the STIG requires dictcheck=1)",
	}} with input as _host("dictcheck=0\n")
}

test_missing_key_fires if {
	stig169.deny == {{
		"path": _p,
		"msg": "dictcheck is not set in /etc/security/pwquality.conf: dictionary words are not explicitly rejected (the STIG requires dictcheck=1)",
	}} with input as _host("# dictcheck=1\nretry=3\n")
}

test_no_file_fires if {
	stig169.deny == {{
		"path": _p,
		"msg": "dictcheck is not set in /etc/security/pwquality.conf: dictionary words are not explicitly rejected (the STIG requires dictcheck=1)",
	}} with input as {"host": "web", "config": {"environment": {"etc": {}}}, "defined": {}}
}

test_required_value_passes if {
	count(stig169.deny) == 0 with input as _host("dictcheck=1\n")
}

test_stricter_value_with_spaces_passes if {
	count(stig169.deny) == 0 with input as _host("minclass = 4\ndictcheck = 2 # site policy\n")
}

test_last_line_wins if {
	count(stig169.deny) == 1 with input as _host("dictcheck=1\ndictcheck=0\n")
	count(stig169.deny) == 0 with input as _host("dictcheck=0\ndictcheck=1\n")
}

test_unreadable_source_fires if {
	inp := {"host": "web", "config": {"environment": {"etc": {"security/pwquality.conf": {"text": null, "source": "/persist/pwquality.conf"}}}}, "defined": {}}
	stig169.deny == {{
		"path": "environment.etc.\"security/pwquality.conf\".source",
		"msg": "nixsec cannot read dictcheck in /etc/security/pwquality.conf: environment.etc.\"security/pwquality.conf\".source is the file \"/persist/pwquality.conf\", not a text nixsec can read",
	}} with input as inp
}

test_disabled_file_fires if {
	inp := {"host": "web", "config": {"environment": {"etc": {"security/pwquality.conf": {"enable": false, "text": "dictcheck=1\n"}}}}, "defined": {}}
	count(stig169.deny) == 1 with input as inp
}
