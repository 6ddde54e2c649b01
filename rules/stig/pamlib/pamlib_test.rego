package nixsec.rules.stig.pamlib_test

import data.nixsec.rules.stig.pamlib

test_lines_drop_comments_and_blanks if {
	pamlib.lines("# head\n\n  a = 1  # note\n\t\nb\n") == ["a = 1", "b"]
}

test_eq_settings_last_wins if {
	pamlib.eq_settings("minlen = 8\n# minlen = 20\nucredit=-1\nminlen=15\nnot a setting\n") == {"minlen": "15", "ucredit": "-1"}
}

test_eq_settings_value_with_equals if {
	pamlib.eq_settings("opt = a=b\n") == {"opt": "a=b"}
}

test_ws_settings if {
	pamlib.ws_settings("# comment\nUMASK\t\t077\nPASS_MAX_DAYS 90\nPASS_MAX_DAYS   60\nFLAG\n") == {"UMASK": "077", "PASS_MAX_DAYS": "60", "FLAG": ""}
}

test_ws_settings_comment_line_only if {
	pamlib.ws_settings("#FAIL_DELAY 4\n  # UMASK 022\n") == {}
}

test_num if {
	pamlib.num(3) == 3
	pamlib.num(" -1 ") == -1
	pamlib.num("+7") == 7
	not pamlib.num("077x")
	not pamlib.num(true)
	not pamlib.num("1.5")
}

test_pam_lines if {
	text := "# Account management.\naccount required /nix/store/x/lib/security/pam_unix.so # unix (order 10900)\n-auth [success=1 default=ignore] /nix/store/y/lib/security/pam_succeed_if.so service = systemd-user\nsession required pam_limits.so conf=/nix/store/z-limits.conf\n"
	pamlib.pam_lines(text) == [
		{"type": "account", "control": "required", "module": "pam_unix", "args": []},
		{"type": "auth", "control": "[success=1 default=ignore]", "module": "pam_succeed_if", "args": ["service", "=", "systemd-user"]},
		{"type": "session", "control": "required", "module": "pam_limits", "args": ["conf=/nix/store/z-limits.conf"]},
	]
}

test_module_name if {
	pamlib.module_name("/nix/store/abc/lib/security/pam_faillock.so") == "pam_faillock"
	pamlib.module_name("libpam_foo.so") == "pam_foo"
	pamlib.module_name("pam_unix.so") == "pam_unix"
}

test_args_map if {
	pamlib.args_map(["preauth", "deny=3", "dir=/var/log/faillock"]) == {"preauth": true, "deny": "3", "dir": "/var/log/faillock"}
}

test_service_text if {
	pamlib.service_text("login") == "auth required pam_deny.so\n" with input as {"config": {"security": {"pam": {"services": {"login": {"text": "auth required pam_deny.so\n"}}}}}}
	not pamlib.service_text("login") with input as {"config": {"security": {"pam": {"services": {"login": {"text": null}}}}}}
	pamlib.service_text_path("login") == "security.pam.services.login.text"
}

_etc(entry) := {"config": {"environment": {"etc": {"login.defs": entry}}}}

test_etc_file_states if {
	pamlib.etc_file("login.defs", "login.defs") == {"state": "text", "text": "UMASK 077\n", "path": "environment.etc.\"login.defs\".text"} with input as _etc({"text": "UMASK 077\n", "source": {"_derivation": "etc-login.defs"}})
	pamlib.etc_file("login.defs", "login.defs") == {"state": "rendered", "path": "environment.etc.\"login.defs\".source"} with input as _etc({"text": null, "source": {"_derivation": "login.defs"}})
	pamlib.etc_file("login.defs", "login.defs").state == "unreadable" with input as _etc({"text": null, "source": {"_derivation": "my-login.defs"}})
	pamlib.etc_file("login.defs", "login.defs") == {"state": "absent", "path": "environment.etc.\"login.defs\".enable"} with input as _etc({"enable": false, "text": "UMASK 077\n"})
	pamlib.etc_file("login.defs", "login.defs") == {"state": "absent", "path": "environment.etc.\"login.defs\".text"} with input as {"config": {}}
}

test_login_defs_from_settings if {
	inp := {"config": {"security": {"loginDefs": {"settings": {"UMASK": "077", "PASS_MAX_DAYS": 60}}}, "environment": {"etc": {"login.defs": {"text": null, "source": {"_derivation": "login.defs"}}}}}}
	pamlib.login_defs("PASS_MAX_DAYS") == {"state": "set", "value": 60, "path": "security.loginDefs.settings.PASS_MAX_DAYS"} with input as inp
	pamlib.login_defs("FAIL_DELAY") == {"state": "unset", "path": "security.loginDefs.settings.FAIL_DELAY"} with input as inp
}

test_login_defs_from_text if {
	inp := {"config": {"security": {"loginDefs": {"settings": {"UMASK": "077"}}}, "environment": {"etc": {"login.defs": {"text": "UMASK 022\n"}}}}}
	pamlib.login_defs("UMASK") == {"state": "set", "value": "022", "path": "environment.etc.\"login.defs\".text"} with input as inp
	pamlib.login_defs("FAIL_DELAY") == {"state": "unset", "path": "environment.etc.\"login.defs\".text"} with input as inp
}

test_login_defs_disabled if {
	inp := {"config": {"security": {"loginDefs": {"settings": {"UMASK": "077"}}}, "environment": {"etc": {"login.defs": {"enable": false}}}}}
	r := pamlib.login_defs("UMASK") with input as inp
	r.state == "unset"
	r.path == "environment.etc.\"login.defs\".enable"
}

test_pwquality if {
	inp := {"config": {"environment": {"etc": {"security/pwquality.conf": {"text": "minlen = 15\n"}}}}}
	pamlib.pwquality("minlen") == {"state": "set", "value": "15", "path": "environment.etc.\"security/pwquality.conf\".text"} with input as inp
	pamlib.pwquality("minlen") == {"state": "unset", "path": "environment.etc.\"security/pwquality.conf\".text"} with input as {"config": {}}
}

test_describe if {
	pamlib.describe({"state": "set", "value": 5}, "K", "/f") == "K is 5 in /f"
	pamlib.describe({"state": "unset"}, "K", "/f") == "K is not set in /f"
	pamlib.describe({"state": "unset", "why": "x"}, "K", "/f") == "K is not set in /f (x)"
	pamlib.describe({"state": "unreadable", "why": "y"}, "K", "/f") == "nixsec cannot read K in /f: y"
}
