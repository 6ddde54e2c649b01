# The sshd_config reading as rules/lib/nixsec.rego had it in Rego before
# nixsec.sshd_config (rules/builtins/sshd) replaced it: kept verbatim, with
# the lib helpers it calls, as the reference identity_test.go compares the
# builtin with. Not part of the bundle (rules/embed.go embeds two levels).
package nixsec.sshdref

cfg(comps, d) := object.get(input.config, comps, d)

path(comps) := concat(".", [_component(c) | some c in comps])

_component(c) := c if {
	c == "*"
} else := c if {
	_identifier(c)
} else := quote(c)

_identifier(c) if {
	c != ""
	trim_left(c, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_'-") == ""
	not substring(c, 0, 1) in {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "'", "-"}
}

quote(s) := concat("", ["\"", _escape(s), "\""])

_escape(s) := strings.replace_n(
	{
		"\\": "\\\\",
		"\"": "\\\"",
		"\n": "\\n",
		"\r": "\\r",
		"\t": "\\t",
		"$": "\\$",
	},
	s,
)

show(v) := json.marshal(v) if not is_array(v)

show(v) := "[ ]" if {
	is_array(v)
	count(v) == 0
}

show(v) := concat("", ["[ ", concat(" ", [json.marshal(x) | some x in v]), " ]"]) if {
	is_array(v)
	count(v) > 0
}

# sshd_config as NixOS writes it (nixos/modules/services/networking/ssh/
# sshd.nix): services.openssh.settings without its null values, one
# "Key value" line per name in sorted order (pkgs.formats.keyValue; a
# value with a newline in it is several lines), then
# services.openssh.extraConfig, which the build appends with a shell
# here-document whose delimiter is unquoted (cat settings - >$out <<EOL):
# the shell removes "\" + newline, unescapes \\, \$ and \`, and expands
# $… and `…`. sshd reads it as sshd_config(5) and servconf.c say: keywords
# are case-insensitive, "=" may separate a keyword from its arguments,
# arguments may be quoted, a "#" word starts a comment; for each keyword
# the first value read is used; a Match line opens a block that lasts until
# the next Match line or the end of the file, whose values override the
# global ones for the connections it matches (the first in a matching block
# wins); lines after "Match all" count at startup too; Include reads other
# files. A rule using these lists services.openssh.settings.* (every
# setting, the names it does not know too) and services.openssh.extraConfig
# in custom.options.

_sshd_settings := s if {
	s := cfg(["services", "openssh", "settings"], {})
	is_object(s)
} else := {}

_sshd_extra_raw := t if {
	t := cfg(["services", "openssh", "extraConfig"], "")
	is_string(t)
} else := ""

# The text the build writes for extraConfig: "\" + newline removed, \\, \$
# and \` unescaped, left to right as the shell reads them.
_sshd_extra_written := regex.replace(_sshd_extra_raw, "\\\\(?:\n|([\\\\$`]))", "$1")

# A settings value as sshd.nix renders it: yes/no, numbers, strings and
# paths as they are, lists joined (Ciphers, KexAlgorithms and Macs with
# ",", the others with " ").
_sshd_render(k, v) := concat(_sshd_list_sep(k), [_sshd_atom(x) | some x in v]) if {
	is_array(v)
} else := _sshd_atom(v)

_sshd_atom(v) := v if is_string(v)

_sshd_atom(v) := "yes" if v == true

_sshd_atom(v) := "no" if v == false

_sshd_atom(v) := format_int(v, 10) if is_number(v)

_sshd_atom(v) := "<derivation>" if is_object(v)

_sshd_list_sep(k) := "," if {
	k in {"Ciphers", "KexAlgorithms", "Macs"}
} else := " "

# Every line of the file, in order: {"text", "path"} (the option that
# writes it) and "own" (the name of the setting whose line it is).
_sshd_file := array.concat(_sshd_settings_lines, _sshd_extra_lines)

_sshd_settings_lines := array.flatten([lines |
	some k in sort(object.keys(_sshd_settings))
	v := _sshd_settings[k]
	v != null
	p := path(["services", "openssh", "settings", k])
	rendered := sprintf("%s %s", [replace(k, " ", "\\ "), _sshd_render(k, v)])
	lines := [{"text": t, "path": p, "own": _sshd_own(k, i)} | some i, t in split(rendered, "\n")]
])

_sshd_own(k, 0) := k

_sshd_own(_, i) := null if i > 0

_sshd_extra_lines := [{"text": t, "path": "services.openssh.extraConfig", "own": null} |
	some t in split(_sshd_extra_written, "\n")
]

# The directives of the file: {"index", "keyword" (lower case, quotes
# removed), "text" (the line), "args" (unquoted, up to a comment), "path",
# "own"}. A line whose keyword starts with "#" is a comment.
_sshd_directives := [d |
	some i, l in _sshd_file
	line := trim_right(trim_left(l.text, " \t\r"), " \t\r\n\f")
	some m in regex.find_all_string_submatch_n(`^((?:"[^"]*"|[^\s="])+)\s*=?\s*(.*)$`, line, 1)
	not startswith(m[1], "#")
	d := {
		"index": i, "keyword": lower(replace(m[1], "\"", "")), "text": line,
		"args": _sshd_args(m[2]), "path": l.path, "own": l.own,
	}
]

_sshd_args(s) := [replace(replace(t, "\"", ""), "'", "") |
	some i, t in words
	i < end
] if {
	words := regex.find_n(`(?:"[^"]*"|'[^']*'|\\.|\\$|[^\s"'\\])+`, s, -1)
	end := min(array.concat([count(words)], [i | some i, w in words; startswith(w, "#")]))
}

_sshd_matches := [{"index": d.index, "condition": concat(" ", d.args), "path": d.path} |
	some d in _sshd_directives
	d.keyword == "match"
]

# The Match block a line is in: {"condition", "path"} of the last Match line
# before it; undefined outside any block.
_sshd_block(i) := before[count(before) - 1] if {
	before := [m | some m in _sshd_matches; m.index < i]
	count(before) > 0
}

_sshd_match_all(condition) if lower(condition) == "all"

_sshd_where(d) := sprintf("inside %s", [show(concat(" ", ["Match", b.condition]))]) if {
	b := _sshd_block(d.index)
	b.path == d.path
} else := sprintf("inside %s (opened by %s)", [show(concat(" ", ["Match", b.condition])), b.path]) if {
	b := _sshd_block(d.index)
} else := "outside any Match block"

# Older names sshd reads as the same keyword (servconf.c).
_sshd_aliases := {"kbdinteractiveauthentication": {"challengeresponseauthentication", "skeyauthentication"}}

_sshd_keywords(name) := {lower(name)} | object.get(_sshd_aliases, lower(name), set())

# sshd_extra is the lines of sshd_config other than the setting's own line
# (services.openssh.settings.<name>) that give the keyword name (or an older
# name of it) a value sshd can use: every line inside a Match block, and a
# line outside any block when it is the first such line (services.openssh.
# settings.<name> null leaves its line out; a settings value with a newline
# writes lines of its own). Each is {"path" (the option that writes it),
# "text", "args", "value" (the first argument, "" without one), "match"
# (the block's condition, null outside any), "where" (for a message)}.
sshd_extra(name) := {e |
	keywords := _sshd_keywords(name)
	some d in _sshd_directives
	d.keyword in keywords
	d.own != name
	_sshd_counts(d, keywords)
	e := {
		"path": d.path, "text": d.text, "args": d.args, "value": _sshd_first(d.args),
		"match": _sshd_condition(d), "where": _sshd_where(d),
	}
}

_sshd_counts(d, _) if _sshd_block(d.index)

_sshd_counts(d, keywords) if {
	not _sshd_block(d.index)
	d.index == min([x.index | some x in _sshd_directives; x.keyword in keywords])
}

_sshd_condition(d) := _sshd_block(d.index).condition if {
	_sshd_block(d.index)
} else := null

_sshd_first(args) := args[0] if {
	count(args) > 0
} else := ""

# sshd_setting_match is the Match block the line of services.openssh.
# settings.<name> falls in, {"condition", "path"} (the option that writes
# the Match line), when it is not "Match all": the setting then covers only
# the connections that block matches, and every other connection gets the
# first global line or OpenSSH's default. (Settings are written in sorted
# order: a setting named "Match" opens a block around the names after it.)
sshd_setting_match(name) := {"condition": b.condition, "path": b.path} if {
	some d in _sshd_directives
	d.own == name
	b := _sshd_block(d.index)
	not _sshd_match_all(b.condition)
}

# sshd_extra_unreadable is what keeps nixsec from reading the sshd_config
# the build writes: {"path", "why"}. An Include line (the included file is
# not in the document); shell syntax the build expands in extraConfig (an
# unescaped $ before a character, or `); a line "EOL" in extraConfig, which
# ends the here-document, so that the lines after it run as shell commands.
sshd_extra_unreadable contains {"path": d.path, "why": sprintf("writes %s (nixsec does not read included files)", [show(_sshd_redact(d.text))])} if {
	some d in _sshd_directives
	d.keyword == "include"
}

sshd_extra_unreadable contains {"path": "services.openssh.extraConfig", "why": sprintf("has %s, which the build's shell expands (write \\$ and \\` for the characters)", [show(_sshd_redact(trim_space(line)))])} if {
	some line in split(_sshd_extra_raw, "\n")
	some t in regex.find_n("\\\\[\\s\\S]|\\$\\S|`", line, -1)
	not startswith(t, "\\")
}

sshd_extra_unreadable contains {"path": "services.openssh.extraConfig", "why": "has a line \"EOL\", which ends the build's here-document and runs the lines after it as shell commands"} if {
	some text in [_sshd_extra_raw, _sshd_extra_written]
	some line in split(text, "\n")
	line == "EOL"
}

# A store path's hash in a message: a hash of the content, never shown.
_sshd_redact(s) := regex.replace(s, "/nix/store/[0-9a-df-np-sv-z]{32}-", "/nix/store/…-")
