# METADATA
# title: Accounts are not locked after three failed logins in 15 minutes
# description: |
#   Without an account lockout, a password can be guessed online for as
#   long as the attacker likes. The STIG checks /etc/pam.d/login for a
#   pam_faillock.so "preauth" auth line whose fail_interval is set, not 0
#   and at most 900 seconds (15 minutes); its example also sets deny=3 and
#   its fix adds the "authfail" line that counts failures and an account
#   line. NixOS puts no faillock in the login service: logFailures adds a
#   bare "auth required pam_faillock.so" line, without preauth, to some
#   services (security/pam.nix). nixsec reads the text NixOS writes to
#   /etc/pam.d/login (security.pam.services.login.text: the generated
#   stack, or the text the user set, as the STIG's fix does) and reports a
#   missing preauth line, a fail_interval that is missing, 0 or above 900,
#   a deny above 3 (or 0, which disables the lock), and a stack with no
#   "authfail" line, without which no failure is ever counted. The STIG's
#   fix writes the same text for sshd; the check reads login only.
# custom:
#   id: STIG081
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268081
#   options:
#     - security.pam.services.login.text
#   remediation: |
#     # Keeps the generated stack; rules is an experimental NixOS option.
#     security.pam.services.login.rules = let
#       faillock = "${config.security.pam.package}/lib/security/pam_faillock.so";
#       unix = config.security.pam.services.login.rules.auth.unix.order;
#       settings = { deny = 3; fail_interval = 900; unlock_time = 0; audit = true; };
#     in {
#       auth.faillock-preauth = { order = unix - 10; control = "required"; modulePath = faillock; settings = settings // { preauth = true; silent = true; }; };
#       auth.faillock-authfail = { order = unix + 10; control = "[default=die]"; modulePath = faillock; settings = settings // { authfail = true; }; };
#       account.faillock = { order = config.security.pam.services.login.rules.account.unix.order - 10; control = "required"; modulePath = faillock; };
#     };
#   references:
#     - https://preview.stighub.com/check/041b0ddf-100d-4198-b514-ec8ceaea02b9
#     - https://www.stigviewer.com/stigs/anduril_nixos_v1/2024-10-25/finding/V-268081
#     - https://man7.org/linux/man-pages/man8/pam_faillock.8.html
package nixsec.rules.stig.stig081

import data.nixsec.rules.stig.pamlib

_service := "login"

deny contains v if {
	text := pamlib.service_text(_service)
	some problem in _problems(pamlib.pam_lines(text))
	v := {
		"path": pamlib.service_text_path(_service),
		"msg": sprintf("/etc/pam.d/login: %s", [problem]),
	}
}

_faillock(lines) := [l |
	some l in lines
	l.type == "auth"
	l.module == "pam_faillock"
]

_preauth(lines) := [pamlib.args_map(l.args) |
	some l in _faillock(lines)
	"preauth" in l.args
]

_problems(lines) := {"no pam_faillock.so preauth line: failed logins never lock the account"} if {
	count(_preauth(lines)) == 0
}

_problems(lines) := ps if {
	count(_preauth(lines)) > 0
	ps := {p |
		some a in _preauth(lines)
		some p in _arg_problems(a)
	} | _authfail_problem(lines)
}

_arg_problems(a) := _interval_problem(a) | _deny_problem(a)

_interval_problem(a) := {"pam_faillock.so preauth has no fail_interval: the STIG requires 900 seconds or less"} if {
	not a.fail_interval
} else := {sprintf("pam_faillock.so preauth has fail_interval=%s: the STIG requires 900 seconds or less, not 0", [a.fail_interval])} if {
	not _in_range(a.fail_interval, 1, 900)
} else := set()

# deny left out: pam_faillock's default, 3.
_deny_problem(a) := {sprintf("pam_faillock.so preauth has deny=%s: the STIG locks after 3 failures", [a.deny])} if {
	a.deny
	not _in_range(a.deny, 1, 3)
} else := set()

# A numeric argument within [lo, hi]; anything else (a flag, "1.5") is not.
_in_range(arg, lo, hi) if {
	n := pamlib.num(arg)
	n >= lo
	n <= hi
}

_authfail_problem(lines) := set() if {
	some l in _faillock(lines)
	"authfail" in l.args
} else := {"no pam_faillock.so authfail line: failed logins are never counted"}
