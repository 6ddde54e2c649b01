// Package archtest holds the test of the package layout that
// docs/architecture.md describes: which package may depend on which.
package archtest

import (
	"os/exec"
	"strings"
	"testing"
)

const mod = "github.com/nixsec/nixsec/"

// deps are the module's packages pkg depends on, itself excluded.
func deps(t *testing.T, pkg string) []string {
	t.Helper()
	cmd := exec.Command("go", "list", "-deps", "./"+pkg)
	cmd.Dir = "../.." // the module's root
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -deps ./%s: %v", pkg, err)
	}
	var own []string
	for _, p := range strings.Fields(string(out)) {
		if rest, ok := strings.CutPrefix(p, mod); ok && rest != pkg {
			own = append(own, rest)
		}
	}
	return own
}

func TestLayers(t *testing.T) {
	for _, c := range []struct {
		pkg       string
		forbidden []string // package path prefixes
	}{
		// Writers print a report; they do not run rules or nix.
		{"format", []string{"lint", "engine", "evalbridge", "rules"}},
		// The shared vocabulary is leaves.
		{"rule", []string{"lint", "engine", "evalbridge", "format", "report", "rules"}},
		{"report", []string{"lint", "engine", "evalbridge", "format", "rules"}},
		// The engine knows Rego: no linter, no nix, no NixOS builtins.
		{"engine", []string{"lint", "evalbridge", "format", "report", "rules"}},
		{"evalbridge", []string{"lint", "engine", "format", "report", "rule", "rules"}},
		// The domain builtins do not need the engine.
		{"rules/builtins", []string{"lint", "engine", "evalbridge", "format"}},
	} {
		for _, d := range deps(t, c.pkg) {
			for _, f := range c.forbidden {
				if d == f || strings.HasPrefix(d, f+"/") {
					t.Errorf("%s depends on %s", c.pkg, d)
				}
			}
		}
	}
}
