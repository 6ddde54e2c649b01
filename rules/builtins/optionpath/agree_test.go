package optionpath

import (
	"context"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/nixsec/nixsec/optpath"
)

// exotic are components where renderings used to differ or NixOS's
// rendering has its corners: keywords, placeholders, every byte alone and
// in a name.
func exotic() []string {
	c := []string{
		"if", "or", "in", "inherit", "let", "rec", "then", "else", "with", "assert", "iff",
		"<name>", "<function body>", "<>", "<a.b>", "<a>.<b>", "<a\nb>", `<a"b>`, "<a$b>", "<\xff>", "<a", "a>",
		"\b", "\f", "\x1b[31m", "\u2028", "\U0001F600", "\xed\xa0\x80", "a\xc3", `\u0000`, `\$`,
	}
	for x := range 256 {
		b := string([]byte{byte(x)})
		c = append(c, b, "a"+b+"b")
	}
	return c
}

// agreeCases is the identity test's paths and, for each exotic component,
// the component alone and inside a path.
func agreeCases() [][]string {
	cases := identityCases()
	for _, c := range exotic() {
		cases = append(cases, []string{c}, []string{"users", "users", c, "password"})
	}
	return cases
}

func terms(c []string) *ast.Term {
	ts := make([]*ast.Term, len(c))
	for i, s := range c {
		ts[i] = ast.StringTerm(s)
	}
	return ast.ArrayTerm(ts...)
}

// TestAgreesWithFormat checks that the builtin renders every path as
// optpath.Format does, called directly and from Rego (lib.path's call),
// and that Component writes a component as Format does.
func TestAgreesWithFormat(t *testing.T) {
	cases := agreeCases()
	in := make([]*ast.Term, len(cases))
	for i, c := range cases {
		in[i] = terms(c)
		got, err := optionPath(in[i])
		if want := optpath.Format(c); err != nil || string(got.Value.(ast.String)) != want {
			t.Errorf("%q: nixsec.option_path %v (%v), optpath.Format %q", c, got, err, want)
		}
		if len(c) == 1 {
			var b strings.Builder
			Component(&b, c[0])
			if want := optpath.Format(c); b.String() != want {
				t.Errorf("Component(%q) = %q, optpath.Format %q", c[0], b.String(), want)
			}
		}
	}
	rs, err := rego.New(
		rego.Query("x := [nixsec.option_path(c) | some c in input]"),
		rego.ParsedInput(ast.NewArray(in...)),
		rego.StrictBuiltinErrors(true),
		Impl,
	).Eval(context.Background())
	if err != nil || len(rs) != 1 {
		t.Fatal(rs, err)
	}
	got := rs[0].Bindings["x"].([]any)
	if len(got) != len(cases) {
		t.Fatalf("%d results for %d cases", len(got), len(cases))
	}
	for i, c := range cases {
		if want := optpath.Format(c); got[i] != want {
			t.Errorf("%q: from Rego %q, optpath.Format %q", c, got[i], want)
		}
	}
	t.Logf("%d paths agree", len(cases))
}

// TestOneBuilderAllocation checks that the builder is sized once: a path,
// with quoted and escaped components or without, costs what one builder
// of its exact length and the result term cost.
func TestOneBuilderAllocation(t *testing.T) {
	for _, c := range [][]string{
		{"services", "openssh", "settings", "PasswordAuthentication"},
		{"users", "users", "alice.smith", "a\x1b\"$\n<", "if", "<name>", "password"},
	} {
		a, s := terms(c), optpath.Format(c)
		got := testing.AllocsPerRun(100, func() {
			if _, err := optionPath(a); err != nil {
				t.Fatal(err)
			}
		})
		want := testing.AllocsPerRun(100, func() {
			var b strings.Builder
			b.Grow(len(s))
			b.WriteString(s)
			sink = ast.StringTerm(b.String())
		})
		if got > want {
			t.Errorf("%q: %v allocations; one builder and the term cost %v", c, got, want)
		}
	}
}

var sink *ast.Term
