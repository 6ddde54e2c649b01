package nixsec.rules.stig.stig145_test

import data.nixsec.rules.stig.stig145

_p := "environment.etc.\"security/pwquality.conf\".text"

_host(text) := {"host": "web", "config": {"environment": {"etc": {"security/pwquality.conf": {"text": text}}}}, "defined": {_p: true}}

test_bad_value_fires if {
	stig145.deny == {{
		"path": _p,
		"msg": "ocredit is \"0\" in /etc/security/pwquality.conf: a new password needs no special character (the STIG requires ocredit=-1)",
	}} with input as _host("ocredit=0\n")
}

test_missing_key_fires if {
	stig145.deny == {{
		"path": _p,
		"msg": "ocredit is not set in /etc/security/pwquality.conf: a new password needs no special character (the STIG requires ocredit=-1)",
	}} with input as _host("# ocredit=-1\nretry=3\n")
}

test_no_file_fires if {
	stig145.deny == {{
		"path": _p,
		"msg": "ocredit is not set in /etc/security/pwquality.conf: a new password needs no special character (the STIG requires ocredit=-1)",
	}} with input as {"host": "web", "config": {"environment": {"etc": {}}}, "defined": {}}
}

test_required_value_passes if {
	count(stig145.deny) == 0 with input as _host("ocredit=-1\n")
}

test_stricter_value_with_spaces_passes if {
	count(stig145.deny) == 0 with input as _host("minclass = 4\nocredit = -2 # site policy\n")
}

test_last_line_wins if {
	count(stig145.deny) == 1 with input as _host("ocredit=-1\nocredit=0\n")
	count(stig145.deny) == 0 with input as _host("ocredit=0\nocredit=-1\n")
}

test_unreadable_source_fires if {
	inp := {"host": "web", "config": {"environment": {"etc": {"security/pwquality.conf": {"text": null, "source": "/persist/pwquality.conf"}}}}, "defined": {}}
	stig145.deny == {{
		"path": "environment.etc.\"security/pwquality.conf\".source",
		"msg": "nixsec cannot read ocredit in /etc/security/pwquality.conf: environment.etc.\"security/pwquality.conf\".source is the file \"/persist/pwquality.conf\", not a text nixsec can read",
	}} with input as inp
}

test_disabled_file_fires if {
	inp := {"host": "web", "config": {"environment": {"etc": {"security/pwquality.conf": {"enable": false, "text": "ocredit=-1\n"}}}}, "defined": {}}
	count(stig145.deny) == 1 with input as inp
}
