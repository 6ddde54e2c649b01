package nixsec.rules.stig.stig127_test

import data.nixsec.rules.stig.stig127

_p := "environment.etc.\"security/pwquality.conf\".text"

_host(text) := {"host": "web", "config": {"environment": {"etc": {"security/pwquality.conf": {"text": text}}}}, "defined": {_p: true}}

test_bad_value_fires if {
	stig127.deny == {{
		"path": _p,
		"msg": "lcredit is \"0\" in /etc/security/pwquality.conf: a new password needs no lowercase letter (the STIG requires lcredit=-1)",
	}} with input as _host("lcredit=0\n")
}

test_missing_key_fires if {
	stig127.deny == {{
		"path": _p,
		"msg": "lcredit is not set in /etc/security/pwquality.conf: a new password needs no lowercase letter (the STIG requires lcredit=-1)",
	}} with input as _host("# lcredit=-1\nretry=3\n")
}

test_no_file_fires if {
	stig127.deny == {{
		"path": _p,
		"msg": "lcredit is not set in /etc/security/pwquality.conf: a new password needs no lowercase letter (the STIG requires lcredit=-1)",
	}} with input as {"host": "web", "config": {"environment": {"etc": {}}}, "defined": {}}
}

test_required_value_passes if {
	count(stig127.deny) == 0 with input as _host("lcredit=-1\n")
}

test_stricter_value_with_spaces_passes if {
	count(stig127.deny) == 0 with input as _host("minclass = 4\nlcredit = -2 # site policy\n")
}

test_last_line_wins if {
	count(stig127.deny) == 1 with input as _host("lcredit=-1\nlcredit=0\n")
	count(stig127.deny) == 0 with input as _host("lcredit=0\nlcredit=-1\n")
}

test_unreadable_source_fires if {
	inp := {"host": "web", "config": {"environment": {"etc": {"security/pwquality.conf": {"text": null, "source": "/persist/pwquality.conf"}}}}, "defined": {}}
	stig127.deny == {{
		"path": "environment.etc.\"security/pwquality.conf\".source",
		"msg": "nixsec cannot read lcredit in /etc/security/pwquality.conf: environment.etc.\"security/pwquality.conf\".source is the file \"/persist/pwquality.conf\", not a text nixsec can read",
	}} with input as inp
}

test_disabled_file_fires if {
	inp := {"host": "web", "config": {"environment": {"etc": {"security/pwquality.conf": {"enable": false, "text": "lcredit=-1\n"}}}}, "defined": {}}
	count(stig127.deny) == 1 with input as inp
}
