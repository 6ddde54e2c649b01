# Helpers shared by the STIG audit rules (STIG090-STIG167): reading the
# lines of security.audit.rules as auditctl(8) reads them, deciding whether
# a line the STIG asks for is covered by a line the host has, and reading
# the auditd.conf the host gets. Not a rule: no METADATA, no deny.
#
# A rule line is parsed into
#   {"kind": "syscall"|"watch"|"control", "list": {"always", "exit"},
#    "syscalls": {...}, "fields": {...}, "keys": {...}, "watch": path,
#    "perms": {"w", "a"}, "flags": {"--loginuid-immutable"}, "backlog": n}
# with every filter spelled one way: "-F auid!=-1", "auid!=4294967295" and
# "auid!=unset" all become "auid!=unset"; "-C euid!=uid" becomes
# "C:euid!=uid" whatever the operand order; "exit=-13" becomes
# "exit=-EACCES"; "arch=x86_64" becomes "arch=b64"; "perm=wa" keeps its
# letters sorted ("perm=aw"); "-k x" and "-F key=x" are keys, not filters.
# "always,exit" and "exit,always" are the same list/action pair.
package nixsec.rules.stig.auditlib

import data.nixsec.lib

rules_comps := ["security", "audit", "rules"]

# execpriv_lines are the STIG's rule lines auditing executions of programs
# that gain root privileges (V-268091): STIG091 asks for them, and STIG148
# asks for them again among what auditing needs to work. A library, not
# STIG091's package, so that STIG148 reads them when STIG091 is not
# enabled (a run drops the packages of the rules it does not enable).
execpriv_lines := [
	"-a always,exit -F arch=b32 -S execve -C uid!=euid -F euid=0 -k execpriv",
	"-a always,exit -F arch=b64 -S execve -C uid!=euid -F euid=0 -k execpriv",
	"-a always,exit -F arch=b32 -S execve -C gid!=egid -F egid=0 -k execpriv",
	"-a always,exit -F arch=b64 -S execve -C gid!=egid -F egid=0 -k execpriv",
]

rules_path := lib.path(rules_comps)

# rules is the host's security.audit.rules (NixOS default [ ]).
rules := r if {
	r := object.get(input.config, rules_comps, [])
	is_array(r)
} else := []

# parsed is every line of security.audit.rules that parses (comments and
# blank lines do not).
parsed := [p | some line in rules; is_string(line); p := parse(line)]

# tokens splits a rule line at whitespace; quotes around a value go.
tokens(line) := [_unquote(t) | some t in regex.split(`\s+`, trim_space(line)); t != ""]

_unquote(t) := trim(t, "\"'")

# parse reads one audit rule line. Undefined for a comment or blank line.
parse(line) := p if {
	toks := tokens(line)
	count(toks) > 0
	not startswith(toks[0], "#")
	p := {
		"kind": _kind(toks),
		"list": _list(toks),
		"syscalls": {s |
			some i, t in toks
			t == "-S"
			i + 1 < count(toks)
			some s in split(toks[i + 1], ",")
			s != ""
		},
		"fields": _fields(toks),
		"keys": _keys(toks),
		"watch": _watch(toks),
		"perms": _perms(toks),
		"flags": {t | some t in toks; startswith(t, "--")},
		"backlog": _backlog(toks),
	}
}

_kind(toks) := "watch" if {
	"-w" in toks
} else := "syscall" if {
	some t in toks
	t in {"-a", "-A"}
} else := "control"

# _list is the set of words of "-a list,action" (or -A): {"always", "exit"}.
_list(toks) := {w |
	some i, t in toks
	t in {"-a", "-A"}
	i + 1 < count(toks)
	some w in split(toks[i + 1], ",")
	w != ""
}

# _arg is the token after flag f (the first occurrence), undefined without.
_arg(toks, f) := toks[i + 1] if {
	some i, t in toks
	t == f
	i + 1 < count(toks)
}

