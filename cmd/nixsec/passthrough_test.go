package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nixsec/nixsec/internal/testenv"
)

// --override-input reaches nix (a CI can test a flake against another
// input), and --nix-option passes only settings that cannot weaken the
// evaluation's safety.
func TestNixPassThrough(t *testing.T) {
	testenv.Slow(t)
	testenv.RequireNix(t)
	t.Parallel()
	ws := workspace(t)
	dir := filepath.Join(ws, "ovr")
	for name, fw := range map[string]bool{"open": false, "closed": true} {
		_ = os.MkdirAll(filepath.Join(dir, name), 0o755)
		body := fmt.Sprintf("{ outputs = { self }: { firewall = %t; }; }\n", fw)
		if err := os.WriteFile(filepath.Join(dir, name, "flake.nix"), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_ = os.MkdirAll(filepath.Join(dir, "main"), 0o755)
	mainFlake := `{
  inputs.site.url = "path:` + filepath.Join(dir, "open") + `";
  outputs = { self, site }:
    let nixos = import ../../examples/lib/nixos-system.nix; in {
      nixosConfigurations.h = nixos.nixosSystem { modules = [ ./host.nix { networking.firewall.enable = site.firewall; } ]; };
    };
}
`
	_ = os.WriteFile(filepath.Join(dir, "main", "flake.nix"), []byte(mainFlake), 0o644)
	_ = os.WriteFile(filepath.Join(dir, "main", "host.nix"), []byte("{ ... }: { }\n"), 0o644)
	gitAddCommit(t, ws)
	flake := filepath.Join(dir, "main")

	rules := func(args ...string) ([]string, result) {
		rep, r := checkJSON(t, append(append([]string{"--rule", "FW001", "--no-cache"}, args...), flake)...)
		return ruleSet(rep.Findings), r
	}
	if got, r := rules(); !contains(got, "FW001") {
		t.Fatalf("without override: %v, exit %d\n%s", got, r.code, r.stderr)
	}
	if got, r := rules("--override-input", "site", "path:"+filepath.Join(dir, "closed"), "--nix-option", "max-jobs", "1"); contains(got, "FW001") || r.code != 0 {
		t.Fatalf("with the override: %v, exit %d\n%s", got, r.code, r.stderr)
	}
	for _, bad := range [][]string{
		{"--nix-option", "allow-import-from-derivation", "true"},
		{"--nix-option", "sandbox", "false"},
		{"--nix-option", "extra-substituters", "https://evil.example"},
		{"--override-input", "site"},
	} {
		r := nixsec(t, append([]string{"check", flake}, bad...)...)
		refused := strings.Contains(r.stderr, "not allowed") || strings.Contains(r.stderr, "two values")
		if r.code != 2 || !refused {
			t.Errorf("%v: exit %d, %s", bad, r.code, r.stderr)
		}
	}
}
