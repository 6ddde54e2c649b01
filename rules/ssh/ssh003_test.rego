package nixsec.rules.ssh.ssh003_test

import data.nixsec.rules.ssh.ssh003

_p := "services.openssh.settings.KbdInteractiveAuthentication"

_lib := "/nix/store/x-pam/lib/security"

# /etc/pam.d/sshd as pam.nix renders it, with these auth lines.
_text(auth) := concat("\n", array.concat(
	["# Account management.", sprintf("account required %s/pam_unix.so # unix (order 10900)", [_lib]), "", "# Authentication management."],
	array.concat(auth, [
		sprintf("auth required %s/pam_deny.so # deny (order 13700)", [_lib]),
		"",
		"# Password management.",
		sprintf("password sufficient %s/pam_unix.so nullok yescrypt # unix (order 10200)", [_lib]),
	]),
))

_unix := sprintf("auth sufficient %s/pam_unix.so likeauth try_first_pass # unix (order 12900)", [_lib])

# A host as NixOS evaluates it: sshd's PAM service (UsePAM on), its text,
# and /etc/pam.d/sshd made from that text.
_host(enable, kbd, defined) := _with(enable, kbd, defined, [_unix])

_with(enable, kbd, defined, auth) := {
	"host": "web",
	"config": {
		"services": {"openssh": {"enable": enable, "settings": {"KbdInteractiveAuthentication": kbd, "UsePAM": true}}},
		"security": {"pam": {"services": {"sshd": {"enable": true, "unixAuth": _has_unix(auth), "text": _text(auth)}}}},
		"environment": {"etc": {"pam.d/sshd": {"enable": true, "text": null, "source": {"_derivation": "sshd.pam"}}}},
	},
	"defined": defined,
	"files": {},
}

_has_unix(auth) if {
	some l in auth
	contains(l, "pam_unix")
} else := false

_patch(inp, ops) := json.patch(inp, ops)

test_default_true_with_passwords_fires if {
	ssh003.deny == {{
		"path": _p,
		"msg": "KbdInteractiveAuthentication is true (NixOS default) and sshd's PAM stack accepts a password: security.pam.services.sshd.text has \"auth sufficient pam_unix\"",
		"anchor": "services.openssh.enable",
		"fix": {"path": _p, "value": false},
	}} with input as _host(true, true, {})
}

# SSH001's advice followed: PasswordAuthentication = false makes NixOS
# leave pam_unix out of sshd's stack, so keyboard-interactive cannot take
# a password, whatever KbdInteractiveAuthentication says.
test_passwords_off_passes if {
	count(ssh003.deny) == 0 with input as _with(true, true, {}, [])
	count(ssh003.deny) == 0 with input as _with(true, null, {}, [])
}

test_defined_true_fires if {
	some v in ssh003.deny with input as _host(true, true, {_p: true})
	startswith(v.msg, "KbdInteractiveAuthentication is true and")
}

test_null_fires if {
	some v in ssh003.deny with input as _host(true, null, {_p: true})
	startswith(v.msg, "KbdInteractiveAuthentication is null (OpenSSH default: yes) and")
}

# Every password module pam.nix can put in the stack, and one nixsec does
# not know, let a client in alone.
test_password_modules_fire if {
	every m in ["pam_sss", "pam_ldap", "pam_kanidm", "pam_systemd_home", "pam_otpw", "pam_mysql", "pam_p9", "pam_rootok", "pam_permit", "pam_exec"] {
		some v in ssh003.deny with input as _with(true, true, {}, [sprintf("auth sufficient /x/lib/security/%s.so use_first_pass # r (order 1)", [m])])
		endswith(v.msg, sprintf("has \"auth sufficient %s\"", [m]))
	}
}

# Kerberos: pam_krb5 skips to the ccreds store on success.
test_kerberos_fires if {
	auth := [
		"auth [default=ignore success=1 service_err=reset] /x/lib/security/pam_krb5.so use_first_pass # krb5 (order 13400)",
		"auth [default=die success=done] /x/lib/security/pam_ccreds.so action=validate use_first_pass # ccreds-validate (order 13500)",
		"auth sufficient /x/lib/security/pam_ccreds.so action=store use_first_pass # ccreds-store (order 13600)",
	]
	some v in ssh003.deny with input as _with(true, true, {}, auth)
	contains(v.msg, "\"auth [default=ignore success=1 service_err=reset] pam_krb5\"")
}

