package engine

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/nixsec/nixsec/rules"
	"github.com/nixsec/nixsec/rules/builtins"
)

// The default rules (no framework-only one) read none of the STIG
// family's helper libraries: narrowed to them, the bundle compiles
// without those three and keeps every other module of theirs; a STIG rule
// that imports a library keeps it.
func TestOnlyPrunesUnreadLibraries(t *testing.T) {
	b, err := Load([]Source{{Name: "builtin", FS: rules.FS, Builtin: true, Builtins: builtins.All}})
	if err != nil {
		t.Fatal(err)
	}
	files := func(b *Bundle) []string {
		var out []string
		for _, m := range b.mods {
			out = append(out, m.File)
		}
		return out
	}
	var defaults, stig []string
	for _, r := range b.rules {
		if !r.FrameworkOnly {
			defaults = append(defaults, r.ID)
		}
	}
	narrowed := b.Only(defaults)
	got := files(narrowed)
	libs := []string{"builtin:stig/auditlib/auditlib.rego", "builtin:stig/misclib/misclib.rego", "builtin:stig/pamlib/pamlib.rego"}
	for _, f := range files(b) {
		kept := slices.Contains(got, f)
		isRule := false
		for _, r := range narrowed.rules {
			if strings.HasPrefix(r.denyAt, f+":") {
				isRule = true
			}
		}
		switch {
		case slices.Contains(libs, f) && kept:
			t.Errorf("%s is compiled, though no default rule reads it", f)
		case !slices.Contains(libs, f) && !kept && (isRule || !strings.HasPrefix(f, "builtin:stig/")):
			t.Errorf("%s was pruned", f)
		}
	}
	if _, err := narrowed.Prepare(context.Background()); err != nil {
		t.Fatalf("the pruned bundle does not compile: %v", err)
	}
	// A rule that imports auditlib keeps it (and only what it reads).
	for _, m := range b.mods {
		if strings.HasPrefix(m.File, "builtin:stig/stig") && slices.ContainsFunc(m.Module.Imports, func(i *ast.Import) bool {
			return strings.HasSuffix(i.Path.String(), ".auditlib")
		}) {
			for _, r := range b.rules {
				if r.pkg.Equal(m.Module.Package.Path) {
					stig = append(stig, r.ID)
				}
			}
			break
		}
	}
	if len(stig) != 1 {
		t.Fatalf("no STIG rule imports auditlib: %v", stig)
	}
	if got := files(b.Only(stig)); !slices.Contains(got, libs[0]) || !slices.Contains(got, "builtin:lib/nixsec.rego") {
		t.Errorf("Only(%s) keeps %v", stig[0], got)
	}
}

// reads decides by the package's components, what follows them, and the
// rules of the module.
func TestReads(t *testing.T) {
	lib := ast.MustParseModuleWithOpts("package nixsec.rules.stig.auditlib\n\nf(x) := x\n\nnot_applicable := \"no\"\n", ast.ParserOptions{RegoVersion: ast.RegoV1})
	for _, c := range []struct {
		ref  string
		want bool
	}{
		{"data.nixsec.rules.stig.auditlib", true},       // an import
		{"data.nixsec.rules.stig.auditlib.f", true},     // a call
		{"data.nixsec.rules.stig.auditlib.g", false},    // no rule g
		{"data.nixsec.rules[family][name].deny", false}, // the entrypoint, no deny here
		{"data.nixsec.rules[family][name].not_applicable", true},
		{"data.nixsec.rules[family][name]", true},          // the whole package
		{"data.nixsec.rules[input.family].auditlib", true}, // a reference is any key
		{"data.nixsec.rules[\"stig\"][x].f", true},
		{"data.nixsec", true},
		{"data", true},
		{"data.nixsec.lib.path", false},
		{"data.nixsec.rules.ssh[x].deny", false},
		{"data.nixsec.rules.stig.auditlib[k]", true},
	} {
		if got := reads(ast.MustParseRef(c.ref), lib); got != c.want {
			t.Errorf("reads(%s) = %v, want %v", c.ref, got, c.want)
		}
	}
}

