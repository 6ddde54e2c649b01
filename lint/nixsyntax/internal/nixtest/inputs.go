package nixtest

import (
	"fmt"
	"strings"

	"github.com/nixsec/nixsec/internal/testenv"
)

// MaxNesting is nixsyntax.MaxNesting, which this package cannot import
// (the tests of nixsyntax import it); they check that the two agree.
const MaxNesting = 5000

// BigTerms is the length of the longest chains of the denial-of-service
// tests. With the slow tests selected (NIXSEC_SLOW=1) it is a million
// terms, or a tenth of that under the race detector: at that size a
// quadratic parser takes minutes, which go test's timeout catches.
// Otherwise it is 20,000: every case runs, quickly, and proves only that
// the result is right.
func BigTerms() int {
	switch {
	case !testenv.SlowSelected():
		return 20_000
	case RaceEnabled:
		return 100_000
	}
	return 1_000_000
}

// LongInputs are inputs of about size bytes (or terms) that must parse,
// in linear time: chains that do not nest.
var LongInputs = []struct {
	Name string
	Gen  func(n int) string // n terms
	Err  string             // expected error, if any
}{
	{"selectors", func(n int) string { return "a" + strings.Repeat(".b", n) }, ""},
	{"selectors-or", func(n int) string { return "a" + strings.Repeat(".b", n) + " or 1" }, ""},
	{"selectors-dynamic", func(n int) string { return "a" + strings.Repeat(".${x}", n) }, ""},
	{"selectors-quoted", func(n int) string { return "a" + strings.Repeat(`."b"`, n) }, ""},
	{"hasattr", func(n int) string { return "a ? b" + strings.Repeat(".c", n) }, ""},
	{"negations", func(n int) string { return strings.Repeat("-", n) + "1" }, ""},
	{"negations-spaced", func(n int) string { return strings.Repeat("- ", n) + "1" }, ""},
	{"nots", func(n int) string { return strings.Repeat("!", n) + "x" }, ""},
	{"mixed-prefix", func(n int) string { return strings.Repeat("!-", n) + "x + 1 == y" }, ""},
	{"minus-unspaced", func(n int) string { return "1" + strings.Repeat("-1", n) }, ""},
	{"plus-unspaced", func(n int) string { return "1" + strings.Repeat("+1", n) }, ""},
	{"plus-negated", func(n int) string { return "1" + strings.Repeat("+-1", n) }, ""},
	{"times", func(n int) string { return "a" + strings.Repeat(" * a", n) }, ""},
	{"divisions", func(n int) string { return "a" + strings.Repeat(" / a", n) }, ""},
	{"and", func(n int) string { return "a" + strings.Repeat(" && !a", n) }, ""},
	{"or", func(n int) string { return "a" + strings.Repeat(" || a", n) }, ""},
	{"pipes", func(n int) string { return "a" + strings.Repeat(" |> f", n) }, ""},
	{"applications", func(n int) string { return "f" + strings.Repeat(" a", n) }, ""},
	{"modifier-applications", func(n int) string { return "{ a.b = lib.mkIf" + strings.Repeat(" a", n) + "; }" }, ""},
	{"mixed-precedence", func(n int) string { return "x" + strings.Repeat(" + f a.b.c * -2 - g", n) }, ""},
	{"list", func(n int) string { return "[" + strings.Repeat(" a", n) + " ]" }, ""},
	{"attrs", func(n int) string {
		var b strings.Builder
		b.WriteString("{")
		for i := range n {
			fmt.Fprintf(&b, " a%d = 1;", i)
		}
		return b.String() + " }"
	}, ""},
	{"attrpath", func(n int) string { return "{ a" + strings.Repeat(".b", n) + " = 1; }" }, ""},
	{"inherit", func(n int) string { return "{ inherit (x)" + strings.Repeat(" a", n) + "; }" }, "already defined"},
	{"interpolations", func(n int) string { return `"` + strings.Repeat("${a}x", n) + `"` }, ""},
	{"indented", func(n int) string { return "''" + strings.Repeat("${a}x''$'''", n) + "''" }, ""},
	{"path-interpolations", func(n int) string { return "./a" + strings.Repeat("/${b}", n) }, ""},
	{"dots", func(n int) string { return strings.Repeat("a.", n) + "b" }, ""},
	{"unclosed-comments", func(n int) string { return strings.Repeat("/* ", n) }, "unexpected '/'"},
	{"uri-like", func(n int) string { return strings.Repeat("a+", n) + "b" }, ""},
	{"nested-modules", func(n int) string {
		d := min(n, MaxNesting/4)
		return strings.Repeat("{ modules = [ (lib.mkIf c ", d) + "{ a.b = 1; }" + strings.Repeat(") ]; }", d)
	}, ""},
}

// DeepInputs nest for real: past nixsyntax.MaxNesting they must fail
// with the nesting error, at a position, rather than crash.
var DeepInputs = []struct {
	Name           string
	Open, Mid, End string // End closes one Open
}{
	{Name: "parens", Open: "(", Mid: "1", End: ")"},
	{Name: "lists", Open: "[", Mid: "1", End: "]"},
	{Name: "attrs", Open: "{a=", Mid: "1", End: ";}"},
	{Name: "rec-attrs", Open: "rec{a=", Mid: "1", End: ";}"},
	{Name: "lambdas", Open: "x: ", Mid: "x"},
	{Name: "formal-lambdas", Open: "{ a ? 1 }: ", Mid: "x"},
	{Name: "formal-defaults", Open: "{ a ? ", Mid: "1", End: " }: a"},
	{Name: "lets", Open: "let in ", Mid: "a"},
	{Name: "lets-with-bindings", Open: "let a = 1; in ", Mid: "a"},
	{Name: "let-values", Open: "let a = ", Mid: "1", End: "; in a"},
	{Name: "withs", Open: "with a; ", Mid: "a"},
	{Name: "asserts", Open: "assert a; ", Mid: "a"},
	{Name: "ifs", Open: "if a then a else ", Mid: "a"},
	{Name: "interpolations", Open: `"${`, Mid: "a", End: `}"`},
	{Name: "indented-interpolations", Open: `''${`, Mid: "a", End: `}''`},
	{Name: "dynamic-attrs", Open: "{ ${", Mid: "a", End: "} = 1; }"},
	{Name: "implications", Open: "a -> ", Mid: "a"},
	{Name: "concatenations", Open: "a ++ ", Mid: "a"},
	{Name: "updates", Open: "a // ", Mid: "a"},
	{Name: "pipe-from", Open: "f <| ", Mid: "a"},
	{Name: "or-defaults", Open: "a.b or ", Mid: "a"},
	{Name: "negated-parens", Open: "-(", Mid: "1", End: ")"},
	{Name: "apply-parens", Open: "f (", Mid: "1", End: ")"},
	{Name: "paths", Open: "./a/${", Mid: "a", End: "}"},
}

// Nest repeats open n times, then mid, then end n times.
func Nest(open, mid, end string, n int) string {
	return strings.Repeat(open, n) + mid + strings.Repeat(end, n)
}
