# METADATA
# title: SSH accepts a password through keyboard-interactive authentication
# description: |
#   Keyboard-interactive authentication hands the login to sshd's PAM stack
#   (/etc/pam.d/sshd, which NixOS renders from security.pam.services.sshd
#   when UsePAM is on). Whether that is a password login depends on the
#   stack, and nixsec reads the stack the host really gets: the text NixOS
#   writes to /etc/pam.d/sshd. NixOS sets sshd's unixAuth from
#   PasswordAuthentication, so with PasswordAuthentication = false pam_unix
#   is left out and keyboard-interactive cannot check a Unix password. The
#   rule fires when keyboard-interactive is on (NixOS default true; null
#   leaves OpenSSH's default, yes) and an auth line of that stack can let a
#   client in by itself: pam_unix, LDAP, SSSD, Kerberos, Kanidm, homed,
#   OTPW, MySQL, dp9ik or any module nixsec does not know; a one-time-code
#   module (OATH, Google Authenticator, Duo, YubiKey OTP) unless it is
#   "required" or "requisite" (an extra factor); key and device modules
#   (U2F, PKCS#11, SSH agent, fingerprint) never count. It also fires when
#   /etc/pam.d/sshd is not the file NixOS renders (environment.etc
#   overrides it, or the service is disabled and PAM falls back to "other"),
#   since nixsec can then not rule a password out. It does not fire when
#   every AuthenticationMethods alternative starts with "publickey," (a
#   second factor behind a key, SSH010).
#
#   nixsec reads the sshd_config NixOS writes, not only the setting: the
#   settings in sorted order, then services.openssh.extraConfig. sshd uses
#   the first value it reads, so a global extraConfig line loses to the
#   setting, but a line inside a Match block overrides it for the
#   connections that block matches ("Match all": every connection). With a
#   stack that accepts a password, the rule also fires on a
#   KbdInteractiveAuthentication (or its older names
#   ChallengeResponseAuthentication and SkeyAuthentication) other than "no"
#   inside any Match block, whatever its condition, or outside one when it
#   is the first sshd reads (the setting null, or a settings value with a
#   newline writing a line of its own ahead of it); when the setting's own
#   line falls inside a Match block other than "Match all", so that false
#   covers only that block; and, since nixsec cannot tell what they set, on
#   an Include line, on shell syntax in extraConfig (the build writes it
#   with an unquoted here-document: an unescaped $ or ` is expanded), and
#   on a line "EOL" there, which ends that here-document. An
#   AuthenticationMethods that a Match block (or such a line) sets to
#   anything but "publickey,…" alternatives undoes the exception above.
# custom:
#   id: SSH003
#   severity: high
#   options:
#     - path: services.openssh.enable
#       aliases:
#         - services.sshd.enable
#     - services.openssh.settings.AuthenticationMethods
#     - services.openssh.settings.UsePAM
#     - path: services.openssh.settings.KbdInteractiveAuthentication
#       aliases:
#         - services.openssh.kbdInteractiveAuthentication
#         - services.openssh.challengeResponseAuthentication
#     - services.openssh.settings.*
#     - services.openssh.extraConfig
#     - security.pam.services.sshd.enable
#     - security.pam.services.sshd.text
#     - environment.etc."pam.d/sshd".enable
#     - environment.etc."pam.d/sshd".text
#     - environment.etc."pam.d/sshd".source
#     - security.pam.services.sshd.unixAuth
#     - security.pam.services.sshd.otpwAuth
#     - security.pam.services.sshd.mysqlAuth
#     - security.pam.krb5.enable
#     - users.ldap.enable
#     - users.ldap.loginPam
#     - services.sssd.enable
#     - services.kanidm.enablePam
#     - services.homed.enable
#     - security.pam.dp9ik.enable
#   remediation: |
#     services.openssh.settings.KbdInteractiveAuthentication = false;
#     # and no "KbdInteractiveAuthentication yes" in a Match block of
#     # services.openssh.extraConfig, nor an Include there
#   references:
#     - https://infosec.mozilla.org/guidelines/openssh.html
#     - https://wiki.nixos.org/wiki/SSH
#     - https://man.openbsd.org/sshd_config#KbdInteractiveAuthentication
#     - https://man.openbsd.org/sshd_config#Match
package nixsec.rules.ssh.ssh003

import data.nixsec.lib

_comps := ["services", "openssh", "settings", "KbdInteractiveAuthentication"]

_pam := ["security", "pam", "services", "sshd"]

deny contains v if {
	input.config.services.openssh.enable == true
	value := input.config.services.openssh.settings.KbdInteractiveAuthentication
	value != false
	not _publickey_first
	_uses_pam
	checks := _password_reasons
	count(checks) > 0
	p := lib.path(_comps)
	v := {
		"path": p,
		"msg": sprintf("KbdInteractiveAuthentication is %s%s and sshd's PAM stack accepts a password: %s%s", [
			lib.show(value), _note(p, value),
			concat(", ", sort(checks)), _methods_note,
		]),
		"anchor": "services.openssh.enable",
		"fix": {"path": p, "value": false},
	}
}

