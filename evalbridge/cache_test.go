package evalbridge

import (
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
	"time"
)

func testFlake() *Flake {
	return &Flake{Ref: "/src/fleet", NarHash: "sha256-AAAA", Dir: "", Inputs: map[string]Input{"nixpkgs": {Type: "github", Rev: "abc"}}}
}

func TestCacheKeys(t *testing.T) {
	c := &Cache{Dir: t.TempDir(), Version: "1.0", NixVersion: "2.8.0"}
	f := testFlake()
	reqs := []Request{{Path: []string{"services", "openssh", "enable"}}}
	base := c.hostKey(f, "web", reqs, Options{})
	if base == "" || !strings.HasPrefix(base, "host-") {
		t.Fatalf("key %q", base)
	}
	if again := c.hostKey(testFlake(), "web", reqs, Options{Jobs: 7, BatchSize: 3}); again != base {
		t.Errorf("jobs and batch size changed the key")
	}
	variants := map[string]func() string{
		"narHash": func() string {
			g := testFlake()
			g.NarHash = "sha256-BBBB"
			return c.hostKey(g, "web", reqs, Options{})
		},
		"dir": func() string { g := testFlake(); g.Dir = "sub"; return c.hostKey(g, "web", reqs, Options{}) },
		"inputs": func() string {
			g := testFlake()
			g.Inputs = map[string]Input{"nixpkgs": {Type: "github", Rev: "def"}}
			return c.hostKey(g, "web", reqs, Options{})
		},
		"host":  func() string { return c.hostKey(f, "db", reqs, Options{}) },
		"paths": func() string { return c.hostKey(f, "web", append(reqs, Request{Path: []string{"x"}}), Options{}) },
		"alias": func() string {
			return c.hostKey(f, "web", []Request{{Path: reqs[0].Path, Aliases: [][]string{{"old"}}}}, Options{})
		},
		"depth":  func() string { return c.hostKey(f, "web", reqs, Options{MaxDepth: 3}) },
		"nixsec": func() string { d := *c; d.Version = "1.1"; return d.hostKey(f, "web", reqs, Options{}) },
		"nix":    func() string { d := *c; d.NixVersion = "2.18.1"; return d.hostKey(f, "web", reqs, Options{}) },
	}
	for name, k := range variants {
		if k() == base {
			t.Errorf("changing the %s kept the key", name)
		}
	}
	g := testFlake()
	g.NarHash = ""
	if c.hostKey(g, "web", reqs, Options{}) != "" || c.hostsKey(g) != "" {
		t.Errorf("a flake without narHash must not be cached")
	}
}

func TestCacheRoundTrip(t *testing.T) {
	c := &Cache{Dir: t.TempDir(), Version: "1.0", NixVersion: "2.8.0"}
	f := testFlake()
	key := c.hostKey(f, "web", nil, Options{})
	if _, ok := c.getHost(key, "web"); ok {
		t.Fatal("hit on an empty cache")
	}
	he := HostEval{Host: "web", Config: map[string]any{"a": map[string]any{"b": 1.0}}, Defined: map[string]bool{"a.b": true},
		Errors: map[string]string{}, Files: map[string][]string{"a.b": {"hosts/web.nix"}}}
	c.putHost(key, he)
	got, ok := c.getHost(key, "web")
	if !ok || got.Config["a"].(map[string]any)["b"] != 1.0 || !got.Defined["a.b"] || got.Files["a.b"][0] != "hosts/web.nix" {
		t.Fatalf("got %+v, %v", got, ok)
	}
	if _, ok := c.getHost(key, "db"); ok {
		t.Error("an entry answered for another host")
	}
	// No temporary file is left behind.
	entries, _ := os.ReadDir(c.entries())
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".tmp-") {
			t.Errorf("left %s", e.Name())
		}
	}
	// A corrupt entry is a miss, not an error.
	if err := os.WriteFile(filepath.Join(c.entries(), key+".json"), []byte("{trunc"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, ok := c.getHost(key, "web"); ok {
		t.Error("a corrupt entry was read")
	}
	hk := c.hostsKey(f)
	c.putHosts(hk, []string{"db", "web"})
	if hs, ok := c.getHosts(hk); !ok || len(hs) != 2 {
		t.Errorf("hosts %v %v", hs, ok)
	}
	n, _, err := c.Clean()
	if err != nil || n != 2 {
		t.Errorf("clean removed %d, %v", n, err)
	}
	if n, _, _ := c.Usage(); n != 0 {
		t.Errorf("%d entries after clean", n)
	}
}

func TestCacheEvictsOldest(t *testing.T) {
	c := &Cache{Dir: t.TempDir(), MaxBytes: 3500}
	f := testFlake()
	big := strings.Repeat("x", 900)
	var keys []string
	for i, h := range []string{"a", "b", "c", "d", "e"} {
		k := c.hostKey(f, h, nil, Options{})
		keys = append(keys, k)
		c.putHost(k, HostEval{Host: h, Config: map[string]any{"v": big}})
		old := time.Now().Add(time.Duration(i-10) * touchAfter)
		_ = os.Chtimes(filepath.Join(c.entries(), k+".json"), old, old)
	}
	// Reading "a" makes it recently used.
	if _, ok := c.getHost(keys[0], "a"); !ok {
		t.Fatal("miss")
	}
	c.evict()
	_, size, _ := c.Usage()
	if size > 3500 {
		t.Errorf("%d bytes after eviction, limit 3500", size)
	}
	for i, want := range []bool{true, false, false, true, true} {
		if _, ok := c.getHost(keys[i], string(rune('a'+i))); ok != want {
			t.Errorf("entry %c kept=%v, want %v", 'a'+i, ok, want)
		}
	}
}

func TestCacheable(t *testing.T) {
	if !cacheable(HostEval{Host: "a"}) {
		t.Error("a clean host is cacheable")
	}
	if cacheable(HostEval{Host: "a", Error: "boom"}) || cacheable(HostEval{Host: "a", Errors: map[string]string{"x": "y"}}) {
		t.Error("host errors must not be cached")
	}
}

func TestShard(t *testing.T) {
	hosts := []string{"a", "b", "c", "d", "e", "f", "g"}
	seen := map[string]int{}
	for i := 1; i <= 3; i++ {
		got, err := Shard{i, 3}.Select(hosts)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) < 2 || len(got) > 3 {
			t.Errorf("shard %d/3: %v", i, got)
		}
		for _, h := range got {
			seen[h]++
		}
	}
	for _, h := range hosts {
		if seen[h] != 1 {
			t.Errorf("%s in %d shards", h, seen[h])
		}
	}
	for _, bad := range []string{"0/3", "4/3", "1/0", "x", "1/2/3", "1/ 2"} {
		if _, err := ParseShard(bad); err == nil {
			t.Errorf("ParseShard(%q) accepted", bad)
		}
	}
	if s, err := ParseShard("2/4"); err != nil || s != (Shard{2, 4}) {
		t.Errorf("2/4: %v %v", s, err)
	}
}

