# Helpers shared by the STIG rules on PAM, passwords, login.defs and
# accounts: reading the text NixOS renders for a PAM service, for
# /etc/login.defs and for /etc/security/pwquality.conf, whichever route the
# host uses to write it. Not a rule: no METADATA, no deny.
package nixsec.rules.stig.pamlib

import data.nixsec.lib

# --- generic text parsing -------------------------------------------------

# The lines of text without comments: a "#" starts a comment (libpam,
# libpwquality and sudoers read it so; login.defs comments start a line),
# blank lines dropped, the rest trimmed.
lines(text) := [line |
	some raw in split(text, "\n")
	line := trim_space(split(raw, "#")[0])
	line != ""
]

# eq_settings is the "key = value" settings of text (pwquality.conf,
# sssd.conf sections flattened) as {key: value}; the last line that sets a
# key wins, as libpwquality reads the file top to bottom.
eq_settings(text) := {k: entries[i].value |
	entries := _eq_entries(text)
	some i
	k := entries[i].key
	not _set_later(entries, i, k)
}

_eq_entries(text) := [{"key": trim_space(substring(line, 0, n)), "value": trim_space(substring(line, n + 1, -1))} |
	some line in lines(text)
	n := indexof(line, "=")
	n > 0
]

_set_later(entries, i, k) if {
	some j
	j > i
	entries[j].key == k
}

# ws_settings is the "KEY value" settings of text (login.defs syntax: a key,
# blanks, the value) as {KEY: value}; the last line wins.
ws_settings(text) := {k: entries[i].value |
	entries := _ws_entries(text)
	some i
	k := entries[i].key
	not _set_later(entries, i, k)
}

_ws_entries(text) := [{"key": m[1], "value": trim_space(m[2])} |
	some raw in split(text, "\n")
	line := trim_space(raw)
	not startswith(line, "#")
	some m in regex.find_all_string_submatch_n(`^(\S+)(?:\s+(.*))?$`, line, 1)
]

# num is v as a number: a number as is, a string of an integer parsed.
# Undefined otherwise.
num(v) := v if is_number(v)

num(v) := to_number(trim_space(v)) if {
	is_string(v)
	regex.match(`^\s*[-+]?[0-9]+\s*$`, v)
}

# --- PAM service files ----------------------------------------------------

# pam_lines is the rules of a PAM service file as libpam reads them:
# {"type", "control", "module", "args"}, the module by its base name without
# "lib" and ".so" (pam_faillock), args a list of words; a leading "-" on the
# type (ignore a missing module) is dropped.
pam_lines(text) := [{"type": trim_prefix(m[1], "-"), "control": m[2], "module": module_name(m[3]), "args": _words(m[4])} |
	some line in lines(text)
	some m in regex.find_all_string_submatch_n(`^(-?(?:auth|account|password|session))\s+(\[[^\]]*\]|\S+)\s+(\S+)\s*(.*)$`, line, 1)
]

_words(s) := [w | some w in regex.split(`\s+`, trim_space(s)); w != ""]

module_name(path) := trim_prefix(trim_suffix(base, ".so"), "lib") if {
	parts := split(path, "/")
	base := parts[count(parts) - 1]
}

# args_map is a rule's args as {name: value}: "deny=3" → {"deny": "3"},
# a bare flag → {"preauth": true}.
args_map(args) := {k: v |
	some a in args
	k := _arg_key(a)
	v := _arg_value(a)
}

_arg_key(a) := substring(a, 0, indexof(a, "=")) if contains(a, "=")

_arg_key(a) := a if not contains(a, "=")

_arg_value(a) := substring(a, indexof(a, "=") + 1, -1) if contains(a, "=")

_arg_value(a) if not contains(a, "=")

# service_text is the text NixOS writes to /etc/pam.d/<name>
# (security.pam.services.<name>.text), undefined when the document has no
# text for it.
service_text(name) := t if {
	t := lib.cfg(["security", "pam", "services", name, "text"], null)
	is_string(t)
}

# service_text_path is the option path of that text.
service_text_path(name) := lib.path(["security", "pam", "services", name, "text"])

# --- files written through environment.etc ---------------------------------

