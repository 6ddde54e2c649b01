package lint

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"github.com/nixsec/nixsec/evalbridge"
	"github.com/nixsec/nixsec/report"
)

// The comments in the files findings point to are listed in the gate,
// used or not, in file and line order, with the hosts they silenced.
func TestSuppressionsInGate(t *testing.T) {
	root := fstest.MapFS{"flake.nix": {Data: []byte(flakeNix)}, "web.nix": {Data: []byte(webNix)},
		"unused.nix": {Data: []byte("{\n  # nixsec:ignore FW001 -- in a file no finding points to\n}\n")}}
	config := map[string]any{"networking": map[string]any{"firewall": map[string]any{"enable": false}}}
	files := map[string][]string{"networking.firewall.enable": {"web.nix"}}
	d := &evalbridge.Document{Format: 1, Hosts: []evalbridge.HostEval{
		{Host: "web", Config: config, Files: files}, {Host: "web2", Config: config, Files: files}}}
	rep := lintFS(t, d, root)
	if rep.Gate == nil {
		t.Fatal("no gate")
	}
	want := []report.SuppressionEntry{
		{Rules: []string{"FW001"}, File: "web.nix", Line: 3, Reason: "lab network behind a hardware firewall", Hosts: []string{"web", "web2"}},
		{Rules: []string{"SSH001"}, File: "web.nix", Line: 7},
		{Rules: []string{"SSH003"}, File: "web.nix", Line: 9, Reason: "nothing to silence here"},
		{Rules: []string{"NOPE999"}, File: "web.nix", Line: 11, Reason: "not a rule"},
	}
	if !reflect.DeepEqual(rep.Gate.Suppressions, want) {
		t.Errorf("gate suppressions:\n got %+v\nwant %+v", rep.Gate.Suppressions, want)
	}
	// A file no finding points to is not read at all.
	for _, f := range rep.Findings {
		if f.Location.File == "unused.nix" {
			t.Errorf("unused.nix was read: %+v", f)
		}
	}
}

