package escape

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// Hostile is text a pull request can put in a flake: workflow commands on
// a line of their own, legacy and Azure commands mid-line, terminal
// escapes, C1, bidi and zero-width controls, and bytes that are not UTF-8.
const Hostile = "a\n::error file=x::pwned\r  ::warning::x\x1b[31mred\x9b\u009b\u202e\u2066\u200b\ufeff" +
	"##[error]legacy ##vso[task.setvariable]v ##TeamCity[x] #\u200b#[y]\x00\x7f\xff\xc3(\u2028\U000e0041\tend"

func TestLine(t *testing.T) {
	cases := map[string]string{
		"web-01 «ça»":          "web-01 «ça»",
		"a\tb\nc\rd":           `a\tb\nc\rd`,
		"\x1b[31m":             `\x1b[31m`,
		"\x00\x7f":             `\x00\x7f`,
		"\u009b\u0085":         `\u009b\u0085`,
		"\x9b\xff":             `\x9b\xff`,
		"x\u202ey\u2069\u061c": `x\u202ey\u2069\u061c`,
		"\U000e0041":           `\U000e0041`,
		"::error::x":           `\::error::x`,
		"  ::x":                `  \::x`,
		"\u00a0::x":            "\u00a0\\::x",
		"a ::x":                "a ::x",
		"listen on ::1":        "listen on ::1",
		"x ##[error]y":         `x ##\[error]y`,
		"##vso[task]":          `##vso\[task]`,
		"##VSO[task]":          `##VSO\[task]`,
		"# [x] #a[b] a[1]":     "# [x] #a[b] a[1]",
		"##\u200b[x":           `##\u200b[x`,
		`web\n`:                `web\\n`,
		`a\b\\c`:               `a\\b\\\\c`,
		`\::x`:                 `\\::x`,
		` \::x`:                ` \\::x`,
		`##\[x`:                `##\\[x`,
		`\x00\u202e`:           `\\x00\\u202e`,
	}
	for in, want := range cases {
		if got := Line(in); got != want {
			t.Errorf("Line(%q) = %q, want %q", in, got, want)
		}
	}
	if Code("\tx\t= 1;") != "\tx\t= 1;" || Code("a\nb") != `a\nb` {
		t.Error("Code keeps tabs only")
	}
}

func TestBlock(t *testing.T) {
	in := "error: x\r\n::error::a\n   ##[group]b\n\tat c\rd\n"
	want := "error: x\n\\::error::a\n   ##\\[group]b\n\tat c\\rd\n"
	if got := Block(in); got != want {
		t.Errorf("Block = %q, want %q", got, want)
	}
	if got := Lines("\x1b[1m::x\x1b[0m\n ::y ##[z]\n"); got != "\x1b[1m::x\x1b[0m\n \\::y ##\\[z]\n" {
		t.Errorf("Lines = %q", got)
	}
}

// Safe is what every escaped output must be: no control but \t and \n,
// no format character, valid UTF-8, and no line a runner takes as a
// command.
func Safe(t *testing.T, what, out string) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Errorf("%s: not UTF-8: %q", what, out)
	}
	for _, r := range out {
		if r != '\t' && r != '\n' && (unicode.IsControl(r) || Escaped(r)) {
			t.Errorf("%s: raw %U in %q", what, r, out)
		}
	}
	for _, l := range strings.Split(out, "\n") {
		trimmed := strings.TrimLeftFunc(l, unicode.IsSpace)
		if strings.HasPrefix(trimmed, "::") || endsWithMarkerAnywhere(l) {
			t.Errorf("%s: command line %q", what, l)
		}
	}
}

func endsWithMarkerAnywhere(l string) bool {
	for i := 0; i < len(l); i++ {
		if l[i] == '[' && endsWithMarker(l[:i]) {
			return true
		}
	}
	return false
}

func TestHostile(t *testing.T) {
	Safe(t, "Line", Line(Hostile))
	Safe(t, "Code", Code(Hostile))
	Safe(t, "Block", Block(Hostile))
	if strings.Contains(Line(Hostile), "\n") || strings.Contains(Code(Hostile), "\n") {
		t.Error("Line and Code are one line")
	}
}

func TestCodeColumns(t *testing.T) {
	s := "\ta\x1b\u202e«b ##[c\xff\\"
	got, widths := CodeColumns(s)
	if got != Code(s) {
		t.Fatalf("CodeColumns %q != Code %q", got, Code(s))
	}
	if len(widths) != len([]rune(s)) {
		t.Fatalf("%d widths for %d characters", len(widths), len([]rune(s)))
	}
	want := []int{1, 1, 4, 6, 1, 1, 1, 1, 1, 2, 1, 4, 2}
	for i := range want {
		if widths[i] != want[i] {
			t.Errorf("widths %v, want %v", widths, want)
			break
		}
	}
}

// unescape reads Line's, Code's or Block's result back: the inverse that
// the package's contract promises. It fails on anything the contract says
// cannot be in a result (a lone backslash, a short or bad escape).
func unescape(out string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(out); i++ {
		if out[i] != '\\' {
			b.WriteByte(out[i])
			continue
		}
		if i+1 == len(out) {
			return "", fmt.Errorf("lone backslash at the end of %q", out)
		}
		i++
		switch c := out[i]; c {
		case '\\':
			b.WriteByte('\\')
		case 't':
			b.WriteByte('\t')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case ':', '[': // a CI command broken: the backslash is nixsec's
			b.WriteByte(c)
		case 'x', 'u', 'U':
			digits := map[byte]int{'x': 2, 'u': 4, 'U': 8}[c]
			if i+digits >= len(out) {
				return "", fmt.Errorf("short \\%c escape in %q", c, out)
			}
			hex := out[i+1 : i+1+digits]
			if strings.ToLower(hex) != hex {
				return "", fmt.Errorf("escape \\%c%s is not lower-case hex in %q", c, hex, out)
			}
			n, err := strconv.ParseUint(hex, 16, 32)
			if err != nil {
				return "", fmt.Errorf("escape \\%c%s in %q: %v", c, hex, out, err)
			}
			if c == 'x' {
				b.WriteByte(byte(n))
			} else {
				b.WriteRune(rune(n))
			}
			i += digits
		default:
			return "", fmt.Errorf("unknown escape \\%c in %q", c, out)
		}
	}
	return b.String(), nil
}

