package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/nixsec/nixsec/engine"
	"github.com/nixsec/nixsec/rules"
)

// TestDocsInSync fails when docs/rules/ is not what the METADATA renders.
func TestDocsInSync(t *testing.T) {
	ps, err := pages()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join("..", "..", "docs", "rules")
	for name, want := range ps {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || string(got) != want {
			t.Errorf("docs/rules/%s is out of date: run go generate ./rules", name)
		}
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.md"))
	for _, f := range files {
		if _, ok := ps[filepath.Base(f)]; !ok {
			t.Errorf("docs/rules/%s belongs to no rule: run go generate ./rules", filepath.Base(f))
		}
	}
}

// TestCapabilitiesInSync fails when rules/capabilities.json, used by `opa
// check` in CI, is not the set of builtins nixsec compiles with.
func TestCapabilitiesInSync(t *testing.T) {
	want, err := capabilities()
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join("..", "capabilities.json"))
	if err != nil || string(got) != string(want) {
		t.Error("rules/capabilities.json is out of date: run go generate ./rules")
	}
}

// TestCoverageInSync fails when docs/compliance/ is not what the
// frameworks' data and the rules' METADATA render.
func TestCoverageInSync(t *testing.T) {
	cs, err := coverage()
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range cs {
		got, err := os.ReadFile(filepath.Join("..", "..", "docs", "compliance", name))
		if err != nil || string(got) != want {
			t.Errorf("docs/compliance/%s is out of date: run go generate ./rules", name)
		}
	}
}

// TestIndexInSync fails when rules/index_gen.go is not what the bundle's
// METADATA and modules give: a run would use it only while its hash is
// the bundle's, and parse the bundle otherwise, but a stale index must
// not land.
func TestIndexInSync(t *testing.T) {
	want, err := index()
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join("..", "index_gen.go"))
	if err != nil || string(got) != string(want) {
		t.Error("rules/index_gen.go is out of date: run go generate ./rules")
	}
}

// TestIndexRoundTrip: what the generated index builds is the bundle's
// METADATA and modules, every field (writeMeta writes each by name, and a
// field added to rule.Meta but not to it would be lost).
func TestIndexRoundTrip(t *testing.T) {
	b, err := engine.Load([]engine.Source{{Name: "builtin", FS: rules.FS, Builtin: true}})
	if err != nil {
		t.Fatal(err)
	}
	idx := rules.Index()
	if idx == nil || idx.Hash != rules.Hash() {
		t.Fatal("no current index: run go generate ./rules")
	}
	want, _ := json.Marshal(rules.IndexData{Hash: rules.Hash(), Rules: b.Rules(), Modules: idx.Modules})
	got, _ := json.Marshal(idx)
	if string(got) != string(want) {
		t.Error("the index's rules differ from the bundle's METADATA")
	}
	if len(idx.Modules) != len(b.Files()) {
		t.Fatalf("%d modules, the bundle has %d", len(idx.Modules), len(b.Files()))
	}
	for i, m := range idx.Modules {
		if m.File != b.Files()[i] || m.Rule != b.FileRules()[i] {
			t.Errorf("module %d: %+v, the bundle has %s of rule %q", i, m, b.Files()[i], b.FileRules()[i])
		}
	}
}
