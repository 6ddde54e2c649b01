package escape

import (
	"encoding/json"
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
	s := "\ta\x1b\u202e«b ##[c\xff"
	got, widths := CodeColumns(s)
	if got != Code(s) {
		t.Fatalf("CodeColumns %q != Code %q", got, Code(s))
	}
	if len(widths) != len([]rune(s)) {
		t.Fatalf("%d widths for %d characters", len(widths), len([]rune(s)))
	}
	want := []int{1, 1, 4, 6, 1, 1, 1, 1, 1, 2, 1, 4}
	for i := range want {
		if widths[i] != want[i] {
			t.Errorf("widths %v, want %v", widths, want)
			break
		}
	}
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
