// Command gendocs writes docs/rules/ from the rules' METADATA: one page per
// rule and an index. Run it with `go generate ./rules`; a test fails when
// the checked-in pages differ from what it would write.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/nixsec/nixsec/lint/format"
	"github.com/nixsec/nixsec/rego"
	"github.com/nixsec/nixsec/rules"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gendocs DIR")
		os.Exit(2)
	}
	if err := write(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "gendocs:", err)
		os.Exit(1)
	}
}

// pages renders "<ID>.md" for every built-in rule and "README.md".
func pages() (map[string]string, error) {
	b, err := rego.Load([]rego.Source{{Name: "builtin", FS: rules.FS, Builtin: true}})
	if err != nil {
		return nil, err
	}
	out := map[string]string{"README.md": format.RulesIndex(b.Rules())}
	for _, r := range b.Rules() {
		out[r.ID+".md"] = format.RuleMarkdown(r)
	}
	return out, nil
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
