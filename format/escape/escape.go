// Package escape renders text that nixsec does not control (anything read
// from a flake or a pull request: host names, option paths and values,
// source lines, file names, nix's error messages, suppression reasons,
// user policies' metadata) so that printing it can neither drive the
// terminal nor issue commands to the CI runner whose log it lands in.
//
// The contract, for Line, Code and Block:
//
//   - Controls are shown, not sent. \t, \n and \r become the two
//     characters `\t`, `\n`, `\r`; every other C0 control (U+0000–U+001F)
//     and DEL become `\xNN`; the C1 controls (U+0080–U+009F), the Unicode
//     format characters (category Cf: the bidi controls U+061C, U+200E,
//     U+200F, U+202A–U+202E, U+2066–U+2069, zero-width characters, the
//     BOM, tag characters…) and the line and paragraph separators
//     U+2028/U+2029 become `\uNNNN` (`\UNNNNNNNN` above U+FFFF); each byte
//     that is not valid UTF-8 becomes `\xNN`. Code keeps \t as it is
//     (source indentation); Block keeps \t and \n, and takes \r\n as \n.
//     (A lone byte 0x9b is not UTF-8: `\x9b`; U+009B encoded is `\u009b`.)
//   - A backslash is doubled: `\\`. Every backslash in the result is
//     therefore the start of one of the escapes above, of `\\`, or one
//     of the two inserted below, and different inputs never look the
//     same: a host named `web\n` (with a backslash) is shown as
//     `web\\n`, one named "web" and a line feed as `web\n`.
//   - CI commands are broken. A line whose text, after leading
//     whitespace (unicode.IsSpace, as the runner's TrimStart), starts
//     with "::" (a GitHub Actions workflow command) gets a backslash
//     before it: `  \::error …`; for Line and Code the string's start is
//     a line's start, since the caller may print it there. Anywhere in a
//     line, "##" followed by ASCII letters and "[" ("##[" GitHub's legacy
//     form, which the runner finds anywhere in a line, "##vso[" Azure
//     Pipelines, "##teamcity[" TeamCity) gets a backslash before the
//     "[": `##\[`. Input `\::` and `##\[` show as `\\::` and `##\\[`:
//     read left to right, `\\` is a backslash of the input, and `\:` or
//     `\[` one nixsec inserted.
//   - Everything else, printable non-ASCII included, is kept as it is.
//
// So Line, Code and CodeColumns are injective: the input can be read back
// from the result (escape_test.go's unescape does it). Block is too, but
// for its line breaks: \r\n and \n are both a line break.
//
// The result of Line, Code and Block has no control character other than
// the \t and \n they keep, and no line that the GitHub Actions runner,
// Azure Pipelines or TeamCity takes as a command, as long as only
// whitespace precedes it on its output line. Lines checks text that nixsec
// built itself from escaped parts (and colour codes), for lines that
// joined parts turned into commands, and leaves backslashes alone (the
// parts' own escapes are already in it); JSON does the same for
// encoding/json output without changing what it decodes to.
package escape

import (
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

type mode struct {
	keepTab     bool // \t as it is
	keepNewline bool // \n as it is, and \r\n as \n
	raw         bool // controls as they are: only break CI commands
}

// Line is s, one line of untrusted text, escaped for printing.
func Line(s string) string { return render(s, mode{}, nil) }

// Code is Line that keeps tabs, for a source line shown with a caret
// under it.
func Code(s string) string { return render(s, mode{keepTab: true}, nil) }

// CodeColumns is Code and, for each character of s (each rune, and each
// byte that is not UTF-8, as []rune counts them), how many characters it
// became (a backslash 2, `\x1b` 4, a "[" broken as `\[` 2), so that a
// caret can be drawn under the escaped line.
func CodeColumns(s string) (string, []int) {
	widths := make([]int, 0, len(s))
	return render(s, mode{keepTab: true}, &widths), widths
}

// Block is multi-line untrusted text, such as nix's error messages,
// escaped for printing: its line breaks are kept, and each line is escaped
// as Code escapes it.
func Block(s string) string { return render(s, mode{keepTab: true, keepNewline: true}, nil) }

// Lines breaks the CI commands in text nixsec put together itself from
// escaped parts, keeping everything else (colour codes, and backslashes:
// doubling them again would double the parts' escapes).
func Lines(s string) string { return render(s, mode{keepTab: true, keepNewline: true, raw: true}, nil) }

func render(s string, m mode, widths *[]int) string {
	var b strings.Builder
	b.Grow(len(s))
	lineStart := true // only whitespace so far on this line
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		cols := 1 // how many characters it becomes
		switch esc := escapeOf(r, size, s[i], m); {
		case r == '\r' && m.keepNewline && strings.HasPrefix(s[i+size:], "\n"):
			cols = 0 // the \r of a \r\n line break
		case r == '\n' && m.keepNewline:
			b.WriteByte('\n')
			lineStart = true
		case esc != "":
			b.WriteString(esc)
			cols = len(esc)
			lineStart = false
		default:
			// Kept, after a backslash when it would complete a CI
			// command's prefix.
			if lineStart && r == ':' && strings.HasPrefix(s[i+size:], ":") ||
				r == '[' && endsWithMarker(b.String()) {
				b.WriteByte('\\')
				cols++
			}
			b.WriteString(s[i : i+size])
			lineStart = lineStart && unicode.IsSpace(r)
		}
		if widths != nil {
			*widths = append(*widths, cols)
		}
		i += size
	}
	return b.String()
}

