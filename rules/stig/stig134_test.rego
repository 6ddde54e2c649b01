package nixsec.rules.stig.stig134_test

import data.nixsec.rules.stig.stig134

_p := "environment.etc.\"security/pwquality.conf\".text"

_host(text) := {"host": "web", "config": {"environment": {"etc": {"security/pwquality.conf": {"text": text}}}}, "defined": {_p: true}}

test_bad_value_fires if {
	stig134.deny == {{
		"path": _p,
		"msg": "minlen is \"14\" in /etc/security/pwquality.conf: passwords shorter than 15 characters are accepted (the STIG requires minlen=15)",
	}} with input as _host("minlen=14\n")
}

test_missing_key_fires if {
	stig134.deny == {{
		"path": _p,
		"msg": "minlen is not set in /etc/security/pwquality.conf: passwords shorter than 15 characters are accepted (the STIG requires minlen=15)",
	}} with input as _host("# minlen=15\nretry=3\n")
}

test_no_file_fires if {
	stig134.deny == {{
		"path": _p,
		"msg": "minlen is not set in /etc/security/pwquality.conf: passwords shorter than 15 characters are accepted (the STIG requires minlen=15)",
	}} with input as {"host": "web", "config": {"environment": {"etc": {}}}, "defined": {}}
}

test_required_value_passes if {
	count(stig134.deny) == 0 with input as _host("minlen=15\n")
}

test_stricter_value_with_spaces_passes if {
	count(stig134.deny) == 0 with input as _host("minclass = 4\nminlen = 19 # site policy\n")
}

test_last_line_wins if {
	count(stig134.deny) == 1 with input as _host("minlen=15\nminlen=14\n")
	count(stig134.deny) == 0 with input as _host("minlen=14\nminlen=15\n")
}

test_unreadable_source_fires if {
	inp := {"host": "web", "config": {"environment": {"etc": {"security/pwquality.conf": {"text": null, "source": "/persist/pwquality.conf"}}}}, "defined": {}}
	stig134.deny == {{
		"path": "environment.etc.\"security/pwquality.conf\".source",
		"msg": "nixsec cannot read minlen in /etc/security/pwquality.conf: environment.etc.\"security/pwquality.conf\".source is the file \"/persist/pwquality.conf\", not a text nixsec can read",
	}} with input as inp
}

test_disabled_file_fires if {
	inp := {"host": "web", "config": {"environment": {"etc": {"security/pwquality.conf": {"enable": false, "text": "minlen=15\n"}}}}, "defined": {}}
	count(stig134.deny) == 1 with input as inp
}