func TestBatches(t *testing.T) {
	got := batches([]string{"a", "b", "c", "d", "e"}, 2)
	if len(got) != 3 || len(got[2]) != 1 {
		t.Errorf("%v", got)
	}
	f := &Flake{Ref: "/src"}
	// One host or many: the installable is nixosConfigurations, and host
	// names travel as JSON data in --apply, never in the fragment (which
	// nix percent-decodes).
	one := evalArgs(f, []string{"d%62"}, nil, Options{})
	if one[3] != "/src#nixosConfigurations" || !strings.Contains(one[5], `builtins.fromJSON "\"d%62\""`) {
		t.Errorf("%v", one)
	}
	many := evalArgs(f, []string{"web", "db"}, nil, Options{})
	if many[3] != "/src#nixosConfigurations" || !strings.Contains(many[5], `[\"web\",\"db\"]`) {
		t.Errorf("%v", many)
	}
}

// A read renews an entry's time only when it is older than touchAfter:
// a warm re-check does not write a thousand entries' times.
func TestCacheReadTouchesOnlyOldEntries(t *testing.T) {
	c := &Cache{Dir: t.TempDir()}
	c.Put("recent", []byte("r"))
	c.Put("old", []byte("o"))
	recent := time.Now().Add(-touchAfter / 2).Truncate(time.Second)
	old := time.Now().Add(-2 * touchAfter).Truncate(time.Second)
	_ = os.Chtimes(filepath.Join(c.entries(), "recent.bin"), recent, recent)
	_ = os.Chtimes(filepath.Join(c.entries(), "old.bin"), old, old)
	for _, k := range []string{"recent", "old"} {
		if _, ok := c.Get(k); !ok {
			t.Fatalf("%s: miss", k)
		}
	}
	fi, err := os.Stat(filepath.Join(c.entries(), "recent.bin"))
	if err != nil || !fi.ModTime().Equal(recent) {
		t.Errorf("recent entry's time changed: %v, %v", fi.ModTime(), err)
	}
	fi, err = os.Stat(filepath.Join(c.entries(), "old.bin"))
	if err != nil || time.Since(fi.ModTime()) > time.Minute {
		t.Errorf("old entry's time not renewed: %v, %v", fi.ModTime(), err)
	}
}

// Map gives an entry's bytes read-only, and they outlive the entry: a new
// Put under the key (a rename) and a removal leave them as they were.
func TestCacheMap(t *testing.T) {
	c := &Cache{Dir: t.TempDir()}
	key := Digest("findings", "host")
	c.Put(key, []byte("first entry"))
	b, ok := c.Map(key)
	if !ok || string(b) != "first entry" {
		t.Fatalf("Map: %q, %v", b, ok)
	}
	c.Put(key, []byte("second, longer entry"))
	if again, ok := c.Map(key); !ok || string(again) != "second, longer entry" {
		t.Errorf("Map after Put: %q, %v", again, ok)
	}
	if _, _, err := c.Clean(); err != nil {
		t.Fatal(err)
	}
	if string(b) != "first entry" {
		t.Errorf("the mapped bytes changed: %q", b)
	}
	if _, ok := c.Map(key); ok {
		t.Error("Map found a removed entry")
	}
	// A write faults (read-only), which a panic on fault makes visible.
	faulted := func() (faulted bool) {
		defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
		defer func() { faulted = recover() != nil }()
		b[0] = 'F'
		return false
	}()
	if !faulted || string(b) != "first entry" {
		t.Errorf("a write to the mapped bytes: faulted %v, bytes %q", faulted, b)
	}
	empty := Digest("findings", "empty")
	c.Put(empty, nil)
	if b, ok := c.Map(empty); !ok || len(b) != 0 {
		t.Errorf("an empty entry: %q, %v", b, ok)
	}
}