# etc_file describes how /etc/<name> reaches the host:
#   {"state": "text", "text": t, "path": <…text>}      text the user set
#   {"state": "absent", "path": <…text>}                no such file
#   {"state": "unreadable", "path": <…source>, "why": "…"} a file nixsec
#                                                       cannot read
# rendered is the _derivation name of the file NixOS itself renders there
# (null when NixOS renders none); that file counts as "rendered".
etc_file(name, rendered) := {"state": "absent", "path": lib.path(["environment", "etc", name, "enable"])} if {
	lib.cfg(["environment", "etc", name, "enable"], true) == false
} else := {"state": "text", "text": t, "path": lib.path(["environment", "etc", name, "text"])} if {
	t := lib.cfg(["environment", "etc", name, "text"], null)
	is_string(t)
} else := {"state": "rendered", "path": lib.path(["environment", "etc", name, "source"])} if {
	rendered != null
	lib.cfg(["environment", "etc", name, "source"], null) == {"_derivation": rendered}
} else := {"state": "unreadable", "path": p, "why": sprintf("%s is %s, not a text nixsec can read", [p, _what(source)])} if {
	p := lib.path(["environment", "etc", name, "source"])
	source := lib.cfg(["environment", "etc", name, "source"], null)
	source != null
} else := {"state": "absent", "path": lib.path(["environment", "etc", name, "text"])}

_what(source) := sprintf("a package (%s)", [lib.show(source._derivation)]) if {
	is_object(source)
	is_string(source._derivation)
} else := sprintf("the file %s", [lib.show(source)]) if {
	is_string(source)
} else := "a file"

# --- /etc/login.defs -------------------------------------------------------

# login_defs(key) is the value /etc/login.defs gives key, with the option
# path to change:
#   {"state": "set", "value": v, "path": p}
#   {"state": "unset", "path": p}
#   {"state": "unreadable", "path": p, "why": "…"}
# NixOS renders the file from security.loginDefs.settings ("KEY value"
# lines, programs/shadow.nix); environment.etc."login.defs".text (with
# mkForce, as the STIG's examples do) replaces it and is read instead.
login_defs(key) := r if {
	f := etc_file("login.defs", "login.defs")
	f.state == "text"
	r := _text_value(ws_settings(f.text), key, f.path)
} else := {"state": "unreadable", "path": f.path, "why": f.why} if {
	f := etc_file("login.defs", "login.defs")
	f.state == "unreadable"
} else := {"state": "unset", "path": f.path, "why": sprintf("%s is false: there is no /etc/login.defs", [f.path])} if {
	lib.cfg(["environment", "etc", "login.defs", "enable"], true) == false
	f := etc_file("login.defs", "login.defs")
} else := r if {
	comps := ["security", "loginDefs", "settings", key]
	v := lib.cfg(comps, null)
	v != null
	r := {"state": "set", "value": v, "path": lib.path(comps)}
} else := {"state": "unset", "path": lib.path(["security", "loginDefs", "settings", key])}

_text_value(settings, key, p) := {"state": "set", "value": settings[key], "path": p}

_text_value(settings, key, p) := {"state": "unset", "path": p} if not settings[key]

# --- /etc/security/pwquality.conf -----------------------------------------

# pwquality(key) is the value /etc/security/pwquality.conf gives key, in
# login_defs's shape. NixOS has no pwquality module: the file exists only
# when environment.etc."security/pwquality.conf" writes it.
pwquality(key) := r if {
	f := etc_file("security/pwquality.conf", null)
	f.state == "text"
	r := _text_value(eq_settings(f.text), key, f.path)
} else := {"state": "unreadable", "path": f.path, "why": f.why} if {
	f := etc_file("security/pwquality.conf", null)
	f.state == "unreadable"
} else := {"state": "unset", "path": lib.path(["environment", "etc", "security/pwquality.conf", "text"])}

# describe renders where a setting stands for a message: "is 0 in
# /etc/login.defs", "is not set in /etc/login.defs".
describe(r, key, file) := sprintf("%s is %s in %s", [key, lib.show(r.value), file]) if {
	r.state == "set"
} else := sprintf("%s is not set in %s (%s)", [key, file, r.why]) if {
	r.state == "unset"
	r.why
} else := sprintf("%s is not set in %s", [key, file]) if {
	r.state == "unset"
} else := sprintf("nixsec cannot read %s in %s: %s", [key, file, r.why])
