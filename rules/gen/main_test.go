package main

import (
	"os"
	"path/filepath"
	"testing"
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

// TestIndexInSync fails when rules/index.json is not what the bundle's
// METADATA and modules give: a run would use it only while its hash is
// the bundle's, and parse the bundle otherwise, but a stale index must
// not land.
func TestIndexInSync(t *testing.T) {
	want, err := index()
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join("..", "index.json"))
	if err != nil || string(got) != string(want) {
		t.Error("rules/index.json is out of date: run go generate ./rules")
	}
}