// A user's module stays even when nothing reads it: a broken one must
// still fail the compilation. A built-in one nobody reads goes, and one
// read through another kept module stays.
func TestPruneKeepsUserModules(t *testing.T) {
	parse := func(src string) *ast.Module {
		return ast.MustParseModuleWithOpts(src, ast.ParserOptions{RegoVersion: ast.RegoV1})
	}
	mods := []Module{
		{File: "root", Module: parse("package nixsec.rules.x.x001\n\nimport data.nixsec.lib\n\ndeny contains 1 if lib.a\n"), Builtin: true},
		{File: "lib", Module: parse("package nixsec.lib\n\na if data.nixsec.deep.b\n"), Builtin: true},
		{File: "deep", Module: parse("package nixsec.deep\n\nb := true\n"), Builtin: true},
		{File: "unread", Module: parse("package nixsec.unread\n\nc := 1\n"), Builtin: true},
		{File: "user", Module: parse("package org.unread\n\nd := 1\n")},
	}
	got, _ := pruneLibraries(mods, func(m Module) bool { return m.File == "root" })
	var names []string
	for _, m := range got {
		names = append(names, m.File)
	}
	if want := []string{"root", "lib", "deep", "user"}; !slices.Equal(names, want) {
		t.Errorf("kept %v, want %v", names, want)
	}
}

// A kept rule that reads the package of a rule the run does not enable
// would silently read nothing there: the narrowed bundle does not
// compile, and says which rule to enable.
func TestOnlyRefusesReadingADroppedRule(t *testing.T) {
	a := ruleSrc("TST001", "high", "import data.nixsec.rules.test.tst002x\n\ndeny contains {\"path\": \"a\", \"msg\": m} if some m in tst002x.names\n")
	b := ruleSrc("TST002", "high", "names := [\"x\"]\n\ndeny contains {\"path\": \"a\", \"msg\": \"two\"} if false\n")
	bundle, err := Load([]Source{{Name: "pol", FS: fstest.MapFS{"main.rego": {Data: []byte(mainRego)}, "a.rego": {Data: []byte(a)}, "b.rego": {Data: []byte(b)}}}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = bundle.Only([]string{"TST001"}).Prepare(context.Background())
	var pe *PolicyError
	if !errors.As(err, &pe) || len(pe.Errs) != 1 || !strings.Contains(err.Error(), "pol/a.rego:") || !strings.Contains(err.Error(), "rule TST002, which this run does not enable") {
		t.Errorf("TST001 alone: %v", err)
	}
	e, err := bundle.Only([]string{"TST001", "TST002"}).Prepare(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if vs, err := e.Eval(context.Background(), map[string]any{}); err != nil || len(vs) != 1 {
		t.Errorf("both: %v %v", vs, err)
	}
}

// No built-in rule reads another's package: each compiles alone, as a
// --rule selection of it does, and STIG148 alone still finds the
// execve rules missing (it read STIG091's package once, and found
// nothing when STIG091 was not enabled).
func TestEveryBuiltinRuleCompilesAlone(t *testing.T) {
	b, err := Load([]Source{{Name: "builtin", FS: rules.FS, Builtin: true, Builtins: builtins.All}})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range b.Rules() {
		if _, err := b.Only([]string{r.ID}).Prepare(context.Background()); err != nil {
			t.Errorf("%s alone: %v", r.ID, err)
		}
	}
	e, err := b.Only([]string{"STIG148"}).Prepare(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	in := map[string]any{"config": map[string]any{"security": map[string]any{
		"auditd": map[string]any{"enable": true},
		"audit":  map[string]any{"enable": true, "rules": []any{}},
	}}}
	vs, err := e.Eval(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, v := range vs {
		found = found || strings.Contains(v.Message, "executions of programs that gain root privileges")
	}
	if !found {
		t.Errorf("STIG148 alone does not find the execve rules missing: %v", vs)
	}
}

// A module listed in Source.Files that the source does not have fails the
// load: a stale list must not quietly leave a rule out.
func TestLoadRefusesAMissingListedModule(t *testing.T) {
	fs := fstest.MapFS{"main.rego": {Data: []byte(mainRego)}}
	_, err := Load([]Source{{Name: "builtin", FS: fs, Builtin: true, Files: map[string]bool{"builtin:main.rego": true, "builtin:gone.rego": true}}})
	if err == nil || !strings.Contains(err.Error(), "1 of the 2 modules listed are not there") {
		t.Errorf("got %v", err)
	}
	if _, err := Load([]Source{{Name: "builtin", FS: fs, Builtin: true, Files: map[string]bool{"builtin:main.rego": true}}}); err != nil {
		t.Error(err)
	}
}