// roundTrip checks that in can be read back from Line, Code and Block
// (Block up to its line breaks), and that CodeColumns' widths add up to
// the escaped line.
func roundTrip(t *testing.T, in string) {
	t.Helper()
	for _, c := range []struct {
		name string
		out  string
		want string
	}{
		{"Line", Line(in), in},
		{"Code", Code(in), in},
		{"Block", Block(in), strings.ReplaceAll(in, "\r\n", "\n")},
	} {
		back, err := unescape(c.out)
		if err != nil {
			t.Errorf("%s(%q): %v", c.name, in, err)
		} else if back != c.want {
			t.Errorf("%s(%q) = %q reads back as %q", c.name, in, c.out, back)
		}
	}
	code, widths := CodeColumns(in)
	sum := 0
	for _, w := range widths {
		sum += w
	}
	if len(widths) != len([]rune(in)) || sum != utf8.RuneCountInString(code) {
		t.Errorf("CodeColumns(%q): %d widths adding up to %d, for %d characters becoming %d", in, len(widths), sum, len([]rune(in)), utf8.RuneCountInString(code))
	}
}

// Before backslashes were doubled, each of these pairs printed the same:
// a host could pass for another, or hide a control behind its look-alike.
var collisions = [][2]string{
	{`web\n`, "web\n"},
	{`\x00`, "\x00"},
	{`\x1b[31m`, "\x1b[31m"},
	{`\u202e`, "\u202e"},
	{`\U000e0041`, "\U000e0041"},
	{`\xff`, "\xff"},
	{`\::x`, "::x"},
	{`  \::x`, "  ::x"},
	{`##\[x`, "##[x"},
	{`##vso\[x`, "##vso[x"},
	{`a\tb`, "a\tb"},
	{`\\`, `\`},
}

func TestLineInjective(t *testing.T) {
	for _, p := range collisions {
		if a, b := Line(p[0]), Line(p[1]); a == b {
			t.Errorf("Line(%q) = Line(%q) = %q", p[0], p[1], a)
		}
		if a, b := Code(p[0]), Code(p[1]); a == b {
			t.Errorf("Code(%q) = Code(%q) = %q", p[0], p[1], a)
		}
		if a, b := Block(p[0]), Block(p[1]); a == b {
			t.Errorf("Block(%q) = Block(%q) = %q", p[0], p[1], a)
		}
		roundTrip(t, p[0])
		roundTrip(t, p[1])
	}
	roundTrip(t, Hostile)
	roundTrip(t, "a\r\r\nb\n\r")
	// What Lines is given is already escaped: it keeps its backslashes,
	// so that a host's `\n` does not become `\\n` in the finished text.
	if got := Lines(Line("web\n") + " " + Line(`web\n`)); got != `web\n web\\n` {
		t.Errorf("Lines doubled escapes: %q", got)
	}
}

// FuzzLineInjective: whatever two strings are, their escapes differ when
// they do, every escape reads back as its input, and every result is safe
// to print. Run it with
// go test ./format/escape -run '^$' -fuzz FuzzLineInjective -fuzztime 1m.
func FuzzLineInjective(f *testing.F) {
	for _, p := range collisions {
		f.Add(p[0], p[1])
	}
	f.Add(Hostile, Hostile+"\\")
	f.Add("\r\n::x", "\n::x")
	f.Add("\xc3(", "\\xc3(")
	f.Fuzz(func(t *testing.T, a, b string) {
		if a != b && Line(a) == Line(b) {
			t.Errorf("Line(%q) = Line(%q) = %q", a, b, Line(a))
		}
		if a != b && Code(a) == Code(b) {
			t.Errorf("Code(%q) = Code(%q) = %q", a, b, Code(a))
		}
		roundTrip(t, a)
		Safe(t, "Line", Line(a))
		Safe(t, "Code", Code(a))
		Safe(t, "Block", Block(a))
	})
}

func TestJSON(t *testing.T) {
	in := map[string]string{"k\u202e": Hostile, "plain": "x [1] ##", "emoji": "😀"}
	raw, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	out := JSON(raw)
	Safe(t, "JSON", string(out))
	var back map[string]string
	if err := json.Unmarshal(out, &back); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	for k, v := range in {
		if want := strings.ToValidUTF8(v, "\ufffd"); back[k] != want && back[k] != string([]rune(v)) {
			t.Errorf("%q: %q, want %q", k, back[k], want)
		}
	}
	if !strings.Contains(string(out), `##\u005berror]`) || !strings.Contains(string(out), `\u202e`) || !strings.Contains(string(out), `\udb40\udc41`) {
		t.Errorf("escapes: %s", out)
	}
	plain := []byte(`{"a": [1, "b"]}`)
	if got := JSON(plain); string(got) != string(plain) {
		t.Errorf("changed %s", got)
	}
}

func TestJSONWriter(t *testing.T) {
	var b strings.Builder
	if err := json.NewEncoder(JSONWriter{W: &b}).Encode([]string{"\u202e##[x]"}); err != nil {
		t.Fatal(err)
	}
	if b.String() != `["\u202e##\u005bx]"]`+"\n" {
		t.Errorf("%s", b.String())
	}
}