_watch(toks) := _norm_path(_arg(toks, "-w")) if {
	_arg(toks, "-w")
} else := null

# A watch on a directory may be written with or without its trailing "/".
_norm_path(p) := trim_suffix(p, "/") if {
	p != "/"
} else := p

# Permissions: "-p wa" of a watch, or "-F perm=wa" of a syscall rule.
_perms(toks) := {c | some c in split(_arg(toks, "-p"), "")} if {
	_arg(toks, "-p")
} else := {c |
	some i, t in toks
	t == "-F"
	i + 1 < count(toks)
	f := _split_field(toks[i + 1])
	f.name == "perm"
	some c in split(f.value, "")
}

_backlog(toks) := to_number(_arg(toks, "-b")) if {
	regex.match(`^[0-9]+$`, _arg(toks, "-b"))
} else := null

_keys(toks) := {k |
	some i, t in toks
	t == "-k"
	i + 1 < count(toks)
	k := toks[i + 1]
} | {f.value |
	some i, t in toks
	t == "-F"
	i + 1 < count(toks)
	f := _split_field(toks[i + 1])
	f.name == "key"
}

# _fields is every filter of the line, normalised, the key excepted.
_fields(toks) := {s |
	some i, t in toks
	t == "-F"
	i + 1 < count(toks)
	f := _split_field(toks[i + 1])
	f.name != "key"
	s := _norm_field(f)
} | {s |
	some i, t in toks
	t == "-C"
	i + 1 < count(toks)
	f := _split_field(toks[i + 1])
	s := _norm_compare(f)
}

_split_field(s) := {"name": m[1], "op": m[2], "value": m[3]} if {
	some m in regex.find_all_string_submatch_n(`^([^=!<>&]+)(!=|>=|<=|&=|=|<|>|&)(.*)$`, s, 1)
}

_norm_field(f) := concat("", [f.name, f.op, _norm_value(f.name, f.value)])

# The audit system reads -1, 4294967295 and unset alike for an unset login
# uid.
_norm_value(name, v) := "unset" if {
	name in {"auid", "loginuid"}
	v in {"-1", "4294967295", "unset"}
} else := concat("", ["-", _errnos[trim_prefix(v, "-")]]) if {
	name == "exit"
	startswith(v, "-")
	_errnos[trim_prefix(v, "-")]
} else := _arches[v] if {
	name == "arch"
	_arches[v]
} else := concat("", sort(split(v, ""))) if {
	name == "perm"
} else := v

# Error numbers the STIG's exit filters use, by number and by name.
_errnos := {"1": "EPERM", "13": "EACCES", "EPERM": "EPERM", "EACCES": "EACCES"}

# auditctl's names for the two x86 ABIs.
_arches := {"b64": "b64", "x86_64": "b64", "b32": "b32", "i386": "b32", "i686": "b32"}

# A comparison of two fields is symmetric for = and !=.
_norm_compare(f) := concat("", ["C:", ops[0], f.op, ops[1]]) if {
	f.op in {"=", "!="}
	ops := sort([f.name, f.value])
} else := concat("", ["C:", f.name, f.op, f.value])

# _always_exit is true for an "always,exit" (or "exit,always") rule.
_always_exit(r) if r.list == {"always", "exit"}

# _anchors are the filters a covering rule must repeat: the ABI, and the
# file a path rule is about. Other STIG filters may be left out (the rule
# is then broader) but no filter may be added (that narrows it).
_anchors(req) := {f |
	some f in req.fields
	some prefix in ["arch=", "path=", "dir="]
	startswith(f, prefix)
}

# covers(r, req) is true when the host's parsed rule r audits at least what
# the STIG's parsed rule req audits.
covers(r, req) if {
	req.kind == "syscall"
	count(req.syscalls) > 0
	_always_exit(r)
	every s in req.syscalls {
		_has_syscall(r, s)
	}
	_anchors(req) - r.fields == set()
	r.fields - req.fields == set()
}

