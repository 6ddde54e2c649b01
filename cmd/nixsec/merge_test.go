package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nixsec/nixsec/internal/testenv"
)

// Shards 1/3, 2/3 and 3/3 merged are the unsharded run: the same JSON
// report, byte for byte, and the same exit code.
func TestShardsMergeToUnshardedRun(t *testing.T) {
	testenv.Slow(t)
	testenv.RequireNix(t)
	// Every run is --no-cache (merge runs no nix): the test needs no cache
	// of its own, and runs in parallel.
	t.Parallel()
	flake := smallFleet(t, 7)
	dir := t.TempDir()
	base := []string{"check", "--format", "json", "--now", "2026-01-01", "--no-cache"}
	full := nixsec(t, append(base, flake)...)
	if full.code != 1 {
		t.Fatalf("unsharded exit %d\n%s", full.code, full.stderr)
	}
	var files []string
	hosts := 0
	for i := 1; i <= 3; i++ {
		r := nixsec(t, append(base, "--shard", []string{"1/3", "2/3", "3/3"}[i-1], flake)...)
		if r.code == 2 {
			t.Fatalf("shard %d: exit 2\n%s", i, r.stderr)
		}
		var part jsonReport
		var hs struct{ Hosts []string }
		if err := json.Unmarshal([]byte(r.stdout), &part); err != nil {
			t.Fatal(err)
		}
		_ = json.Unmarshal([]byte(r.stdout), &hs)
		if len(hs.Hosts) < 2 || len(hs.Hosts) > 3 {
			t.Errorf("shard %d/3 has hosts %v", i, hs.Hosts)
		}
		hosts += len(hs.Hosts)
		f := filepath.Join(dir, []string{"a.json", "b.json", "c.json"}[i-1])
		if err := os.WriteFile(f, []byte(r.stdout), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	if hosts != 7 {
		t.Errorf("the shards hold %d hosts, want 7", hosts)
	}
	// Order of the arguments does not matter.
	merged := nixsec(t, "merge", "--format", "json", files[2], files[0], files[1])
	if merged.code != full.code {
		t.Errorf("merged exit %d, unsharded %d\n%s", merged.code, full.code, merged.stderr)
	}
	validateReport(t, []byte(merged.stdout))
	if merged.stdout != full.stdout {
		t.Errorf("merged report differs from the unsharded one\n--- merged\n%.3000s\n--- unsharded\n%.3000s", merged.stdout, full.stdout)
	}

	text := nixsec(t, "merge", files[0], files[1], files[2])
	fullText := nixsec(t, "check", "--now", "2026-01-01", "--no-cache", flake)
	// The text report places snippets from the checkout; merge has only
	// the JSON reports, so compare the finding lines and the summary.
	heads := func(s string) []string {
		var out []string
		for _, l := range strings.Split(s, "\n") {
			if strings.Contains(l, ".nix:") && strings.Contains(l, " host0") {
				out = append(out, l)
			}
		}
		return out
	}
	if a, b := heads(text.stdout), heads(fullText.stdout); strings.Join(a, "\n") != strings.Join(b, "\n") || len(a) == 0 {
		t.Errorf("text findings differ: %d merged vs %d unsharded lines", len(a), len(b))
	}
	if text.code != full.code {
		t.Errorf("text merge exit %d", text.code)
	}
	if r := nixsec(t, "merge", "--format", "sarif", files[0], files[1], files[2]); r.code != full.code || !strings.Contains(r.stdout, `"version": "2.1.0"`) {
		t.Errorf("sarif merge: exit %d\n%.500s\n%s", r.code, r.stdout, r.stderr)
	}

	// Overlapping shards are refused.
	if r := nixsec(t, "merge", files[0], files[0]); r.code != 2 || !strings.Contains(r.stderr, "overlap") {
		t.Errorf("overlap: exit %d %s", r.code, r.stderr)
	}
}

func TestShardFlag(t *testing.T) {
	for _, bad := range []string{"0/2", "3/2", "a"} {
		if r := nixsec(t, "check", "--shard", bad, "--from-json", "x.json"); r.code != 2 || !strings.Contains(r.stderr, "--shard") {
			t.Errorf("--shard %s: exit %d %s", bad, r.code, r.stderr)
		}
	}
	if r := nixsec(t, "merge"); r.code != 2 {
		t.Errorf("merge without reports: exit %d", r.code)
	}
}