# Extra factors and keys: OATH requisite, Google Authenticator required,
# U2F and PKCS#11 tokens; pam_unix "optional" only collects for them.
test_factors_and_keys_pass if {
	auth := [
		"auth sufficient /x/lib/security/pam_u2f.so # u2f (order 10900)",
		"auth sufficient /x/lib/security/pam_p11.so /x/opensc-pkcs11.so # p11 (order 10800)",
		"auth requisite /x/lib/security/pam_oath.so digits=6 # oath (order 11100)",
		"auth required /x/lib/security/pam_google_authenticator.so no_increment_hotp # google_authenticator (order 12500)",
	]
	count(ssh003.deny) == 0 with input as _with(true, true, {}, auth)
}

# A one-time code that ends the stack alone is a secret typed at the prompt.
test_code_module_sufficient_fires if {
	some v in ssh003.deny with input as _with(true, true, {}, ["auth sufficient /x/lib/security/pam_oath.so # oath (order 1)"])
	endswith(v.msg, "has \"auth sufficient pam_oath\"")
}

# The text replaced by the user (or rules added): what the file says counts,
# not unixAuth.
test_replaced_text_fires if {
	inp := _with(true, true, {}, [])
	text := "auth sufficient pam_unix.so likeauth\nauth required pam_deny.so\n"
	some v in ssh003.deny with input as _patch(inp, [{"op": "replace", "path": "/config/security/pam/services/sshd/text", "value": text}])
	endswith(v.msg, "has \"auth sufficient pam_unix\"")
}

# "-auth" lines and comments as libpam reads them.
test_dash_and_comment_lines if {
	some v in ssh003.deny with input as _with(true, true, {}, ["-auth sufficient pam_sss.so # sss"])
	endswith(v.msg, "has \"auth sufficient pam_sss\"")
	count(ssh003.deny) == 0 with input as _with(true, true, {}, ["# auth sufficient pam_unix.so"])
}

# /etc/pam.d/sshd not what NixOS renders: nixsec cannot rule a password out.
test_etc_overrides_fire if {
	inp := _with(true, true, {}, [])
	cases := [
		[[{"op": "replace", "path": "/config/environment/etc/pam.d~1sshd/text", "value": "auth sufficient pam_permit.so"}], "environment.etc.\"pam.d/sshd\".text replaces the file NixOS renders"],
		[[{"op": "replace", "path": "/config/environment/etc/pam.d~1sshd/source", "value": "/nix/store/x-source/pam"}], "environment.etc.\"pam.d/sshd\".source is a file, not the file NixOS renders"],
		[[{"op": "replace", "path": "/config/environment/etc/pam.d~1sshd/enable", "value": false}], "environment.etc.\"pam.d/sshd\".enable is false: PAM falls back to /etc/pam.d/other"],
		[[{"op": "replace", "path": "/config/security/pam/services/sshd/enable", "value": false}], "security.pam.services.sshd.enable is false: PAM falls back to /etc/pam.d/other"],
		[[{"op": "add", "path": "/files/environment.etc.\"pam.d~1sshd\".source", "value": ["hosts/web.nix"]}], "environment.etc.\"pam.d/sshd\".source is set in hosts/web.nix"],
	]
	every c in cases {
		some v in ssh003.deny with input as _patch(inp, c[0])
		endswith(v.msg, c[1])
	}
}

# A document without the text (not from a NixOS nixsec knows): the
# options that put a password module in sshd's stack decide.
test_options_without_text if {
	count(ssh003.deny) == 0 with input as {"config": _pam_only({"unixAuth": false})}
	some v in ssh003.deny with input as {"config": _pam_only({"unixAuth": true})}
	endswith(v.msg, "security.pam.services.sshd.unixAuth is true")
	some w in ssh003.deny with input as {"config": object.union(_pam_only({"unixAuth": false}), {"services": {"sssd": {"enable": true}}})}
	endswith(w.msg, "services.sssd.enable is true")
	some x in ssh003.deny with input as {"config": object.union(_pam_only({"unixAuth": false}), {"users": {"ldap": {"enable": true, "loginPam": true}}})}
	endswith(x.msg, "users.ldap.enable and users.ldap.loginPam are true")
}

