package nixsyntax

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nixsec/nixsec/internal/testenv"
	"github.com/nixsec/nixsec/lint/nixsyntax/internal/nixtest"
)

// Each broken input with the position and message start we report.
var errorCases = []struct{ src, pos, msg string }{
	{"{ a = 1 }", "1:9", "unexpected '}', expected ';'"},
	{"{ a = 1; ", "1:10", "unexpected end of file"},
	{"{ a 1; }", "1:5", "unexpected number '1', expected '='"},
	{"[ 1 2", "1:6", "unexpected end of file, expected ']'"},
	{"(1", "1:3", "unexpected end of file, expected ')'"},
	{"1)", "1:2", "unexpected ')', expected end of file"},
	{"let a = 1; a", "1:13", "unexpected end of file"},
	{"let a = 1 in a", "1:11", "unexpected 'in', expected ';'"},
	{"if a then b", "1:12", "unexpected end of file, expected 'else'"},
	{"if a b else c", "1:8", "unexpected 'else', expected 'then'"},
	{"x:", "1:3", "unexpected end of file"},
	{"{ a, b }", "1:9", "unexpected end of file, expected ':'"},
	{"{ a, ..., b }: a", "1:9", "unexpected ','"},
	{"{ a, a }: a", "1:6", "duplicate formal function argument 'a'"},
	{"{ a }@a: a", "1:7", "duplicate formal function argument 'a'"},
	{"{ a = 1; a = 2; }", "1:10", "attribute 'a' already defined at 1:3"},
	{"{ a.b = 1; a.b = 2; }", "1:12", "attribute 'a.b' already defined"},
	{"{ a = 1; a.b = 2; }", "1:10", "attribute 'a.b' already defined"},
	{"let x = 1; in let ${x} = 1; in 2", "1:15", "dynamic attributes not allowed in let"},
	{"{ inherit ${x}; }", "1:11", "dynamic attributes not allowed in inherit"},
	{"a == b == c", "1:8", "unexpected '=='"},
	{"a < b < c", "1:7", "unexpected '<'"},
	{"a ? b ? c", "1:7", "unexpected '?'"},
	{"\"abc", "1:5", "unexpected end of file"},
	{"''abc", "1:6", "unexpected end of file"},
	{"\"${a\"", "1:6", "unexpected end of file"},
	{"./a/", "1:5", "path has a trailing slash"},
	{"/a//b", "1:6", "unexpected end of path, expected '${'"},
	{"9223372036854775808", "1:1", "invalid integer '9223372036854775808'"},
	{"1.e309", "1:1", "invalid float '1.e309'"},
	{"{\n  a = 1;\n  b = ;\n}", "3:7", "unexpected ';', expected an expression"},
	{"{\n\tb = 1 +;\n}", "2:9", "unexpected ';'"},
	{"{ é = 1; }", "1:3", "unexpected character"},
	{"a |> b <| c", "1:8", "unexpected '<|'"},
	{"assert a b", "1:11", "unexpected end of file, expected ';'"},
	{"with a", "1:7", "unexpected end of file, expected ';'"},
	{"inherit a;", "1:1", "unexpected 'inherit'"},
	{"a.", "1:3", "unexpected end of file, expected attribute name"},
	{"x: y: ", "1:7", "unexpected end of file"},
	{"{ a = 1; } }", "1:12", "unexpected '}'"},
	{"/* unterminated", "1:1", "unexpected '/'"},
	{"a.b or", "1:7", "unexpected end of file"},
}

func TestParseErrors(t *testing.T) {
	for _, c := range errorCases {
		_, err := ParseString("bad.nix", c.src)
		var pe *Error
		if !errors.As(err, &pe) {
			t.Errorf("%q: no parse error (%v)", c.src, err)
			continue
		}
		if pe.Pos.String() != c.pos || !strings.Contains(pe.Msg, c.msg) {
			t.Errorf("%q: got %s: %s, want %s: %s", c.src, pe.Pos, pe.Msg, c.pos, c.msg)
		}
		if !strings.HasPrefix(err.Error(), "bad.nix:"+c.pos+": ") {
			t.Errorf("%q: error text %q", c.src, err.Error())
		}
	}
	if len(errorCases) < 30 {
		t.Fatalf("only %d error cases", len(errorCases))
	}
}

// TestParseErrorsAgreeWithNix checks that Nix rejects every broken input
// too (except the pipe operators, which Nix 2.8 lacks entirely).
func TestParseErrorsAgreeWithNix(t *testing.T) {
	testenv.Slow(t)
	bin := testenv.RequireNixInstantiate(t)
	dir := t.TempDir()
	for i, c := range errorCases {
		f := filepath.Join(dir, "e"+string(rune('a'+i%26))+strings.Repeat("x", i/26)+".nix")
		if err := os.WriteFile(f, []byte(c.src), 0o644); err != nil {
			t.Fatal(err)
		}
		r := nixtest.RunNixParse(bin, f)
		if r.Err == "" {
			t.Errorf("%q: nix accepts it", c.src)
		}
	}
}

func TestPositions(t *testing.T) {
	src := "{\n\ta = \"é${b}\";\n  c = x: x;\n}"
	f, err := ParseString("pos.nix", src)
	if err != nil {
		t.Fatal(err)
	}
	a := f.Expr.(*Attrs)
	if got := a.Span().String(); got != "1:1-4:2" {
		t.Errorf("attrs %s", got)
	}
	b0 := a.Bindings[0]
	if got := b0.Path[0].Range.String(); got != "2:2-2:3" {
		t.Errorf("key a %s", got)
	}
	s := b0.Value.(*String)
	if got := s.Span().String(); got != "2:6-2:13" {
		t.Errorf("string %s", got)
	}
	if got := s.Parts[1].Range.String(); got != "2:8-2:12" || s.Parts[1].Range.Start.Offset != 10 {
		t.Errorf("interp %s %d", got, s.Parts[1].Range.Start.Offset)
	}
	l := a.Bindings[1].Value.(*Lambda)
	if got := l.Span().String(); got != "3:7-3:11" {
		t.Errorf("lambda %s", got)
	}
	f2, err := ParseString("c.nix", "# head\n{ /* in */ a = 1; } # tail")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range f2.Comments {
		got = append(got, c.Range.String()+" "+c.Text)
	}
	if strings.Join(got, "|") != "1:1-1:7 # head|2:3-2:11 /* in */|2:21-2:27 # tail" {
		t.Errorf("comments %q", got)
	}
}
