package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/nixsec/nixsec/lint"
	"github.com/nixsec/nixsec/rule"
)

// nixsec init writes a config that loads, whose commented examples load
// too once uncommented; the hook and the workflow name what exists; it
// never overwrites without --force and needs a flake.
func TestInit(t *testing.T) {
	dir := t.TempDir()
	if r := nixsec(t, "init", dir); r.code != 2 || !strings.Contains(r.stderr, "no flake.nix") {
		t.Fatalf("without a flake: exit %d %s", r.code, r.stderr)
	}
	if err := os.WriteFile(filepath.Join(dir, "flake.nix"), []byte("{ outputs = _: { }; }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := nixsec(t, "init", dir, "--pre-commit", "--github"); r.code != 0 || strings.Count(r.stdout, "wrote ") != 3 {
		t.Fatalf("init: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	bundle, _, err := lint.LoadRules(lint.Config{})
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]*rule.Meta{}
	for _, m := range bundle.Rules() {
		known[m.ID] = m
	}
	cfgPath := filepath.Join(dir, ".nixsec.toml")
	for _, uncomment := range []bool{false, true} {
		text := readFile(t, cfgPath)
		if uncomment {
			var lines []string
			for _, l := range strings.Split(text, "\n") {
				if rest, ok := strings.CutPrefix(l, "# "); ok && (strings.Contains(rest, " = ") || strings.HasPrefix(rest, "[")) {
					l = rest
				}
				lines = append(lines, l)
			}
			text = strings.Join(lines, "\n")
		}
		p := filepath.Join(t.TempDir(), ".nixsec.toml")
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		c, err := lint.ReadConfig(p)
		if err == nil {
			err = c.Check(known)
		}
		if err != nil {
			t.Errorf("uncommented %v: %v\n%s", uncomment, err, text)
		}
	}
	var hooks struct {
		Repos []struct {
			Repo  string
			Hooks []struct{ ID string }
		}
	}
	if err := yaml.Unmarshal([]byte(readFile(t, filepath.Join(dir, ".pre-commit-config.yaml"))), &hooks); err != nil ||
		len(hooks.Repos) != 1 || hooks.Repos[0].Hooks[0].ID != "nixsec" {
		t.Errorf("pre-commit config: %v %+v", err, hooks)
	}
	var wf struct {
		Jobs map[string]struct {
			Steps []struct {
				Uses string
				With map[string]string
			}
		}
	}
	if err := yaml.Unmarshal([]byte(readFile(t, filepath.Join(dir, ".github/workflows/nixsec.yml"))), &wf); err != nil {
		t.Fatal(err)
	}
	var action struct {
		Inputs map[string]any
	}
	if b, err := os.ReadFile(filepath.Join(repoRoot(t), "action.yml")); err == nil {
		if err := yaml.Unmarshal(b, &action); err != nil {
			t.Fatal(err)
		}
	}
	uses := false
	for _, s := range wf.Jobs["nixsec"].Steps {
		if strings.HasPrefix(s.Uses, "nixsec/nixsec@") {
			uses = true
			for k := range s.With {
				if _, ok := action.Inputs[k]; !ok {
					t.Errorf("the workflow passes %q, which action.yml does not declare", k)
				}
			}
		}
	}
	if !uses {
		t.Errorf("the workflow does not use the action: %+v", wf)
	}
	// Never overwritten without --force.
	if err := os.WriteFile(cfgPath, []byte("profile = \"paranoid\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := nixsec(t, "init", dir); r.code != 2 || !strings.Contains(r.stderr, "--force") || readFile(t, cfgPath) != "profile = \"paranoid\"\n" {
		t.Errorf("overwrote without --force: exit %d %s", r.code, r.stderr)
	}
	if r := nixsec(t, "init", dir, "--force"); r.code != 0 || readFile(t, cfgPath) != initConfig {
		t.Errorf("--force: exit %d %s", r.code, r.stderr)
	}
	// A symlinked .github does not lead the workflow out of the directory.
	other, outside := t.TempDir(), t.TempDir()
	if err := os.WriteFile(filepath.Join(other, "flake.nix"), []byte("{ outputs = _: { }; }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(other, ".github")); err != nil {
		t.Fatal(err)
	}
	if r := nixsec(t, "init", other, "--github", "--force"); r.code != 2 {
		t.Errorf("wrote through a symlinked .github: exit %d %s", r.code, r.stdout)
	}
	if entries, _ := os.ReadDir(outside); len(entries) != 0 {
		t.Errorf("files written outside the directory: %v", entries)
	}
	if _, err := os.Lstat(filepath.Join(other, ".nixsec.toml")); err == nil {
		t.Error("init wrote part of its files before refusing")
	}
}
