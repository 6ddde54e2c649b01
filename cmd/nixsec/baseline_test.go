package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nixsec/nixsec/internal/testenv"
)

// Fingerprints survive edits that do not change a finding (lines added
// above it, a host file renamed), so a baseline keeps hiding them; a new
// finding still fails the run.
func TestBaselineSurvivesEdits(t *testing.T) {
	testenv.Slow(t)
	testenv.RequireNix(t)
	t.Parallel()
	ws := workspace(t)
	flake := filepath.Join(ws, "examples/insecure")
	base := filepath.Join(t.TempDir(), "baseline.json")
	if r := nixsec(t, "baseline", "--output", base, flake); r.code != 0 {
		t.Fatalf("baseline: exit %d\n%s", r.code, r.stderr)
	}
	before, _ := checkJSON(t, flake)

	legacy := filepath.Join(flake, "hosts/legacy.nix")
	b, _ := os.ReadFile(legacy)
	if err := os.WriteFile(legacy, []byte("# Three new lines\n# above every finding\n# of this file.\n"+string(b)), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(flake, "hosts/resolver.nix"), filepath.Join(flake, "hosts/dns-resolver.nix")); err != nil {
		t.Fatal(err)
	}
	edit(t, filepath.Join(flake, "flake.nix"), "./hosts/resolver.nix", "./hosts/dns-resolver.nix")
	gitAddCommit(t, ws)

	after, _ := checkJSON(t, flake)
	if len(after.Findings) != len(before.Findings) {
		t.Fatalf("%d findings before the edit, %d after", len(before.Findings), len(after.Findings))
	}
	fps := map[string]bool{}
	for _, f := range before.Findings {
		fps[f.Fingerprint] = true
	}
	for _, f := range after.Findings {
		if !fps[f.Fingerprint] {
			t.Errorf("fingerprint of %s %s %s changed with an unrelated edit", f.Rule, f.Host, f.Option)
		}
	}
	rep, r := checkJSON(t, "--baseline", base, flake)
	if r.code != 0 || rep.Summary.Baselined != len(after.Findings) {
		t.Fatalf("with the baseline: exit %d, %d baselined of %d\n%s", r.code, rep.Summary.Baselined, len(after.Findings), r.stderr)
	}
	// A new finding is not in the baseline.
	edit(t, filepath.Join(flake, "hosts/dns-resolver.nix"), "networking.firewall.enable = true;", "networking.firewall.enable = true;\n  networking.firewall.checkReversePath = false;")
	gitAddCommit(t, ws)
	rep, r = checkJSON(t, "--baseline", base, flake)
	var fresh []string
	for _, f := range rep.Findings {
		if !f.Baselined {
			fresh = append(fresh, f.Rule)
		}
	}
	if r.code != 1 || strings.Join(fresh, ",") != "FW005" {
		t.Fatalf("new finding: exit %d, not baselined: %v", r.code, fresh)
	}
}

func gitAddCommit(t *testing.T, ws string) {
	t.Helper()
	for _, args := range [][]string{{"add", "-A"}, {"commit", "-qm", "edit"}} {
		cmd := gitCmd(ws, args...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
}
