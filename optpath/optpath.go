// Package optpath parses and prints NixOS option paths in the form NixOS
// itself shows them (lib.showOption): components joined by dots, quoted
// where a component is not a plain identifier: fileSystems."/".device.
//
// It is the one rendering of a path in nixsec: Go's positions, errors and
// keys, and every finding's path (rules/lib/nixsec.rego's lib.path, the
// builtin in rules/builtins/optionpath) write components with
// WriteComponent, so a path Rego renders and one Go renders for the same
// components are the same bytes.
package optpath

import (
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// How NixOS writes a component: lib.showOption in nixpkgs' lib/options.nix,
// calling escapeNixIdentifier and escapeNixString in lib/strings.nix, on
// the releases nixsec is checked on (docs/nixos-releases.md):
//
//   - "*" and a named placeholder, a whole "<...>" (builtins.match
//     "<(.*)>"), as it is: nixpkgs PR #344216, with types.attrsWith, which
//     the 25.05 release notes list. Earlier releases spared only "*",
//     "<name>" and "<function body>".
//   - An identifier, [a-zA-Z_][a-zA-Z0-9_'-]*, as it is, unless a keyword
//     (assert else if in inherit let or rec then with): current nixpkgs
//     quotes those (PR #476354, January 2026, so 26.05), 25.05 and 25.11
//     write them bare. nixsec has one rendering, the newest release's;
//     Parse reads both.
//   - Anything else as escapeNixString: builtins.toJSON s with every "$"
//     escaped. toJSON escapes " and \, writes \b \f \n \r \t, any other
//     byte below 0x20 as \u00xx (lowercase hex), and every other byte as it
//     is: DEL, non-ASCII, U+2028 (current Nix's src/libexpr/value-to-json.cc
//     dumps with nlohmann::json). Nix 2.8 (src/libutil/json.cc) writes \b
//     and \f as \u0008 and \u000c; nixsec writes what current Nix does.
//
// optpath/nix_test.go checks this against the nix at hand. nixsec departs
// where a rendering would not read back (Parse) or two paths would share
// one text (paths are fingerprints and baseline keys, and attribute names
// such as user names come from whoever edits the configuration):
//
//   - A placeholder holding a "." or a control character is quoted: NixOS's
//     <a>.<b> is also the path of the components <a> and <b>, and a
//     newline or an escape sequence would reach reports as it is.
//   - Invalid UTF-8: current Nix's toJSON fails on it, so NixOS prints no
//     such path; nixsec writes the bytes as they are, as Nix 2.8 does.
//   - NUL, which no Nix string holds, is \u0000, as toJSON would write it.

// Star is the pattern component that stands for every attribute name.
const Star = "*"

// Parse splits an option path into its components. It reads what Format
// writes, Parse(Format(c)) being c for every non-empty c, and what NixOS
// releases print besides: keywords bare, placeholders such as <name> and
// <function body>, \u escapes of any character, \/.
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
			c, j, ok := unquote(s, i+1)
			if !ok {
				return nil, fmt.Errorf("option path %q: unterminated quote", s)
			}
			parts = append(parts, c)
			i = j
		} else {
			j := strings.IndexByte(s[i:], '.')
			if j < 0 {
				j = len(s) - i
			}
			c := s[i : i+j]
			// A quote or a space belongs in a quoted component, or in a
			// placeholder (<function body>).
			if c == "" || !placeholder(c) && strings.ContainsAny(c, "\" ") {
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

// unquote reads a quoted component from s[i:], i just past its opening
// quote: the component and the offset past its closing quote, or false
// when it has none. Escapes are JSON's and Nix's: \$, and a backslash
// before any other character stands for that character.
func unquote(s string, i int) (string, int, bool) {
	end := i
	for end < len(s) && s[end] != '"' && s[end] != '\\' {
		end++
	}
	if end < len(s) && s[end] == '"' {
		return s[i:end], end + 1, true // no escape: the text itself
	}
	var b strings.Builder
	b.Grow(len(s) - i)
	for j := i; j < len(s); j++ {
		x := s[j]
		switch {
		case x == '"':
			return b.String(), j + 1, true
		case x != '\\':
			b.WriteByte(x)
			continue
		case j+1 == len(s):
			return "", 0, false
		}
		j++
		switch e := s[j]; e {
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'u':
			r, ok := hex4(s, j+1)
			if !ok {
				b.WriteByte('u') // as Nix reads "\u": a u
				continue
			}
			j += 4
			// A surrogate pair: JSON's spelling of a character past U+FFFF.
			if utf16.IsSurrogate(r) && j+2 < len(s) && s[j+1] == '\\' && s[j+2] == 'u' {
				if lo, ok := hex4(s, j+3); ok {
					if p := utf16.DecodeRune(r, lo); p != utf8.RuneError {
						r = p
						j += 6
					}
				}
			}
			b.WriteRune(r) // a lone surrogate is U+FFFD
		default:
			b.WriteByte(e)
		}
	}
	return "", 0, false
}

// hex4 is the four hex digits at s[i:], if they are.
func hex4(s string, i int) (rune, bool) {
	if i+4 > len(s) {
		return 0, false
	}
	var r rune
	for _, x := range []byte(s[i : i+4]) {
		switch {
		case x >= '0' && x <= '9':
			x -= '0'
		case x >= 'a' && x <= 'f':
			x -= 'a' - 10
		case x >= 'A' && x <= 'F':
			x -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(x)
	}
	return r, true
}

// MustParse is Parse for literals in tests and tables.
func MustParse(s string) []string {
	p, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return p
}

// Format joins components as NixOS does (lib.showOption), each written by
// WriteComponent.
func Format(parts []string) string {
	if len(parts) == 0 {
		return ""
	}
	n := len(parts) - 1
	for _, p := range parts {
		n += ComponentLen(p)
	}
	var b strings.Builder
	b.Grow(n)
	for i, p := range parts {
		if i > 0 {
			b.WriteByte('.')
		}
		WriteComponent(&b, p)
	}
	return b.String()
}

// WriteComponent writes one component of a path: "*", identifiers other
// than keywords and placeholders as they are, anything else quoted (see
// the rendering above).
func WriteComponent(b *strings.Builder, c string) {
	if bare(c) {
		b.WriteString(c)
		return
	}
	b.WriteByte('"')
	start := 0
	for i := 0; i < len(c); i++ {
		x := c[i]
		if quotedLen[x] == 1 {
			continue
		}
		b.WriteString(c[start:i])
		start = i + 1
		switch x {
		case '"', '\\', '$':
			b.WriteByte('\\')
			b.WriteByte(x)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			const hex = "0123456789abcdef"
			b.WriteString(`\u00`)
			b.WriteByte(hex[x>>4])
			b.WriteByte(hex[x&0xf])
		}
	}
	b.WriteString(c[start:])
	b.WriteByte('"')
}

// ComponentLen is the length of what WriteComponent writes for c, for
// sizing a builder once.
func ComponentLen(c string) int {
	if bare(c) {
		return len(c)
	}
	n := 2
	for i := 0; i < len(c); i++ {
		n += int(quotedLen[c[i]])
	}
	return n
}

// quotedLen is how many bytes a quoted component spends on each byte.
var quotedLen = func() (t [256]uint8) {
	for x := range t {
		switch {
		case x == '"', x == '\\', x == '$', x == '\b', x == '\f', x == '\n', x == '\r', x == '\t':
			t[x] = 2
		case x < 0x20:
			t[x] = 6 // \u00xx
		default:
			t[x] = 1
		}
	}
	return t
}()

// bare reports whether c is written unquoted.
func bare(c string) bool {
	if c == Star {
		return true
	}
	if isIdent(c) {
		return !keyword(c)
	}
	if !placeholder(c) {
		return false
	}
	for i := 1; i < len(c)-1; i++ {
		if x := c[i]; x == '.' || x < 0x20 {
			return false
		}
	}
	return true
}

// placeholder reports whether c has the form of a named placeholder, <...>.
func placeholder(c string) bool {
	return len(c) >= 2 && c[0] == '<' && c[len(c)-1] == '>'
}

// keyword reports whether c is one of the keywords escapeNixIdentifier
// quotes (nixpkgs lib/strings.nix, nixKeywords).
func keyword(c string) bool {
	switch c {
	case "assert", "else", "if", "in", "inherit", "let", "or", "rec", "then", "with":
		return true
	}
	return false
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
	for i := 0; i < len(s); i++ {
		switch x := s[i]; {
		case x >= 'a' && x <= 'z', x >= 'A' && x <= 'Z', x == '_':
		case i > 0 && (x >= '0' && x <= '9' || x == '\'' || x == '-'):
		default:
			return false
		}
	}
	return true
}