# A line of sshd_config other than the setting's own (extraConfig, or a
# settings value with a newline) turns keyboard-interactive on.
deny contains v if {
	input.config.services.openssh.enable == true
	some e in lib.sshd_extra("KbdInteractiveAuthentication")
	lower(e.value) != "no"
	not _publickey_first
	_uses_pam
	checks := _password_reasons
	count(checks) > 0
	v := {
		"path": e.path,
		"msg": sprintf("%s writes %s %s, and sshd's PAM stack accepts a password: %s", [
			e.path, lib.show(e.text), _where(e),
			concat(", ", sort(checks)),
		]),
		"anchor": "services.openssh.enable",
	}
}

_where(e) := e.where if e.match != null

_where(e) := sprintf("%s, the first KbdInteractiveAuthentication sshd reads (%s is %s)", [
	e.where, lib.path(_comps),
	lib.show(lib.cfg(_comps, null)),
]) if e.match == null

# The setting's own line inside a Match block: false covers only that block.
deny contains v if {
	input.config.services.openssh.enable == true
	input.config.services.openssh.settings.KbdInteractiveAuthentication == false
	b := lib.sshd_setting_match("KbdInteractiveAuthentication")
	not _publickey_first
	_uses_pam
	checks := _password_reasons
	count(checks) > 0
	v := {
		"path": b.path,
		"msg": sprintf("%s opens %s before %s = false in sshd_config, so every other connection gets OpenSSH's default (yes), and sshd's PAM stack accepts a password: %s", [
			b.path, lib.show(concat(" ", ["Match", b.condition])),
			lib.path(_comps), concat(", ", sort(checks)),
		]),
		"anchor": "services.openssh.enable",
	}
}

deny contains v if {
	input.config.services.openssh.enable == true
	some u in lib.sshd_extra_unreadable
	_uses_pam
	checks := _password_reasons
	count(checks) > 0
	v := {
		"path": u.path,
		"msg": sprintf("%s %s: keyboard-interactive may be on, and sshd's PAM stack accepts a password: %s", [
			u.path, u.why,
			concat(", ", sort(checks)),
		]),
		"anchor": "services.openssh.enable",
	}
}

# sshd talks to PAM only with UsePAM on (25.11+: exactly true; null leaves
# the directive out, and OpenSSH's default is no), and NixOS then defines
# the sshd PAM service. Releases without the UsePAM option always use PAM.
_uses_pam if {
	lib.has(array.concat(_pam, ["unixAuth"]))
	lib.cfg(["services", "openssh", "settings", "UsePAM"], true) == true
}

# Why sshd's stack may take a password: /etc/pam.d/sshd replaced or
# missing; else the auth lines of the text NixOS renders for it; else (a
# document without the text) the options that put a password module in it.
_password_reasons := _etc_reasons if {
	count(_etc_reasons) > 0
} else := _text_reasons if {
	is_string(lib.cfg(array.concat(_pam, ["text"]), null))
} else := _option_reasons

_etc := ["environment", "etc", "pam.d/sshd"]

_etc_reasons contains sprintf("%s is false: PAM falls back to /etc/pam.d/other", [lib.path(comps)]) if {
	some comps in [array.concat(_pam, ["enable"]), array.concat(_etc, ["enable"])]
	lib.cfg(comps, true) == false
}

_etc_reasons contains sprintf("%s replaces the file NixOS renders", [p]) if {
	p := lib.path(array.concat(_etc, ["text"]))
	is_string(lib.cfg(array.concat(_etc, ["text"]), null))
}

_etc_reasons contains sprintf("%s is %s, not the file NixOS renders", [lib.path(comps), _what(source)]) if {
	comps := array.concat(_etc, ["source"])
	source := lib.cfg(comps, null)
	source != null
	source != {"_derivation": "sshd.pam"}
}

# A store path's hash changes with every edit: name what it is instead.
_what(source) := sprintf("a package (%s)", [lib.show(source._derivation)]) if {
	is_object(source)
	is_string(source._derivation)
} else := "a file"

_etc_reasons contains sprintf("%s is set in %s", [p, concat(", ", files)]) if {
	p := lib.path(array.concat(_etc, ["source"]))
	files := object.get(input.files, p, [])
	count(files) > 0
}

# The auth lines of the PAM file, as libpam reads them: "#" starts a
# comment; a control is a word or a bracketed list.
_auth_lines contains {"control": m[1], "module": _module_name(m[2])} if {
	some raw in split(lib.cfg(array.concat(_pam, ["text"]), ""), "\n")
	line := trim_space(split(raw, "#")[0])
	some m in regex.find_all_string_submatch_n(`^-?auth\s+(\[[^\]]*\]|\S+)\s+(\S+)`, line, 1)
}

