package evalbridge

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"testing"

	"github.com/nixsec/nixsec/internal/testenv"
)

// copyDir copies the regular files of src into dst.
func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Join(dst, filepath.Dir(rel)), 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// With OnHost, every host reaches the caller once, whole, and Evaluate
// keeps only names and errors: lint holds a fleet's documents one batch
// at a time.
func TestOnHostTakesTheResults(t *testing.T) {
	testenv.Slow(t)
	testenv.RequireNix(t)
	dir := t.TempDir()
	copyDir(t, "../examples/multi-host", filepath.Join(dir, "multi-host"))
	copyDir(t, "../examples/lib", filepath.Join(dir, "lib"))
	ctx := context.Background()
	r := &Runner{Nix: "nix"}
	f, err := r.Resolve(ctx, filepath.Join(dir, "multi-host"))
	if err != nil {
		t.Fatal(err)
	}
	reqs := []Request{{Path: []string{"services", "openssh", "enable"}}}
	full, err := r.Evaluate(ctx, f, reqs, Options{Jobs: 2, BatchSize: 2})
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	got := map[string]HostEval{}
	kept, err := r.Evaluate(ctx, f, reqs, Options{Jobs: 2, BatchSize: 2, OnHost: func(h HostEval) {
		mu.Lock()
		defer mu.Unlock()
		if _, dup := got[h.Host]; dup {
			t.Errorf("host %s delivered twice", h.Host)
		}
		got[h.Host] = h
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(full) < 2 || len(got) != len(full) || len(kept) != len(full) {
		t.Fatalf("%d hosts evaluated, %d delivered, %d kept", len(full), len(got), len(kept))
	}
	for i, h := range full {
		d := got[h.Host]
		if d.Config == nil || len(d.Config) != len(h.Config) {
			t.Errorf("%s delivered without its config: %v", h.Host, d.Config)
		}
		if kept[i].Host != h.Host || kept[i].Config != nil || kept[i].Files != nil || kept[i].Defined != nil {
			t.Errorf("Evaluate kept more than the name of %s: %+v", h.Host, kept[i])
		}
	}
	names := make([]string, 0, len(kept))
	for _, h := range kept {
		names = append(names, h.Host)
	}
	if !sort.StringsAreSorted(names) {
		t.Errorf("hosts not sorted: %v", names)
	}
}