# A path rule ("-F path=X -F perm=x", with or without "-S all").
covers(r, req) if {
	req.kind == "syscall"
	_path_rule(req)
	_always_exit(r)
	_all_syscalls(r)
	_anchors(req) - r.fields == set()
	_without_perm(r.fields) - _without_perm(req.fields) == set()
	req.perms - r.perms == set()
}

# ... or the watch auditctl turns into the same thing: "-w X -p x".
covers(r, req) if {
	req.kind == "syscall"
	_path_rule(req)
	r.kind == "watch"
	some f in req.fields
	startswith(f, "path=")
	r.watch == _norm_path(substring(f, 5, -1))
	req.perms - r.perms == set()
}

# A watch ("-w /etc/passwd -p wa").
covers(r, req) if {
	req.kind == "watch"
	r.kind == "watch"
	r.watch == req.watch
	req.perms - r.perms == set()
}

# ... or its syscall form: "-a always,exit -F path=/etc/passwd -F perm=wa"
# (dir= for a directory), with no other filter.
covers(r, req) if {
	req.kind == "watch"
	r.kind == "syscall"
	_always_exit(r)
	_all_syscalls(r)
	some f in r.fields
	some prefix in ["path=", "dir="]
	startswith(f, prefix)
	_norm_path(substring(f, count(prefix), -1)) == req.watch
	_without_perm(r.fields) == {f}
	req.perms - r.perms == set()
}

# A control line such as "--loginuid-immutable".
covers(r, req) if {
	req.kind == "control"
	count(req.flags) > 0
	req.flags - r.flags == set()
}

_has_syscall(r, s) if s in r.syscalls

_has_syscall(r, _) if "all" in r.syscalls

_all_syscalls(r) if count(r.syscalls) == 0

_all_syscalls(r) if "all" in r.syscalls

_path_rule(req) if count(req.syscalls) == 0

_path_rule(req) if "all" in req.syscalls

_without_perm(fields) := {f | some f in fields; not startswith(f, "perm=")}

# covered(line) is true when some line of security.audit.rules covers the
# STIG's rule line.
covered(line) if {
	req := parse(line)
	some r in parsed
	covers(r, req)
}

# The syscalls of one STIG line may be spread over several host rules with
# the same filters ("-S unlink" in one, "-S rmdir" in another): the same
# events are audited.
covered(line) if {
	req := parse(line)
	count(req.syscalls) > 1
	not "all" in req.syscalls
	every s in req.syscalls {
		some r in parsed
		covers(r, object.union(req, {"syscalls": {s}}))
	}
}

# missing(lines) is the STIG rule lines no host line covers, in order.
missing(lines) := [l | some l in lines; not covered(l)]

# fix_value is security.audit.rules with the missing lines appended.
fix_value(miss) := array.concat(rules, miss)

# rules_violation is the finding for a control whose STIG lines are not all
# covered: what, the audited event in words.
rules_violation(lines, what) := v if {
	miss := missing(lines)
	count(miss) > 0
	v := {
		"path": rules_path,
		"msg": sprintf("security.audit.rules does not audit %s: missing %s", [what, concat("; ", [sprintf("%q", [l]) | some l in miss])]),
		"fix": {"path": rules_path, "value": fix_value(miss)},
	}
}

# audit_enabled is true when security.audit.enable is true or "lock".
audit_enabled if input.config.security.audit.enable == true

audit_enabled if input.config.security.audit.enable == "lock"

# --- auditd.conf ----------------------------------------------------------

etc_comps := ["environment", "etc", "audit/auditd.conf"]

etc_text_path := lib.path(array.concat(etc_comps, ["text"]))

settings_comps := ["security", "auditd", "settings"]

