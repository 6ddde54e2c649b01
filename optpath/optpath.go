// Package optpath parses and prints NixOS option paths in the form NixOS
// itself shows them (lib.showOption): components joined by dots, quoted
// where a component is not a plain identifier: fileSystems."/".device.
package optpath

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
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
					switch s[j] {
					case 'n':
						b.WriteByte('\n')
					case 'r':
						b.WriteByte('\r')
					case 't':
						b.WriteByte('\t')
					case 'u':
						if j+4 < len(s) {
							if r, err := strconv.ParseUint(s[j+1:j+5], 16, 16); err == nil {
								b.WriteRune(rune(r))
								j += 4
								continue
							}
						}
						b.WriteByte('u')
					default:
						b.WriteByte(s[j])
					}
					continue
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

// Format joins components, quoting those that are not Nix identifiers the
// way NixOS does (lib.showOption), which rules/lib/nixsec.rego mirrors.
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
		// As lib.strings.escapeNixString: the JSON string, with $ escaped.
		var js bytes.Buffer
		enc := json.NewEncoder(&js)
		enc.SetEscapeHTML(false)
		_ = enc.Encode(p)
		b.WriteString(strings.ReplaceAll(strings.TrimSuffix(js.String(), "\n"), "$", `\$`))
	}
	return b.String()
}

// Matches reports whether a concrete path fits a pattern, Star matching any
// one name, or is the part of it before a Star (when expanding the star
// itself failed, the error is reported at that prefix).
func Matches(pattern, concrete []string) bool {
	if len(concrete) > len(pattern) {
		return false
	}
	for i, c := range concrete {
		if pattern[i] != Star && pattern[i] != c {
			return false
		}
	}
	return len(concrete) == len(pattern) || pattern[len(concrete)] == Star
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