_pam_only(sshd) := {
	"services": {"openssh": {"enable": true, "settings": {"KbdInteractiveAuthentication": true, "UsePAM": true, "PasswordAuthentication": false}}},
	"security": {"pam": {"services": {"sshd": sshd}}},
}

# Without PAM (UsePAM false, or null on 25.11+: OpenSSH's default is no)
# keyboard-interactive has no password to check.
test_without_pam_passes if {
	every use in [false, null] {
		count(ssh003.deny) == 0 with input as _patch(_host(true, true, {}), [{"op": "add", "path": "/config/services/openssh/settings/UsePAM", "value": use}])
	}
}

# No sshd PAM service in the document: NixOS defines none (UsePAM off).
test_no_pam_service_passes if {
	count(ssh003.deny) == 0 with input as {"config": {"services": {"openssh": {"enable": true, "settings": {"KbdInteractiveAuthentication": true}}}}}
}

# Releases without the UsePAM option always use PAM.
test_no_usepam_option_fires if {
	count(ssh003.deny) == 1 with input as _patch(_host(true, true, {}), [{"op": "remove", "path": "/config/services/openssh/settings/UsePAM"}])
}

# services.openssh.challengeResponseAuthentication = false (two renames old)
# arrives as false at the new path.
test_old_name_false_passes if {
	count(ssh003.deny) == 0 with input as _host(true, false, {_p: true, "services.openssh.challengeResponseAuthentication": true})
}

test_sshd_disabled_passes if {
	count(ssh003.deny) == 0 with input as _host(false, true, {})
}

test_module_absent_passes if {
	count(ssh003.deny) == 0 with input as {"config": {"networking": {"firewall": {"enable": true}}}, "defined": {}}
}

# A second factor behind a public key: keyboard-interactive is only the
# PAM code prompt, never a password prompt on its own.
test_publickey_then_kbd_interactive_passes if {
	inp := _patch(_host(true, true, {}), [{"op": "add", "path": "/config/services/openssh/settings/AuthenticationMethods", "value": "publickey,keyboard-interactive"}])
	count(ssh003.deny) == 0 with input as inp
}

test_one_alternative_without_publickey_fires if {
	inp := _patch(_host(true, true, {}), [{"op": "add", "path": "/config/services/openssh/settings/AuthenticationMethods", "value": "publickey,keyboard-interactive keyboard-interactive"}])
	count(ssh003.deny) == 1 with input as inp
}

_x := "services.openssh.extraConfig"

# A host as _host makes it (pam_unix in sshd's stack), with extraConfig
# after the lines NixOS writes there itself.
_extra(kbd, extra) := _patch(_host(true, kbd, {_p: true}), [{"op": "add", "path": "/config/services/openssh/extraConfig", "value": concat("\n", ["AddressFamily any", "Port 22", extra])}])

test_extra_match_block_fires if {
	ssh003.deny == {{
		"path": _x,
		"msg": "services.openssh.extraConfig writes \"KbdInteractiveAuthentication yes\" inside \"Match all\", and sshd's PAM stack accepts a password: security.pam.services.sshd.text has \"auth sufficient pam_unix\"",
		"anchor": "services.openssh.enable",
	}} with input as _extra(false, "Match all\n  KbdInteractiveAuthentication yes")
}

# The older names, any case, "=", quotes; "Match all" after another block.
test_extra_spellings_and_old_names_fire if {
	every extra in [
		"match user bob\n\tchallengeresponseauthentication=yes",
		"MATCH Address 192.0.2.0/24 # lab\n  \"SkeyAuthentication\" YES",
		"Match User sftp\n  ForceCommand internal-sftp\nMatch all\n  KbdInteractiveAuthentication = yes",
	] {
		count(ssh003.deny) == 1 with input as _extra(false, extra)
	}
}