# auditd_text is the text of /etc/audit/auditd.conf as the host gets it:
# environment.etc."audit/auditd.conf".text (NixOS 25.11 renders
# security.auditd.settings into it; older NixOS writes no auditd.conf, so
# only a host's own text is there). Undefined when the file is disabled or
# the document holds no text.
auditd_text := t if {
	object.get(input.config, array.concat(etc_comps, ["enable"]), true) != false
	t := object.get(input.config, array.concat(etc_comps, ["text"]), null)
	is_string(t)
}

# auditd_conf is the key/value map auditd reads from the text: "key = value"
# lines, "#" comments skipped, the last line for a key winning.
auditd_conf := {k: v |
	some k in _conf_keys
	v := _conf_last(k)
} if {
	auditd_text
} else := {k: _render(v) |
	# No text in the document: render security.auditd.settings as the
	# auditd module does (booleans yes/no, null comments the key out).
	some k, v in object.get(input.config, settings_comps, {})
	v != null
}

_conf_lines := [{"key": trim_space(m[1]), "value": trim_space(m[2])} |
	some raw in split(auditd_text, "\n")
	line := trim_space(raw)
	not startswith(line, "#")
	some m in regex.find_all_string_submatch_n(`^([^=]+)=(.*)$`, line, 1)
]

_conf_keys := {l.key | some l in _conf_lines}

_conf_last(k) := vals[count(vals) - 1] if {
	vals := [l.value | some l in _conf_lines; l.key == k]
	count(vals) > 0
}

_render(v) := "yes" if v == true

_render(v) := "no" if v == false

_render(v) := v if is_string(v)

_render(v) := format_int(v, 10) if is_number(v)

# has_settings is true when the host's NixOS declares
# security.auditd.settings (25.11 and later).
has_settings if lib.has(settings_comps)

# conf_path(key) is the option a finding about auditd.conf key points at:
# security.auditd.settings.<key> where NixOS has it, else the text.
conf_path(key) := lib.path(array.concat(settings_comps, [key])) if {
	has_settings
} else := etc_text_path

# conf_fix(key, value) is the fix for key, where the option is structured;
# undefined on NixOS without security.auditd.settings (the text is the
# host's whole file).
conf_fix(key, value) := {"path": conf_path(key), "value": value} if has_settings

# conf_violation is a finding about key with message msg and the fix value.
conf_violation(key, msg, value) := {"path": conf_path(key), "msg": msg, "fix": conf_fix(key, value)} if has_settings

conf_violation(key, msg, _) := {"path": conf_path(key), "msg": msg} if not has_settings

# show_conf renders a key's value for a message.
show_conf(key) := sprintf("%s = %s", [key, auditd_conf[key]]) if {
	auditd_conf[key]
} else := sprintf("no %s line", [key])

# --- files under /etc/audit ----------------------------------------------

# copied_audit_etc is the environment.etc entries that land under
# /etc/audit as copies (mode other than "symlink"): only those get the
# mode, user and group of the entry; a symlink points into the read-only,
# root-owned Nix store (nixos/modules/system/etc/etc.nix).
copied_audit_etc contains name if {
	some name, e in object.get(input.config, ["environment", "etc"], {})
	is_object(e)
	_under_audit(name, e)
	object.get(e, "enable", true) != false
	mode := object.get(e, "mode", "symlink")
	mode != "symlink"
}

_under_audit(name, _) if name == "audit"

_under_audit(name, _) if startswith(name, "audit/")

_under_audit(_, e) if {
	t := object.get(e, "target", "")
	is_string(t)
	startswith(trim_left(t, "/"), "audit/")
}

etc_entry(name) := object.get(input.config, ["environment", "etc", name], {})

etc_path(name, attr) := lib.path(["environment", "etc", name, attr])

# owner_is_root(name, attr, idattr) is true when the copied entry's user
# (group) is root: "root", "+0", or null with a uid (gid) of null or 0.
owner_is_root(name, attr, _) if etc_entry(name)[attr] in {"root", "+0"}

owner_is_root(name, attr, idattr) if {
	object.get(etc_entry(name), attr, null) == null
	object.get(etc_entry(name), idattr, null) in {null, 0, "0"}
}
