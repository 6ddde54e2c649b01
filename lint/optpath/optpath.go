// Package optpath parses and prints NixOS option paths in the form NixOS
// itself shows them (lib.showOption): components joined by dots, quoted
// where a component is not a plain identifier: fileSystems."/".device.
package optpath

import (
	"fmt"
	"strings"
)

// Star is the pattern component that stands for every attribute name.
const Star = "*"

// Parse splits an option path into its components.
func Parse(s string) ([]string, error) {
	if s == "" {
		return nil, fmt.Errorf("empty option path")
	}
	var parts []string
	i := 0
	for {
		if i >= len(s) {
			return nil, fmt.Errorf("option path %q ends with a dot", s)
		}
		if s[i] == '"' {
			var b strings.Builder
			j := i + 1
			for ; j < len(s) && s[j] != '"'; j++ {
				if s[j] == '\\' && j+1 < len(s) {
					j++
				}
				b.WriteByte(s[j])
			}
			if j >= len(s) {
				return nil, fmt.Errorf("option path %q: unterminated quote", s)
			}
			parts = append(parts, b.String())
			i = j + 1
		} else {
			j := strings.IndexByte(s[i:], '.')
			if j < 0 {
				j = len(s) - i
			}
			c := s[i : i+j]
			if c == "" || strings.ContainsAny(c, "\" ") {
				return nil, fmt.Errorf("option path %q: bad component %q", s, c)
			}
			parts = append(parts, c)
			i += j
		}
		if i == len(s) {
			return parts, nil
		}
		if s[i] != '.' {
			return nil, fmt.Errorf("option path %q: expected '.' at offset %d", s, i)
		}
		i++
	}
}

// MustParse is Parse for literals in tests and tables.
func MustParse(s string) []string {
	p, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return p
}

// Format joins components, quoting those that are not Nix identifiers.
func Format(parts []string) string {
	var b strings.Builder
	for i, p := range parts {
		if i > 0 {
			b.WriteByte('.')
		}
		if p == Star || isIdent(p) {
			b.WriteString(p)
			continue
		}
		b.WriteByte('"')
		for _, r := range p {
			if r == '"' || r == '\\' {
				b.WriteByte('\\')
			}
			b.WriteRune(r)
		}
		b.WriteByte('"')
	}
	return b.String()
}

// HasStar reports whether a pattern needs expansion.
func HasStar(parts []string) bool {
	for _, p := range parts {
		if p == Star {
			return true
		}
	}
	return false
}

// isIdent reports whether s is a Nix identifier: [a-zA-Z_][a-zA-Z0-9_'-]*.
func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r == '_':
		case i > 0 && (r >= '0' && r <= '9' || r == '\'' || r == '-'):
		default:
			return false
		}
	}
	return true
}
