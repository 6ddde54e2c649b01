package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	goldenpkg "github.com/nixsec/nixsec/internal/golden"
	"github.com/nixsec/nixsec/internal/testenv"
)

var update = flag.Bool("update", false, "rewrite examples/*/expected.txt")

// TestExamplesGolden checks every example flake (real nix) against its
// golden list examples/<name>/expected.txt: one line per finding, `RULE
// host file:line:col`, under --profile paranoid so that every profile's
// rules run; examples/stig also against expected-stig.txt under
// --framework stig, which alone runs the STIG's own rules. The hardened
// example must have none; the others together must trigger every rule.
func TestExamplesGolden(t *testing.T) {
	testenv.Slow(t)
	testenv.RequireNix(t)
	t.Parallel()
	ws := workspace(t)
	dirs, _ := filepath.Glob(filepath.Join(repoRoot(t), "examples", "*", "flake.nix"))
	if len(dirs) == 0 {
		t.Fatal("no example flakes")
	}
	fired := map[string]bool{}
	for _, flakeNix := range dirs {
		name := filepath.Base(filepath.Dir(flakeNix))
		runs := [][]string{{"expected.txt", "--profile", "paranoid"}}
		if name == "stig" {
			runs = append(runs, []string{"expected-stig.txt", "--framework", "stig"})
		}
		for _, run := range runs {
			t.Run(name+"/"+run[0], func(t *testing.T) { exampleGolden(t, ws, name, run[0], run[1:], fired) })
		}
	}
	// Every rule fires in some example, each with its file:line:col above.
	rules := nixsec(t, "rules", "--format", "json")
	var all []struct {
		ID string `json:"id"`
	}
	if err := jsonUnmarshal(rules.stdout, &all); err != nil {
		t.Fatal(err)
	}
	for _, r := range all {
		if !fired[r.ID] {
			t.Errorf("no example triggers %s", r.ID)
		}
	}
}

// exampleGolden checks one example's findings, under flags, against the
// golden list examples/<name>/<file>.
func exampleGolden(t *testing.T, ws, name, file string, flags []string, fired map[string]bool) {
	rep, r := checkJSON(t, append(flags, "--now", "2026-11-01", filepath.Join(ws, "examples", name))...)
	if len(rep.Errors) > 0 {
		t.Fatalf("evaluation errors: %+v", rep.Errors)
	}
	var lines []string
	for _, f := range rep.Findings {
		lines = append(lines, fmt.Sprintf("%s %s %s:%d:%d", f.Rule, f.Host, f.Location.File, f.Location.StartLine, f.Location.StartCol))
		fired[f.Rule] = fired[f.Rule] || name != "hardened"
	}
	sort.Strings(lines)
	got := strings.Join(lines, "\n")
	if got != "" {
		got += "\n"
	}
	golden := filepath.Join(repoRoot(t), "examples", name, file)
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (go test ./cmd/nixsec -run TestExamplesGolden -update writes it)", err)
	}
	if got != string(want) {
		t.Errorf("findings differ from %s (-update to accept; - golden, + got):\n%s", golden, goldenpkg.Diff(string(want), got))
	}
	if name == "hardened" && (len(rep.Findings) != 0 || r.code != 0) {
		t.Errorf("hardened: exit %d, %d findings", r.code, len(rep.Findings))
	}
	if name != "hardened" && r.code != 1 {
		t.Errorf("exit %d, want 1", r.code)
	}
}
