package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/nixsec/nixsec/internal/testenv"
)

var vendorHashRE = regexp.MustCompile(`(?m)^\s*vendorHash = "(sha256-[A-Za-z0-9+/=]+)";`)

// checkVendorHash compares flake.nix's vendorHash with the hash of the
// vendor directory.
func checkVendorHash(flakeNix, got string) error {
	m := vendorHashRE.FindAllStringSubmatch(flakeNix, -1)
	if len(m) != 1 {
		return fmt.Errorf("flake.nix has %d vendorHash lines, want one", len(m))
	}
	if m[0][1] != got {
		return fmt.Errorf("flake.nix's vendorHash is %s, but go mod vendor's output hashes to %s: update it", m[0][1], got)
	}
	return nil
}

// The root flake.nix parses, and its vendorHash is what buildGoModule
// computes for this module: the NAR hash (nix hash path) of what
// `go mod vendor` writes, in a copy of the repository's files.
func TestFlakeVendorHash(t *testing.T) {
	testenv.Slow(t)
	nix := testenv.RequireNix(t)
	t.Parallel()
	root := repoRoot(t)
	if out, err := exec.Command("nix-instantiate", "--parse", filepath.Join(root, "flake.nix")).CombinedOutput(); err != nil {
		t.Fatalf("flake.nix does not parse: %v\n%s", err, out)
	}
	// The files git would put in the flake's source (tracked, and new
	// ones not ignored).
	ls, err := gitCmd(root, "ls-files", "-z", "--cached", "--others", "--exclude-standard").Output()
	if err != nil {
		t.Fatal(err)
	}
	dst := t.TempDir()
	for _, f := range strings.Split(strings.TrimRight(string(ls), "\x00"), "\x00") {
		b, err := os.ReadFile(filepath.Join(root, f))
		if os.IsNotExist(err) {
			continue // deleted, not yet committed
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dst, f)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	vendor := exec.CommandContext(ctx, "go", "mod", "vendor")
	vendor.Dir = dst
	vendor.Env = append(os.Environ(), "GOTOOLCHAIN=local", "GOFLAGS=")
	if out, err := vendor.CombinedOutput(); err != nil {
		t.Fatalf("go mod vendor: %v\n%s", err, out)
	}
	out, err := exec.CommandContext(ctx, nix, "--extra-experimental-features", "nix-command", "hash", "path", "--sri", filepath.Join(dst, "vendor")).Output()
	if err != nil {
		t.Fatal(err)
	}
	got := strings.TrimSpace(string(out))
	flakeNix := readFile(t, filepath.Join(root, "flake.nix"))
	if err := checkVendorHash(flakeNix, got); err != nil {
		t.Fatal(err)
	}
	// A test of the test: a stale hash fails.
	stale := strings.Replace(flakeNix, got, "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", 1)
	if err := checkVendorHash(stale, got); err == nil {
		t.Error("a stale vendorHash passed")
	}
}
