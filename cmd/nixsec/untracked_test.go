package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nixsec/nixsec/internal/testenv"
)

// A module may name any file with `_file`: here a git-ignored secret.nix
// beside the flake, once through the flake's store path and once through
// the checkout's absolute path. nix never evaluated that file (it is not
// in the store copy of the source), so nixsec neither quotes it nor obeys
// the suppression in it; findings still name it relative to the flake.
// The tracked host.nix is placed, quoted and suppressed as usual.
func TestUntrackedFileNeverQuoted(t *testing.T) {
	testenv.Slow(t)
	testenv.RequireNix(t)
	t.Parallel()
	ws := workspace(t)
	dir := filepath.Join(ws, "testdata/flakes/untracked")
	files := map[string]string{
		".gitignore": "secret.nix\n",
		"flake.nix": `{
  outputs = { self }:
    let nixos = import ../../../examples/lib/nixos-system.nix; in
    {
      nixosConfigurations.store = nixos.nixosSystem { modules = [ ./host.nix
        { _file = "${toString ./.}/secret.nix"; networking.firewall.enable = false; } ]; };
      nixosConfigurations.checkout = nixos.nixosSystem { modules = [ ./host.nix
        { _file = "` + dir + `/secret.nix"; networking.firewall.enable = false; } ]; };
    };
}
`,
		"host.nix": `{ ... }:
{
  # nixsec:ignore SSH001 -- keys only, set by the bastion
  services.openssh.enable = true;
}
`,
		"secret.nix": `{
  # nixsec:ignore FW001 -- TOPSECRET-reason
  networking.firewall.enable = false; # TOPSECRET-1234
}
`,
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	gitAddCommit(t, ws)
	if out, err := gitCmd(ws, "ls-files", "testdata/flakes/untracked").Output(); err != nil || strings.Contains(string(out), "secret.nix") {
		t.Fatalf("secret.nix is tracked (%v): %s", err, out)
	}
	r := nixsec(t, "check", "--format", "json", dir)
	if strings.Contains(r.stdout+r.stderr, "TOPSECRET") {
		t.Errorf("the untracked file is quoted:\n%s%s", r.stdout, r.stderr)
	}
	var rep struct {
		Findings []struct {
			Rule       string          `json:"rule"`
			Host       string          `json:"host"`
			Location   json.RawMessage `json:"location"`
			Suppressed *struct {
				Reason string `json:"reason"`
			} `json:"suppressed"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("%v\n%s%s", err, r.stdout, r.stderr)
	}
	fw := map[string]bool{}
	for _, f := range rep.Findings {
		var loc struct {
			File      string `json:"file"`
			StartLine int    `json:"startLine"`
			Snippet   string `json:"snippet"`
		}
		_ = json.Unmarshal(f.Location, &loc)
		switch f.Rule {
		case "FW001":
			fw[f.Host] = true
			if loc.File != "secret.nix" || f.Suppressed != nil {
				t.Errorf("FW001 on %s at %+v, suppressed %+v: want secret.nix, not suppressed", f.Host, loc, f.Suppressed)
			}
		case "SSH001":
			if loc.File != "host.nix" || loc.StartLine != 4 || loc.Snippet != "  services.openssh.enable = true;" ||
				f.Suppressed == nil || f.Suppressed.Reason != "keys only, set by the bastion" {
				t.Errorf("SSH001 on %s at %+v, suppressed %+v", f.Host, loc, f.Suppressed)
			}
		}
	}
	if !fw["store"] || !fw["checkout"] || r.code != 1 {
		t.Errorf("exit %d, FW001 on %v\n%s", r.code, fw, r.stderr)
	}
}
