// Package regotest is what the builtins' identity tests share: compiling
// a query over Rego modules with every nixsec builtin, as the engine does,
// and loading a rule as it was before a builtin replaced its Rego (kept in
// the test's testdata/rego, under the package prefix old.) beside the
// bundle's current files.
package regotest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/nixsec/nixsec/rules"
	"github.com/nixsec/nixsec/rules/builtins"
)

// Prepare compiles query over modules (name: text) with every nixsec
// builtin, strict and with builtin errors failing the evaluation.
func Prepare(t testing.TB, query string, modules map[string]string) rego.PreparedEvalQuery {
	t.Helper()
	caps := ast.CapabilitiesForThisVersion()
	opts := []func(*rego.Rego){rego.Query(query), rego.SetRegoVersion(ast.RegoV1), rego.Strict(true), rego.StrictBuiltinErrors(true)}
	for _, b := range builtins.All {
		caps.Builtins = append(caps.Builtins, b.Decl)
		opts = append(opts, b.Impl)
	}
	for name, src := range modules {
		opts = append(opts, rego.Module(name, src))
	}
	pq, err := rego.New(append(opts, rego.Capabilities(caps))...).PrepareForEval(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return pq
}

// Result is an evaluation's outcome as a string: the binding of x, or
// that it failed.
func Result(pq rego.PreparedEvalQuery, in ast.Value) string {
	rs, err := pq.Eval(context.Background(), rego.EvalParsedInput(in))
	if err != nil {
		return "error"
	}
	if len(rs) != 1 {
		return fmt.Sprint("results: ", rs)
	}
	return ast.MustInterfaceToValue(rs[0].Bindings["x"]).String()
}

// OldModules reads testdata/rego/<base of each name> under the package
// prefix old. (packages and the lib's import), so that the rules as they
// were and as they are compile side by side.
func OldModules(t testing.TB, names ...string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join("testdata", "rego", filepath.Base(n)))
		if err != nil {
			t.Fatal(err)
		}
		s := strings.ReplaceAll(string(b), "package nixsec.", "package old.nixsec.")
		out["old/"+n] = strings.ReplaceAll(s, "import data.nixsec.lib", "import data.old.nixsec.lib")
	}
	return out
}

// BundleModules reads the named files of the built-in bundle.
func BundleModules(t testing.TB, names ...string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, n := range names {
		b, err := rules.FS.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		out[n] = string(b)
	}
	return out
}

// Tally compares the outcomes of an old and a new query input by input.
type Tally struct {
	T                testing.TB
	Disagree, Errors int // inputs the two differ on; inputs both fail on
}

// Compare evaluates both queries on in and returns the old one's outcome;
// a disagreement fails the test (the first five are shown).
func (c *Tally) Compare(oldQ, newQ rego.PreparedEvalQuery, in ast.Value) string {
	c.T.Helper()
	o, w := Result(oldQ, in), Result(newQ, in)
	if o != w {
		c.Disagree++
		if c.Disagree <= 5 {
			c.T.Errorf("input %v:\nold %s\nnew %s", in, o, w)
		}
	}
	if o == "error" {
		c.Errors++
	}
	return o
}
