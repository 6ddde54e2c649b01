package rules_test

import (
	"context"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/tester"

	"github.com/nixsec/nixsec/engine"
	"github.com/nixsec/nixsec/rules"
	"github.com/nixsec/nixsec/rules/builtins"
)

// TestRego runs every *_test.rego of the bundle with the same capabilities
// and strictness as production, so a rule cannot pass its tests with a
// builtin nixsec refuses to run.
func TestRego(t *testing.T) {
	mods, err := engine.LoadModules([]engine.Source{{Name: "builtin", FS: rules.FS, Builtin: true}}, true)
	if err != nil {
		t.Fatal(err)
	}
	parsed := map[string]*ast.Module{}
	tests := 0
	for _, m := range mods {
		parsed[m.File] = m.Module
		if m.Test {
			tests++
		}
	}
	if tests == 0 {
		t.Fatal("no *_test.rego in the bundle")
	}
	compiler := ast.NewCompiler().WithCapabilities(engine.Capabilities(builtins.All)).WithStrict(true).WithEnablePrintStatements(true)
	var custom []*tester.Builtin
	for _, b := range builtins.All {
		custom = append(custom, &tester.Builtin{Decl: b.Decl, Func: b.Impl})
	}
	ch, err := tester.NewRunner().SetCompiler(compiler).SetModules(parsed).AddCustomBuiltins(custom).
		CapturePrintOutput(true).RunTests(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	ran := 0
	for r := range ch {
		ran++
		name := strings.TrimPrefix(r.Package, "data.") + "." + r.Name
		if r.Error != nil {
			t.Errorf("%s: %v", name, r.Error)
		} else if r.Fail || r.Skip {
			t.Errorf("%s (%s:%d) failed\n%s", name, r.Location.File, r.Location.Row, r.Output)
		}
	}
	if ran == 0 {
		t.Fatal("no Rego test ran")
	}
	t.Logf("%d Rego tests", ran)
}

// TestMetadata loads the bundle as production does: every rule has an id,
// a known severity, options, a remediation and references.
func TestMetadata(t *testing.T) {
	eng, err := engine.New(context.Background(), []engine.Source{{Name: "builtin", FS: rules.FS, Builtin: true, Builtins: builtins.All}})
	if err != nil {
		t.Fatal(err)
	}
	if len(eng.Rules()) == 0 {
		t.Fatal("no rules")
	}
	for _, r := range eng.Rules() {
		if r.Remediation == "" {
			t.Errorf("%s: no custom.remediation", r.ID)
		}
		if len(r.References) == 0 {
			t.Errorf("%s: no custom.references", r.ID)
		}
		if len(r.Description) < 40 {
			t.Errorf("%s: description too short to explain why it matters", r.ID)
		}
		want := strings.ToLower(r.ID)
		if !strings.HasSuffix(r.Package, "."+want) {
			t.Errorf("%s: package nixsec.rules.%s should end in .%s", r.ID, r.Package, want)
		}
	}
}

// TestNoComparisonInWith: no built-in test compares inside a with's value
// (engine.ComparisonsInWith), where it could never fail.
func TestNoComparisonInWith(t *testing.T) {
	mods, err := engine.LoadModules([]engine.Source{{Name: "builtin", FS: rules.FS, Builtin: true}}, true)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range mods {
		for _, e := range engine.ComparisonsInWith(m.File, m.Module) {
			t.Error(e)
		}
	}
}