_module_name(path) := trim_prefix(trim_suffix(base, ".so"), "lib") if {
	parts := split(path, "/")
	base := parts[count(parts) - 1]
}

# Modules that prove a key or a device, never a typed secret.
_key_modules := {"pam_u2f", "pam_p11", "pam_fprintd", "pam_ssh_agent_auth", "pam_rssh", "pam_ussh", "pam_howdy"}

# One-time codes: an extra factor when required or requisite.
_code_modules := {"pam_oath", "pam_google_authenticator", "pam_duo", "pam_yubico"}

# Modules that authenticate nobody (they fail, or only unlock and delay);
# harmless unless a control lets their success end the stack.
_inert_modules := {
	"pam_deny", "pam_faillock", "pam_faildelay", "pam_ecryptfs", "pam_fscrypt", "pam_zfs_key",
	"pam_mount", "pam_kwallet5", "pam_gnome_keyring", "pam_intune", "pam_gnupg", "pam_env",
	"pam_nologin", "pam_securetty", "pam_warn", "pam_wheel",
}

_safe(l) if l.module in _key_modules

_safe(l) if l.module == "pam_deny"

_safe(l) if {
	l.control in {"required", "requisite", "optional"}
	l.module in (_code_modules | _inert_modules)
}

# pam_unix "optional" before an extra factor only collects the password
# for later modules; it counts where pam_unix does ("sufficient" after).
_safe(l) if {
	l.control == "optional"
	l.module == "pam_unix"
	not _unix_decides
	count(_auth_lines) > 1
}

_unix_decides if {
	some l in _auth_lines
	l.module == "pam_unix"
	l.control != "optional"
}

_text_reasons contains sprintf("%s has \"auth %s %s\"", [lib.path(array.concat(_pam, ["text"])), l.control, l.module]) if {
	some l in _auth_lines
	not _safe(l)
}

# The modules of sshd's auth stack that accept a typed secret alone.
_option_reasons contains sprintf("%s is true%s", [lib.path(array.concat(_pam, [name])), _why(name)]) if {
	some name in ["unixAuth", "otpwAuth", "mysqlAuth"]
	lib.is_true(array.concat(_pam, [name]))
}

_option_reasons contains sprintf("%s is true", [lib.path(comps)]) if {
	some comps in [
		["security", "pam", "krb5", "enable"],
		["services", "sssd", "enable"],
		["services", "kanidm", "enablePam"],
		["services", "homed", "enable"],
		["security", "pam", "dp9ik", "enable"],
	]
	lib.is_true(comps)
}

_option_reasons contains "users.ldap.enable and users.ldap.loginPam are true" if {
	input.config.users.ldap.enable == true
	lib.cfg(["users", "ldap", "loginPam"], true) == true
}

_why("unixAuth") := " (NixOS sets it from PasswordAuthentication = true)" if {
	lib.cfg(["services", "openssh", "settings", "PasswordAuthentication"], null) == true
} else := ""

_why(name) := "" if name != "unixAuth"

# With AuthenticationMethods requiring a public key before anything else
# in every alternative ("publickey,keyboard-interactive"), keyboard-
# interactive can only be a second factor (the PAM code of SSH010), never a
# password prompt for an anonymous client.
#
# sshd_config must not undo it: its own line inside a Match block (the
# setting covers only that block), another AuthenticationMethods line that
# counts (inside a Match block, or written ahead of it) with an alternative
# that does not start with a key, or a part nixsec cannot read.
_publickey_first if {
	_settings_publickey_first
	count(_methods_spoilers) == 0
	count(lib.sshd_extra_unreadable) == 0
}

_settings_publickey_first if {
	methods := lib.cfg(["services", "openssh", "settings", "AuthenticationMethods"], null)
	is_string(methods)
	alternatives := split(trim_space(methods), " ")
	count(alternatives) > 0
	every a in alternatives {
		startswith(a, "publickey,")
	}
}

_methods_spoilers contains sprintf("%s writes %s %s", [e.path, lib.show(e.text), e.where]) if {
	some e in lib.sshd_extra("AuthenticationMethods")
	not _all_publickey_first(e.args)
}

_methods_spoilers contains sprintf("%s opens %s before AuthenticationMethods", [b.path, lib.show(concat(" ", ["Match", b.condition]))]) if {
	b := lib.sshd_setting_match("AuthenticationMethods")
}

_all_publickey_first(args) if {
	count(args) > 0
	every a in args {
		startswith(a, "publickey,")
	}
}

# Why a publickey-first AuthenticationMethods setting does not count.
_methods_note := sprintf(" (AuthenticationMethods starts with publickey, but %s)", [concat("; ", sort(_methods_spoilers))]) if {
	_settings_publickey_first
	count(_methods_spoilers) > 0
} else := ""

_note(_, value) := " (OpenSSH default: yes)" if value == null

_note(p, value) := lib.default_note(p) if value != null
