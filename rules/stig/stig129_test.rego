package nixsec.rules.stig.stig129_test

import data.nixsec.rules.stig.stig129

_p := "environment.etc.\"security/pwquality.conf\".text"

_host(text) := {"host": "web", "config": {"environment": {"etc": {"security/pwquality.conf": {"text": text}}}}, "defined": {_p: true}}

test_bad_value_fires if {
	stig129.deny == {{
		"path": _p,
		"msg": "difok is \"7\" in /etc/security/pwquality.conf: a new password may reuse most characters of the old one (the STIG requires difok=8)",
	}} with input as _host("difok=7\n")
}

test_missing_key_fires if {
	stig129.deny == {{
		"path": _p,
		"msg": "difok is not set in /etc/security/pwquality.conf: a new password may reuse most characters of the old one (the STIG requires difok=8)",
	}} with input as _host("# difok=8\nretry=3\n")
}

test_no_file_fires if {
	stig129.deny == {{
		"path": _p,
		"msg": "difok is not set in /etc/security/pwquality.conf: a new password may reuse most characters of the old one (the STIG requires difok=8)",
	}} with input as {"host": "web", "config": {"environment": {"etc": {}}}, "defined": {}}
}

test_required_value_passes if {
	count(stig129.deny) == 0 with input as _host("difok=8\n")
}

test_stricter_value_with_spaces_passes if {
	count(stig129.deny) == 0 with input as _host("minclass = 4\ndifok = 12 # site policy\n")
}

test_last_line_wins if {
	count(stig129.deny) == 1 with input as _host("difok=8\ndifok=7\n")
	count(stig129.deny) == 0 with input as _host("difok=7\ndifok=8\n")
}

test_unreadable_source_fires if {
	inp := {"host": "web", "config": {"environment": {"etc": {"security/pwquality.conf": {"text": null, "source": "/persist/pwquality.conf"}}}}, "defined": {}}
	stig129.deny == {{
		"path": "environment.etc.\"security/pwquality.conf\".source",
		"msg": "nixsec cannot read difok in /etc/security/pwquality.conf: environment.etc.\"security/pwquality.conf\".source is the file \"/persist/pwquality.conf\", not a text nixsec can read",
	}} with input as inp
}

test_disabled_file_fires if {
	inp := {"host": "web", "config": {"environment": {"etc": {"security/pwquality.conf": {"enable": false, "text": "difok=8\n"}}}}, "defined": {}}
	count(stig129.deny) == 1 with input as inp
}
