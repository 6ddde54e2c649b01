# lib.path as rules/lib/nixsec.rego wrote it in Rego before
# nixsec.option_path: the reference identity_test.go compares the builtin
# with. Not part of the bundle (rules/embed.go embeds rules/*/*.rego only).
package old.path

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
