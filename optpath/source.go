package optpath

import "strings"

// Quote writes s as a Nix string literal, for Nix source nixsec writes:
// `"`, `\` and `${` escaped, and the characters a Nix string spells with
// a backslash. (Format quotes as NixOS prints option names instead.)
func Quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '$':
			if i+1 < len(s) && s[i+1] == '{' {
				b.WriteByte('\\')
			}
			b.WriteByte(c)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// keywords cannot be attribute names unquoted in Nix source (`or` can).
var keywords = map[string]bool{"if": true, "then": true, "else": true, "assert": true, "with": true, "let": true, "in": true, "rec": true, "inherit": true}

// Source writes a path as an attribute path in Nix source: identifiers as
// they are, other names quoted with Quote.
func Source(parts []string) string {
	out := make([]string, len(parts))
	for i, p := range parts {
		if isIdent(p) && !keywords[p] {
			out[i] = p
		} else {
			out[i] = Quote(p)
		}
	}
	return strings.Join(out, ".")
}
