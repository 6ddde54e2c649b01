# METADATA
# title: Concurrent sessions per account are not capped at 10
# description: |
#   An unlimited number of simultaneous logins per account lets a stolen
#   credential be used alongside its owner unnoticed and makes denial of
#   service by session exhaustion easier. The STIG requires the login PAM
#   service to load pam_limits with a limits.conf that holds
#   "* hard maxlogins 10" (a larger value only where the ISSO has
#   documented the need: suppress the finding then). NixOS writes each
#   service's limits (security.pam.services.<name>.limits, by default
#   security.pam.loginLimits; empty unless set) to a limits.conf in the
#   store and adds "session required pam_limits.so conf=<that file>" only
#   when the list is not empty (security/pam.nix). The rule reads the login
#   service's limits list and reports when no entry for domain "*" and item
#   maxlogins, of type "hard" or "-" (both), has a value from 1 to 10; and,
#   when such an entry exists, when the text written to /etc/pam.d/login
#   (for example a text set by hand) loads no pam_limits.so.
# custom:
#   id: STIG085
#   severity: medium
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268085
#   options:
#     - security.pam.loginLimits
#     - security.pam.services.login.limits
#     - security.pam.services.login.text
#   remediation: |
#     security.pam.loginLimits = [
#       { domain = "*"; type = "hard"; item = "maxlogins"; value = "10"; }
#     ];
#   references:
#     - https://preview.stighub.com/check/484c7d90-ad7c-4b60-8c75-634c2c7e46ff
#     - https://stigui.com/stigs/Anduril_NixOS_STIG/groups/V-268085
#     - https://man7.org/linux/man-pages/man5/limits.conf.5.html
package nixsec.rules.stig.stig085

import data.nixsec.lib
import data.nixsec.rules.stig.pamlib

_login := ["security", "pam", "services", "login"]

# The login service's own list when the document has it (it defaults to
# security.pam.loginLimits), else the global list.
_limits := {"comps": comps, "value": l} if {
	comps := array.concat(_login, ["limits"])
	l := lib.cfg(comps, null)
	is_array(l)
} else := {"comps": comps, "value": l} if {
	comps := ["security", "pam", "loginLimits"]
	l := lib.cfg(comps, null)
	is_array(l)
}

# The list to edit: loginLimits unless the login service sets its own.
_edit_path := lib.path(array.concat(_login, ["limits"])) if {
	lib.defined(lib.path(array.concat(_login, ["limits"])))
	not lib.defined("security.pam.loginLimits")
} else := "security.pam.loginLimits"

_maxlogins := [e |
	some e in _limits.value
	e.domain == "*"
	e.item == "maxlogins"
	object.get(e, "type", "-") in {"hard", "-"}
]

_capped if {
	some e in _maxlogins
	n := pamlib.num(e.value)
	n >= 1
	n <= 10
}

deny contains v if {
	_limits
	not _capped
	v := {
		"path": _edit_path,
		"msg": sprintf("the login service's limits have %s: the STIG caps every account at 10 concurrent logins (* hard maxlogins 10)", [_found]),
	}
}

_found := sprintf("maxlogins %s for *", [concat(", ", [sprintf("%v", [e.value]) | some e in _maxlogins])]) if {
	count(_maxlogins) > 0
} else := "no hard maxlogins entry for *"

deny contains v if {
	_capped
	text := pamlib.service_text("login")
	not _loads_limits(text)
	v := {
		"path": pamlib.service_text_path("login"),
		"msg": "/etc/pam.d/login loads no pam_limits.so: the maxlogins limit is never applied",
	}
}

_loads_limits(text) if {
	some l in pamlib.pam_lines(text)
	l.type == "session"
	l.module == "pam_limits"
}
