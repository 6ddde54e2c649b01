package engine

import (
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/topdown"
)

// joinStrings joins an array of two or more strings as strings.Join does,
// and leaves every other call to OPA's concat.
func TestJoinStrings(t *testing.T) {
	long := strings.Repeat("x", joinSmall)
	strs := func(ss ...string) *ast.Term {
		terms := make([]*ast.Term, len(ss))
		for i, s := range ss {
			terms[i] = ast.StringTerm(s)
		}
		return ast.ArrayTerm(terms...)
	}
	cases := []struct {
		name      string
		sep, list *ast.Term
		want      string // "" when OPA's concat must answer
	}{
		{"two", ast.StringTerm("."), strs("ssh", "ssh001"), "ssh.ssh001"},
		{"empty sep", ast.StringTerm(""), strs("a", "", "bc"), "abc"},
		{"long sep", ast.StringTerm(", "), strs("a", "b", "c"), "a, b, c"},
		{"unicode", ast.StringTerm("→"), strs("é", "ü"), "é→ü"},
		{"empty strings", ast.StringTerm("-"), strs("", ""), "-"},
		{"one", ast.StringTerm("."), strs("a"), ""},
		{"none", ast.StringTerm("."), strs(), ""},
		{"set", ast.StringTerm("."), ast.SetTerm(ast.StringTerm("a"), ast.StringTerm("b")), ""},
		{"number", ast.StringTerm("."), ast.ArrayTerm(ast.StringTerm("a"), ast.NumberTerm("1")), ""},
		{"sep not a string", ast.NumberTerm("1"), strs("a", "b"), ""},
		{"long", ast.StringTerm(""), strs(long, "y"), ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var toOPA bool
			orig := func(topdown.BuiltinContext, []*ast.Term, func(*ast.Term) error) error {
				toOPA = true
				return nil
			}
			var got *ast.Term
			err := joinStrings(orig)(topdown.BuiltinContext{}, []*ast.Term{c.sep, c.list}, func(r *ast.Term) error {
				got = r
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case c.want == "" && !toOPA:
				t.Fatalf("joined %v itself, want OPA's concat", c.list)
			case c.want != "" && (toOPA || got == nil || got.Value.Compare(ast.String(c.want)) != 0):
				t.Fatalf("got %v (OPA's: %v), want %q", got, toOPA, c.want)
			}
		})
	}
}

// The checks of the calls rules make all the time (concat, sprintf of
// strings and numbers, replace, regular expressions) allocate nothing.
func TestCapChecksDoNotAllocate(t *testing.T) {
	s := ast.StringTerm
	calls := []struct {
		name string
		args []*ast.Term
	}{
		{"concat", []*ast.Term{s("."), ast.ArrayTerm(s("a"), s("b"))}},
		{"sprintf", []*ast.Term{s("%s is %d (%v)"), ast.ArrayTerm(s("x"), ast.NumberTerm("1"), ast.ArrayTerm(s("y"), ast.BooleanTerm(true)))}},
		{"replace", []*ast.Term{s("a.b"), s("."), s("::")}},
		{"regex.match", []*ast.Term{s("^a+$"), s("aaa")}},
		{"regex.split", []*ast.Term{s(","), s("a,b")}},
		{"regex.replace", []*ast.Term{s("a-b"), s("(\\w)"), s("<$1>")}},
		{"split", []*ast.Term{s("a.b"), s(".")}},
	}
	for _, c := range calls {
		args := append(append([]*ast.Term{}, c.args...), ast.VarTerm("out")) // and the output operand
		if n := testing.AllocsPerRun(100, func() {
			if err := capChecks[c.name](c.name, args); err != nil {
				t.Fatal(err)
			}
		}); n != 0 {
			t.Errorf("%s: %v allocations per check", c.name, n)
		}
	}
}
