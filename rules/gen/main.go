// Command gen writes what is derived from the rule bundle: docs/rules/
// (one page per rule and an index, from the METADATA),
// rules/capabilities.json (the builtins nixsec allows, for `opa check
// --capabilities`), docs/compliance/ and rules/index.json (the rules'
// METADATA and modules, which a run reads instead of parsing the bundle). Run it with `go generate ./rules`; a test fails when
// the checked-in files differ from what it would write.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/nixsec/nixsec/compliance"
	"github.com/nixsec/nixsec/engine"
	"github.com/nixsec/nixsec/format"
	"github.com/nixsec/nixsec/rules"
	"github.com/nixsec/nixsec/rules/builtins"
)

func main() {
	if len(os.Args) != 5 {
		fmt.Fprintln(os.Stderr, "usage: gen DOCDIR CAPABILITIES.json COMPLIANCEDIR INDEX.json")
		os.Exit(2)
	}
	err := write(os.Args[1])
	if err == nil {
		err = writeCoverage(os.Args[3])
	}
	if err == nil {
		var idx []byte
		if idx, err = index(); err == nil {
			err = os.WriteFile(os.Args[4], idx, 0o644)
		}
	}
	if err == nil {
		var caps []byte
		if caps, err = capabilities(); err == nil {
			err = os.WriteFile(os.Args[2], caps, 0o644)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// index renders rules/index.json: the built-in rules' METADATA and the
// package of each module, read by engine.Load as a run would, with the
// hash of the files they were read from (rules.Index).
func index() ([]byte, error) {
	b, err := engine.Load([]engine.Source{{Name: "builtin", FS: rules.FS, Builtin: true}})
	if err != nil {
		return nil, err
	}
	idx := rules.IndexData{Hash: rules.Hash(), Rules: b.Rules()}
	for i, id := range b.FileRules() {
		idx.Modules = append(idx.Modules, rules.IndexModule{File: b.Files()[i], Rule: id})
	}
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetIndent("", "  ")
	if err := enc.Encode(idx); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// capabilities renders the capabilities nixsec compiles with (OPA's
// allowed builtins and rules/builtins) as OPA's capabilities JSON.
func capabilities() ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(engine.Capabilities(builtins.All)); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// pages renders "<ID>.md" for every built-in rule and "README.md".
func pages() (map[string]string, error) {
	b, err := engine.Load([]engine.Source{{Name: "builtin", FS: rules.FS, Builtin: true}})
	if err != nil {
		return nil, err
	}
	out := map[string]string{"README.md": format.RulesIndex(b.Rules())}
	for _, r := range b.Rules() {
		out[r.ID+".md"] = format.RuleMarkdown(r)
	}
	return out, nil
}

// coverage renders "<framework>.md" for every compliance framework.
func coverage() (map[string]string, error) {
	b, err := engine.Load([]engine.Source{{Name: "builtin", FS: rules.FS, Builtin: true}})
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, name := range compliance.Names() {
		f, err := compliance.Get(name)
		if err != nil {
			return nil, err
		}
		out[name+".md"] = format.FrameworkCoverage(f, b.Rules())
	}
	return out, nil
}

func writeCoverage(dir string) error {
	cs, err := coverage()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for name, body := range cs {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			return err
		}
	}
	return nil
}

func write(dir string) error {
	ps, err := pages()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	old, _ := filepath.Glob(filepath.Join(dir, "*.md"))
	for _, f := range old {
		if _, keep := ps[filepath.Base(f)]; !keep {
			if err := os.Remove(f); err != nil {
				return err
			}
		}
	}
	for name, body := range ps {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			return err
		}
	}
	return nil
}
