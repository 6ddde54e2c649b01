package nixsec.rules.stig.stig081_test

import data.nixsec.rules.stig.stig081

_p := "security.pam.services.login.text"

_host(text) := {"host": "web", "config": {"security": {"pam": {"services": {"login": {"text": text}}}}}, "defined": {}}

# The login stack NixOS generates (shape of security/pam.nix's output).
_generated := `# Account management.
account required /nix/store/x-linux-pam/lib/security/pam_unix.so # unix (order 10900)

# Authentication management.
auth sufficient /nix/store/x-linux-pam/lib/security/pam_unix.so likeauth nullok try_first_pass # unix (order 11600)
auth required /nix/store/x-linux-pam/lib/security/pam_deny.so # deny (order 12400)
`

# The STIG's fix text.
_stig := `auth required pam_faillock.so preauth silent audit deny=3 fail_interval=900 unlock_time=0
auth sufficient pam_unix.so nullok try_first_pass
auth [default=die] pam_faillock.so authfail audit deny=3 fail_interval=900 unlock_time=0
auth sufficient pam_faillock.so authsucc

account required pam_faillock.so
`

test_generated_stack_fires if {
	stig081.deny == {{
		"path": _p,
		"msg": "/etc/pam.d/login: no pam_faillock.so preauth line: failed logins never lock the account",
	}} with input as _host(_generated)
}

test_stig_text_passes if {
	count(stig081.deny) == 0 with input as _host(_stig)
}

test_generated_rules_with_store_paths_pass if {
	text := `auth required /nix/store/x-linux-pam/lib/security/pam_faillock.so audit deny=3 fail_interval=900 preauth silent unlock_time=0 # faillock-preauth (order 11590)
auth sufficient /nix/store/x-linux-pam/lib/security/pam_unix.so likeauth try_first_pass # unix (order 11600)
auth [default=die] /nix/store/x-linux-pam/lib/security/pam_faillock.so audit authfail deny=3 fail_interval=900 unlock_time=0 # faillock-authfail (order 11610)
`
	count(stig081.deny) == 0 with input as _host(text)
}

test_interval_too_long_fires if {
	stig081.deny == {{
		"path": _p,
		"msg": "/etc/pam.d/login: pam_faillock.so preauth has fail_interval=3600: the STIG requires 900 seconds or less, not 0",
	}} with input as _host(replace(_stig, "preauth silent audit deny=3 fail_interval=900", "preauth silent audit deny=3 fail_interval=3600"))
}

test_interval_missing_and_deny_high_fire if {
	stig081.deny == {
		{"path": _p, "msg": "/etc/pam.d/login: pam_faillock.so preauth has no fail_interval: the STIG requires 900 seconds or less"},
		{"path": _p, "msg": "/etc/pam.d/login: pam_faillock.so preauth has deny=5: the STIG locks after 3 failures"},
	} with input as _host(replace(_stig, "preauth silent audit deny=3 fail_interval=900", "preauth silent audit deny=5"))
}

test_interval_zero_fires if {
	some v in stig081.deny with input as _host(replace(_stig, "preauth silent audit deny=3 fail_interval=900", "preauth deny=3 fail_interval=0"))
	v.msg == "/etc/pam.d/login: pam_faillock.so preauth has fail_interval=0: the STIG requires 900 seconds or less, not 0"
}

test_no_authfail_fires if {
	stig081.deny == {{
		"path": _p,
		"msg": "/etc/pam.d/login: no pam_faillock.so authfail line: failed logins are never counted",
	}} with input as _host("auth required pam_faillock.so preauth deny=3 fail_interval=900\nauth sufficient pam_unix.so\n")
}

test_commented_preauth_fires if {
	some v in stig081.deny with input as _host("# auth required pam_faillock.so preauth deny=3 fail_interval=900\nauth [default=die] pam_faillock.so authfail\n")
	v.msg == "/etc/pam.d/login: no pam_faillock.so preauth line: failed logins never lock the account"
}

test_logfailures_line_is_not_preauth if {
	some v in stig081.deny with input as _host("auth required /nix/store/x/lib/security/pam_faillock.so # faillock (order 10400)\n")
	v.msg == "/etc/pam.d/login: no pam_faillock.so preauth line: failed logins never lock the account"
}

test_no_text_passes if {
	count(stig081.deny) == 0 with input as {"host": "web", "config": {"security": {"pam": {"services": {}}}}, "defined": {}}
}

test_malformed_arguments_fire if {
	stig081.deny == {
		{"path": _p, "msg": "/etc/pam.d/login: pam_faillock.so preauth has fail_interval=true: the STIG requires 900 seconds or less, not 0"},
		{"path": _p, "msg": "/etc/pam.d/login: pam_faillock.so preauth has deny=1.5: the STIG locks after 3 failures"},
	} with input as _host(replace(_stig, "preauth silent audit deny=3 fail_interval=900", "preauth silent audit deny=1.5 fail_interval"))
}
