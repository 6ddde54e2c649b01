package optionpath

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/nixsec/nixsec/optpath"
)

// components are single path components: identifiers, what makes a name
// not one (a leading digit, ' or -, a dot, a space, non-ASCII), what
// quoting escapes, and the wildcard.
var components = []string{
	"", "*", "**", "a", "A", "_", "z9", "a'", "a-b", "a_b", "services", "openssh", "0", "9a", "'a", "-a",
	"a.b", "a b", "alice.smith", "kernel.dmesg_restrict", "é", "aé", "a\u2028", "$", "a$b", "${x}",
	"\\", "\"", "a\"b", "\n", "a\nb", "\r", "\t", "\x00", "\x01", "\x7f", "a/b", "/", "@", "a@b", "☃",
	"*a", "a*", " ", "A-'_9", "_0", "-", "'", "\xff", "a\xffb",
}

// identityCases is every component alone, every pair, and a few longer
// paths.
func identityCases() [][]string {
	var cases [][]string
	cases = append(cases, []string{})
	for _, a := range components {
		cases = append(cases, []string{a})
		for _, b := range components {
			cases = append(cases, []string{a, b})
		}
	}
	for i, a := range components {
		b := components[(i*7+3)%len(components)]
		c := components[(i*13+5)%len(components)]
		cases = append(cases, []string{"users", "users", a, b, c, "password"})
	}
	return cases
}

// TestIdentity compares nixsec.option_path with the Rego lib.path it
// replaces (testdata/path.rego) on every generated path, and checks that
// a component that is not a string fails both.
func TestIdentity(t *testing.T) {
	src, err := os.ReadFile("testdata/path.rego")
	if err != nil {
		t.Fatal(err)
	}
	cases := identityCases()
	in := make([]*ast.Term, len(cases))
	for i, c := range cases {
		terms := make([]*ast.Term, len(c))
		for j, s := range c {
			terms[j] = ast.StringTerm(s)
		}
		in[i] = ast.ArrayTerm(terms...)
	}
	rs, err := rego.New(
		rego.Query("x := [data.old.path.path(c) | some c in input]"),
		rego.Module("path.rego", string(src)),
		rego.ParsedInput(ast.NewArray(in...)),
		rego.StrictBuiltinErrors(true),
	).Eval(context.Background())
	if err != nil || len(rs) != 1 {
		t.Fatal(rs, err)
	}
	old := rs[0].Bindings["x"].([]any)
	if len(old) != len(cases) {
		t.Fatalf("%d results for %d cases", len(old), len(cases))
	}
	// The Rego wrote control characters other than \n \r \t as they are;
	// the builtin now writes optpath.Format's rendering, which escapes
	// them as NixOS does (optpath/optpath.go). A path holding such a
	// component is compared with optpath.Format instead.
	controls := func(c []string) bool {
		return slices.ContainsFunc(c, func(s string) bool {
			return strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 && r != '\n' && r != '\r' && r != '\t' })
		})
	}
	disagree, escaped := 0, 0
	for i, c := range cases {
		got, err := optionPath(in[i])
		want := old[i]
		if controls(c) {
			escaped++
			want = optpath.Format(c)
		}
		if err != nil || string(got.Value.(ast.String)) != want {
			disagree++
			t.Errorf("%q: want %q, nixsec.option_path %v (%v)", c, want, got, err)
		}
	}
	t.Logf("option_path: %d paths (%d compared with optpath.Format), %d disagreements", len(cases), escaped, disagree)

	for _, bad := range []string{`[1]`, `["a", 2]`, `[null]`, `["a", ["b"]]`, `[true]`} {
		v := ast.MustParseTerm(bad)
		_, errOld := rego.New(
			rego.Query("x := data.old.path.path(input)"),
			rego.Module("path.rego", string(src)),
			rego.ParsedInput(v.Value),
			rego.StrictBuiltinErrors(true),
		).Eval(context.Background())
		if _, errNew := optionPath(v); errOld == nil || errNew == nil {
			t.Errorf("%s: lib.path error %v, nixsec.option_path error %v; want both", bad, errOld, errNew)
		}
	}
}