// escapeOf is how r (size bytes of input, the first one c) is shown, ""
// when it is kept.
func escapeOf(r rune, size int, c byte, m mode) string {
	switch {
	case m.raw || r == '\t' && m.keepTab:
		return ""
	case r == utf8.RuneError && size == 1:
		return fmt.Sprintf(`\x%02x`, c)
	case r == '\t':
		return `\t`
	case r == '\n':
		return `\n`
	case r == '\r':
		return `\r`
	case r == '\\':
		return `\\`
	case r < 0x20 || r == 0x7f:
		return fmt.Sprintf(`\x%02x`, r)
	case Escaped(r):
		return uEscape(r)
	}
	return ""
}

// Escaped reports whether r is a non-ASCII character Line shows as
// \uNNNN: a C1 control, a format character (Cf), or U+2028/U+2029.
func Escaped(r rune) bool {
	return r >= 0x80 && r <= 0x9f || r == 0x2028 || r == 0x2029 || unicode.Is(unicode.Cf, r)
}

func uEscape(r rune) string {
	if r > 0xffff {
		return fmt.Sprintf(`\U%08x`, r)
	}
	return fmt.Sprintf(`\u%04x`, r)
}

// endsWithMarker reports whether s ends with "##" and ASCII letters: a
// "[" after it would complete a CI command prefix.
func endsWithMarker[T string | []byte](s T) bool {
	i := len(s)
	for i > 0 && (s[i-1] >= 'a' && s[i-1] <= 'z' || s[i-1] >= 'A' && s[i-1] <= 'Z') {
		i--
	}
	return i >= 2 && s[i-1] == '#' && s[i-2] == '#'
}

// JSON makes encoding/json output safe to print in a terminal or a CI
// log while it decodes to the same values: DEL, the C1 controls, format
// characters (Cf, the bidi controls among them) and U+2028/U+2029, which
// encoding/json writes as they are, become \uNNNN escapes (a surrogate
// pair above U+FFFF), and the "[" of "##[", "##vso[" and the like becomes
// \u005b. Outside strings JSON is ASCII without '#', so only string
// contents change. A byte that is not UTF-8 (encoding/json never writes
// one) becomes \ufffd.
func JSON(b []byte) []byte {
	var out []byte
	last := 0 // b[last:i] not yet copied
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf && c != 0x7f && c != '[' {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		var esc string
		switch {
		case r == '[':
			// The escapes written so far never end in "##" and letters,
			// so looking at the input is enough.
			if endsWithMarker(b[:i]) {
				esc = `\u005b`
			}
		case r == utf8.RuneError && size == 1:
			esc = `\ufffd`
		case r == 0x7f || Escaped(r):
			if r > 0xffff {
				r1, r2 := utf16.EncodeRune(r)
				esc = fmt.Sprintf(`\u%04x\u%04x`, r1, r2)
			} else {
				esc = fmt.Sprintf(`\u%04x`, r)
			}
		}
		if esc != "" {
			out = append(out, b[last:i]...)
			out = append(out, esc...)
			last = i + size
		}
		i += size
	}
	if out == nil {
		return b
	}
	return append(out, b[last:]...)
}

// JSONWriter passes each Write through JSON, for a json.Encoder, which
// writes each value with one Write (a value split across writes could
// have a character or a "##[" cut in two).
type JSONWriter struct{ W io.Writer }

func (j JSONWriter) Write(p []byte) (int, error) {
	if _, err := j.W.Write(JSON(p)); err != nil {
		return 0, err
	}
	return len(p), nil
}