# Without a password in the PAM stack (pam_unix left out by
# PasswordAuthentication = false), keyboard-interactive in a Match block
# cannot take one either.
test_extra_without_password_stack_passes if {
	inp := _patch(_with(true, false, {}, []), [{"op": "add", "path": "/config/services/openssh/extraConfig", "value": "Match all\n  KbdInteractiveAuthentication yes\nInclude /etc/ssh/x.conf"}])
	count(ssh003.deny) == 0 with input as inp
}

test_extra_global_lines if {
	count(ssh003.deny) == 0 with input as _extra(false, "KbdInteractiveAuthentication yes")
	count(ssh003.deny) == 0 with input as _extra(false, "Match all\n  KbdInteractiveAuthentication no")
	some v in ssh003.deny with input as _extra(null, "ChallengeResponseAuthentication yes")
	v.path == _x
	v.msg == "services.openssh.extraConfig writes \"ChallengeResponseAuthentication yes\" outside any Match block, the first KbdInteractiveAuthentication sshd reads (services.openssh.settings.KbdInteractiveAuthentication is null), and sshd's PAM stack accepts a password: security.pam.services.sshd.text has \"auth sufficient pam_unix\""
}

test_extra_unreadable_fires if {
	ssh003.deny == {{
		"path": _x,
		"msg": "services.openssh.extraConfig writes \"Include /etc/ssh/x.conf\" (nixsec does not read included files): keyboard-interactive may be on, and sshd's PAM stack accepts a password: security.pam.services.sshd.text has \"auth sufficient pam_unix\"",
		"anchor": "services.openssh.enable",
	}} with input as _extra(false, "Include /etc/ssh/x.conf")
}

# A settings value with a newline that opens a block before the setting
# (Banner sorts before KbdInteractiveAuthentication).
test_settings_block_before_setting_fires if {
	inp := _patch(_extra(false, ""), [{"op": "add", "path": "/config/services/openssh/settings/Banner", "value": "none\nMatch User nobody"}])
	some v in ssh003.deny with input as inp
	v.path == "services.openssh.settings.Banner"
	startswith(v.msg, "services.openssh.settings.Banner opens \"Match User nobody\" before services.openssh.settings.KbdInteractiveAuthentication = false in sshd_config")
}

# A key first in settings, but a Match block of extraConfig lets
# keyboard-interactive alone in again.
test_extra_authentication_methods_undo_publickey_first if {
	base := _patch(_extra(true, "Match Address 10.0.0.0/8\n  AuthenticationMethods any"), [{"op": "add", "path": "/config/services/openssh/settings/AuthenticationMethods", "value": "publickey,keyboard-interactive"}])
	some v in ssh003.deny with input as base
	endswith(v.msg, "has \"auth sufficient pam_unix\" (AuthenticationMethods starts with publickey, but services.openssh.extraConfig writes \"AuthenticationMethods any\" inside \"Match Address 10.0.0.0/8\")")
	ok := _patch(_extra(true, "Match Address 10.0.0.0/8\n  AuthenticationMethods publickey,password publickey,keyboard-interactive"), [{"op": "add", "path": "/config/services/openssh/settings/AuthenticationMethods", "value": "publickey,keyboard-interactive"}])
	count(ssh003.deny) == 0 with input as ok
}

# A settings value with a newline that opens a block before
# AuthenticationMethods (AcceptEnv sorts before it): the key covers only
# that block.
test_settings_block_before_authentication_methods if {
	inp := _patch(_extra(true, ""), [
		{"op": "add", "path": "/config/services/openssh/settings/AuthenticationMethods", "value": "publickey,keyboard-interactive"},
		{"op": "add", "path": "/config/services/openssh/settings/AcceptEnv", "value": ["LANG\nMatch User nobody"]},
	])
	some v in ssh003.deny with input as inp
	endswith(v.msg, "(AuthenticationMethods starts with publickey, but services.openssh.settings.AcceptEnv opens \"Match User nobody\" before AuthenticationMethods)")
}