// A --from-json document with root "/" (or any root) makes nixsec read only
// the files it lists, plus flake.nix and flake.lock: no walk, so an
// unreadable directory or a fifo in the root neither hangs nor fails the
// run, and an unlisted file with a suppression is never read.
func TestFromJSONReadsOnlyListedFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("flake.nix", flakeNix)
	write("web.nix", webNix)
	write("unlisted.nix", "# nixsec:ignore FW001 -- not listed\n{ networking.firewall.enable = false; }\n")
	write("locked/x.nix", "{ }\n")
	if err := os.Chmod(filepath.Join(dir, "locked"), 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Chmod(filepath.Join(dir, "locked"), 0o755) })
	for _, fifo := range []string{"fifo.nix", "listed-fifo.nix"} {
		if err := syscall.Mkfifo(filepath.Join(dir, fifo), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	config := map[string]any{"networking": map[string]any{"firewall": map[string]any{"enable": false}},
		"services": map[string]any{"openssh": map[string]any{"enable": true}}}
	for _, root := range []string{dir, "/"} {
		files := map[string][]string{"networking.firewall.enable": {"unlisted.nix"}, "services.openssh.enable": {"listed-fifo.nix"}}
		if root == dir {
			files["networking.firewall.enable"] = []string{"web.nix"}
		}
		d := &evalbridge.Document{Format: 1, Root: root, Hosts: []evalbridge.HostEval{{Host: "web", Config: config, Files: files}}}
		fsys := sourceFS(d)
		if fsys == nil {
			t.Fatalf("root %s: no sources", root)
		}
		done := make(chan *report.Report, 1)
		go func() { done <- lintFSAny(t, d, fsys) }()
		var rep *report.Report
		select {
		case rep = <-done:
		case <-time.After(30 * time.Second):
			t.Fatalf("root %s: linting hangs (a walk, or a fifo opened)", root)
		}
		for _, f := range rep.Findings {
			if f.RuleID == "FW001" && root == dir && (f.Location.StartLine != 4 || f.Suppressed == nil) {
				t.Errorf("FW001 in the listed web.nix: %+v", f)
			}
			if f.RuleID == "FW001" && root == "/" && f.Suppressed != nil {
				t.Errorf("root /: FW001 suppressed by %+v", f.Suppressed)
			}
			if strings.Contains(f.Location.Snippet, "not listed") {
				t.Errorf("an unlisted file was quoted: %+v", f)
			}
		}
		// What the readers may open: listed files, flake.nix, flake.lock.
		for name, ok := range map[string]bool{"web.nix": root == dir, "flake.nix": root == dir, "unlisted.nix": false,
			"fifo.nix": false, "listed-fifo.nix": false, "locked/x.nix": false, "etc/passwd": false} {
			f, err := fsys.Open(name)
			if err == nil {
				_ = f.Close()
			}
			if (err == nil) != ok {
				t.Errorf("root %s: open %s: %v", root, name, err)
			}
		}
	}
}

// After an evaluation, files are read from nix's copy of the source, not
// the checkout: a file only in the checkout (untracked) is never quoted,
// and its suppressions do not apply; paths stay relative to the flake.
func TestSourceIsTheStoreCopy(t *testing.T) {
	store, checkout := t.TempDir(), t.TempDir()
	for _, dir := range []string{store, checkout} {
		if err := os.WriteFile(filepath.Join(dir, "flake.nix"), []byte(flakeNix), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	secret := "{\n  # nixsec:ignore FW001 -- sneaky\n  networking.firewall.enable = false; # TOPSECRET\n}\n"
	if err := os.WriteFile(filepath.Join(checkout, "secret.nix"), []byte(secret), 0o644); err != nil {
		t.Fatal(err)
	}
	config := map[string]any{"networking": map[string]any{"firewall": map[string]any{"enable": false}}}
	d := &evalbridge.Document{Format: 1, Root: checkout, Source: store,
		Hosts: []evalbridge.HostEval{{Host: "web", Config: config, Files: map[string][]string{"networking.firewall.enable": {"secret.nix"}}}}}
	rep := lintFSAny(t, d, sourceFS(d))
	var seen bool
	for _, f := range rep.Findings {
		if strings.Contains(f.Location.Snippet, "TOPSECRET") {
			t.Errorf("the untracked file was quoted: %+v", f.Location)
		}
		if f.RuleID == "FW001" {
			seen = true
			if f.Location.File != "secret.nix" || f.Suppressed != nil {
				t.Errorf("FW001: %+v suppressed %+v", f.Location, f.Suppressed)
			}
		}
	}
	if !seen {
		t.Error("no FW001")
	}
	if rep.Gate != nil && len(rep.Gate.Suppressions) > 0 {
		t.Errorf("suppressions of the untracked file listed: %+v", rep.Gate.Suppressions)
	}
}

// countingFS counts the files opened.
type countingFS struct {
	fstest.MapFS
	mu     sync.Mutex
	opened map[string]int
}

func (c *countingFS) Open(name string) (fs.File, error) {
	c.mu.Lock()
	c.opened[name]++
	c.mu.Unlock()
	return c.MapFS.Open(name)
}

func (c *countingFS) ReadFile(name string) ([]byte, error) {
	c.mu.Lock()
	c.opened[name]++
	c.mu.Unlock()
	return c.MapFS.ReadFile(name)
}

// A store path's files without nixsec:ignore are read once: later runs
// take that from the cache and read only the files with a marker, and
// find the same suppressions. Only a store path is remembered.
func TestSuppressionMarkersCached(t *testing.T) {
	cache := &evalbridge.Cache{Dir: t.TempDir()}
	const source = "/nix/store/00000000000000000000000000000000-source"
	files := fstest.MapFS{
		"plain.nix":  {Data: []byte("{ networking.firewall.enable = false; }\n")},
		"marked.nix": {Data: []byte("{\n  # nixsec:ignore FW001 -- a lab host\n  networking.firewall.enable = false;\n}\n")},
	}
	findings := []report.Finding{
		{RuleID: "FW001", Host: "a", Location: report.Location{File: "plain.nix", StartLine: 1}},
		{RuleID: "FW001", Host: "b", Location: report.Location{File: "marked.nix", StartLine: 3}},
	}
	run := func() (map[string][]*suppression, map[string]int) {
		t.Helper()
		fsys := &countingFS{MapFS: files, opened: map[string]int{}}
		s := newSources(fsys)
		s.markers = newMarkers(cache, source)
		return s.suppressionsOf(findings), fsys.opened
	}
	first, opened := run()
	if opened["plain.nix"] == 0 || opened["marked.nix"] == 0 {
		t.Fatalf("the first run read %v", opened)
	}
	entry := func() os.FileInfo {
		t.Helper()
		fi, err := os.Stat(filepath.Join(cache.Dir, "eval", evalbridge.Digest("markers", "1", source)+".bin"))
		if err != nil {
			t.Fatal(err)
		}
		return fi
	}
	written := entry()
	second, opened := run()
	if opened["plain.nix"] != 0 || opened["marked.nix"] == 0 {
		t.Errorf("the second run read %v, want marked.nix alone", opened)
	}
	if !os.SameFile(written, entry()) {
		t.Error("the second run, which learnt nothing, wrote the entry again")
	}
	if len(first["marked.nix"]) != 1 || len(second["marked.nix"]) != 1 || len(second["plain.nix"]) != 0 ||
		second["marked.nix"][0].reason != "a lab host" {
		t.Errorf("suppressions: first %v, second %v", first, second)
	}
	for _, dir := range []string{"/home/u/flake", "/nix/storefoo/x", ""} {
		if newMarkers(cache, dir) != nil {
			t.Errorf("%q is remembered, not being a store path", dir)
		}
	}
	if newMarkers(nil, source) != nil {
		t.Error("markers without a cache")
	}
}
