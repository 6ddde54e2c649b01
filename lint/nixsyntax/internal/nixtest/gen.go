// Package nixtest holds what the tests of nixsyntax and nixprint share:
// generated programs, the inputs of the denial-of-service tests, and
// running nix-instantiate --parse.
package nixtest

import (
	"fmt"
	"math/rand"
	"strings"
)

// gen produces random but syntactically valid Nix expressions from a
// fixed seed. Every variable is resolved through an outer `with`, so Nix
// accepts them without knowing any names.
type gen struct {
	r     *rand.Rand
	depth int
}

var genNames = []string{"a", "b", "c", "x", "y", "foo", "bar-baz", "f'", "_u", "lib", "pkgs", "config"}
var genAttrNames = []string{"a", "b", "c", "enable", "settings", "services", "openssh", "x-y", `"q r"`, `"if"`, "or", `""`, `"a.b"`, "${a}", `"${b}c"`, `${"lit"}`}

func (g *gen) pick(xs []string) string { return xs[g.r.Intn(len(xs))] }

func (g *gen) ws() string {
	switch g.r.Intn(12) {
	case 0:
		return "\n  "
	case 1:
		return " /* c */ "
	case 2:
		return " # note\n"
	case 3:
		return "\t"
	}
	return " "
}

func (g *gen) attrPath() string {
	n := 1 + g.r.Intn(3)
	parts := make([]string, n)
	for i := range parts {
		parts[i] = g.pick(genAttrNames)
	}
	return strings.Join(parts, ".")
}

func (g *gen) simple() string {
	switch g.r.Intn(16) {
	case 0:
		return fmt.Sprint(g.r.Intn(1000))
	case 1:
		return fmt.Sprintf("%d.%d", 1+g.r.Intn(99), g.r.Intn(1000))
	case 2:
		return g.pick([]string{`"plain"`, `"esc\n\t\"\\\$"`, `"dollar$ sign"`, `""`, `"é"`})
	case 3:
		return fmt.Sprintf(`"pre${%s}post"`, g.expr())
	case 4:
		return g.pick([]string{"''\n  line one\n    two\n''", "''x''", "''\n  a ''${b} ''$ ''' \n''", "''''"}) + g.ws()
	case 5:
		return fmt.Sprintf("''\n  head\n    ${%s}\n  tail\n''", g.expr())
	case 6:
		return g.pick([]string{"./p", "./a/b.nix", "../up", "/abs/x", "<nixpkgs>", "<nixpkgs/lib>", "https://ex.org/x", "./a/${b}", "./d/${c}/e"})
	case 7:
		return "(" + g.expr() + ")"
	case 8:
		return "[ " + g.list() + "]"
	case 9:
		return g.attrs()
	case 10:
		return "rec " + g.attrs()
	}
	return g.pick(genNames)
}

func (g *gen) list() string {
	var b strings.Builder
	for i := g.r.Intn(4); i > 0; i-- {
		b.WriteString(g.selectExpr())
		b.WriteString(g.ws())
	}
	return b.String()
}

func (g *gen) attrs() string {
	var b strings.Builder
	b.WriteString("{")
	used := map[string]bool{}
	for i := g.r.Intn(4); i > 0; i-- {
		b.WriteString(g.ws())
		if g.r.Intn(6) == 0 {
			if g.r.Intn(2) == 0 {
				b.WriteString("inherit (" + g.expr() + ") ")
			} else {
				b.WriteString("inherit ")
			}
			n := g.pick([]string{"p", "q", "r"})
			if used[n] {
				continue
			}
			used[n] = true
			b.WriteString(n + ";")
			continue
		}
		// unique first components keep Nix from reporting duplicates
		first := fmt.Sprintf("k%d", len(used))
		used[first] = true
		path := first
		if g.r.Intn(2) == 0 {
			path += "." + g.attrPath()
		}
		b.WriteString(path + " = " + g.expr() + ";")
	}
	b.WriteString(g.ws() + "}")
	return b.String()
}

func (g *gen) selectExpr() string {
	s := g.simple()
	switch g.r.Intn(6) {
	case 0:
		return s + "." + g.attrPath()
	case 1:
		return s + "." + g.attrPath() + " or " + g.simple()
	}
	return s
}

var genBinOps = []string{"+", "-", "*", "/", "++", "//", "==", "!=", "<", "<=", ">", ">=", "&&", "||", "->"}

func (g *gen) op() string {
	switch g.r.Intn(8) {
	case 0:
		return "!" + g.op()
	case 1:
		return "-" + g.op()
	case 2:
		return g.app() + " ? " + g.attrPath()
	case 3, 4:
		// comparisons are non-associative: parenthesize chains
		return "(" + g.app() + " " + g.pick(genBinOps) + " " + g.app() + ") " + g.pick(genBinOps[:6]) + " " + g.app()
	}
	return g.app()
}

func (g *gen) app() string {
	s := g.selectExpr()
	for i := g.r.Intn(3); i > 0; i-- {
		s += " " + g.selectExpr()
	}
	return s
}

func (g *gen) expr() string {
	g.depth++
	defer func() { g.depth-- }()
	if g.depth > 4 {
		return g.pick(genNames)
	}
	switch g.r.Intn(12) {
	case 0:
		return g.pick(genNames[:5]) + ": " + g.expr()
	case 1:
		return "{ a, b ? " + g.simple() + ", ... }@args: " + g.expr()
	case 2:
		return "let v = " + g.expr() + "; w.x = " + g.simple() + "; in " + g.expr()
	case 3:
		return "with " + g.simple() + "; " + g.expr()
	case 4:
		return "assert " + g.op() + "; " + g.expr()
	case 5:
		return "if " + g.op() + " then " + g.expr() + " else " + g.expr()
	}
	return g.op()
}

// GenerateCorpus returns n deterministic test programs.
func GenerateCorpus(n int) []string {
	g := &gen{r: rand.New(rand.NewSource(20240601))} //nolint:gosec // a fixed seed: the same corpus on every run
	out := make([]string, n)
	for i := range out {
		out[i] = "{ with_, ... }: with with_; " + g.expr() + "\n"
	}
	return out
}
