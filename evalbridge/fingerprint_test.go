package evalbridge

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"
)

// gitRepo makes a committed git repository holding files.
func gitRepo(t *testing.T, files map[string]string) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	gitIn(t, dir, "init", "-q")
	gitIn(t, dir, "add", "-A")
	gitIn(t, dir, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "init")
	return dir
}

func gitIn(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

// standInNix is an executable standing in for nix: the fingerprint only
// looks at its identity.
func standInNix(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "nix")
	if err := os.WriteFile(p, []byte("#!/bin/sh\n# "+text+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestFingerprint: every change nix would see when it reads a git flake
// changes the key; what nix does not read (untracked files) does not.
// TestFingerprint: every change nix would see moves the key, nothing else
// does; with the work tree's stat cache (files are taken from it at once:
// racyMargin 0) as without.
func TestFingerprint(t *testing.T) {
	t.Run("read", func(t *testing.T) { testFingerprint(t, nil) })
	t.Run("stat cache", func(t *testing.T) {
		if !localFS(t.TempDir()) {
			t.Skip("the temporary directory is not on a local file system: the stat cache is not used there")
		}
		defer func(m time.Duration) { racyMargin = m }(racyMargin)
		racyMargin = 0
		testFingerprint(t, &Cache{Dir: t.TempDir()})
	})
}

func testFingerprint(t *testing.T, c *Cache) {
	t.Setenv("NIX_CONF_DIR", t.TempDir())
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	repo := gitRepo(t, map[string]string{
		"flake.nix":       "{ outputs = _: { }; }\n",
		"flake.lock":      `{"nodes":{"root":{}},"root":"root","version":7}` + "\n",
		"hosts/a.nix":     "{ }\n",
		"modules/web.nix": "{ }\n",
	})
	r := &Runner{Nix: standInNix(t, "one")}
	ctx := context.Background()
	key := func() string {
		t.Helper()
		k := r.fingerprintWith(ctx, repo, c)
		if k == "" {
			t.Fatal("no fingerprint for a git flake")
		}
		// A write within the clock's tick of the one before would keep
		// its change time: what racyMargin guards against outside tests.
		time.Sleep(20 * time.Millisecond)
		return k
	}
	base := key()
	if again := key(); again != base {
		t.Fatalf("the key of an unchanged checkout changed: %s, %s", base, again)
	}
	write := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(repo, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	// Not read by nix: an untracked file, an untracked directory.
	write("notes.txt", "draft\n")
	if err := os.MkdirAll(filepath.Join(repo, "scratch"), 0o755); err != nil {
		t.Fatal(err)
	}
	write("scratch/x.nix", "{ }\n")
	if k := key(); k != base {
		t.Error("an untracked file changed the key")
	}

	changes := []struct {
		name string
		do   func()
	}{
		{"an uncommitted edit of a tracked file", func() { write("hosts/a.nix", "{ services.openssh.enable = true; }\n") }},
		{"an edit of the same size, the file's times set back", func() {
			p := filepath.Join(repo, "hosts/a.nix")
			fi, err := os.Stat(p)
			if err != nil {
				t.Fatal(err)
			}
			write("hosts/a.nix", "{ services.openssh.enable = fals; }\n")
			if err := os.Chtimes(p, fi.ModTime(), fi.ModTime()); err != nil {
				t.Fatal(err)
			}
		}},
		{"a new file git add-ed", func() { gitIn(t, repo, "add", "notes.txt") }},
		{"the lock file", func() { write("flake.lock", `{"nodes":{"root":{}},"root":"root","version":7}`) }},
		{"a tracked file made executable", func() {
			if err := os.Chmod(filepath.Join(repo, "modules/web.nix"), 0o755); err != nil {
				t.Fatal(err)
			}
		}},
		{"a tracked file deleted", func() {
			if err := os.Remove(filepath.Join(repo, "modules/web.nix")); err != nil {
				t.Fatal(err)
			}
		}},
		{"a commit", func() {
			gitIn(t, repo, "add", "-A", "hosts", "flake.lock", "modules")
			gitIn(t, repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "two")
		}},
		{"another nix", func() { r.Nix = standInNix(t, "two") }},
		{"nix's configuration", func() {
			if err := os.WriteFile(filepath.Join(os.Getenv("NIX_CONF_DIR"), "nix.conf"), []byte("allow-dirty = false\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}},
		{"NIX_CONFIG", func() { t.Setenv("NIX_CONFIG", "pure-eval = true") }},
		{"a pass-through flag", func() { r.Extra = []string{"--override-input", "nixpkgs", "github:NixOS/nixpkgs/abc"} }},
	}
	seen := map[string]string{base: "the start"}
	for _, c := range changes {
		c.do()
		k := key()
		if prev, ok := seen[k]; ok {
			t.Errorf("%s did not change the key (same as after %s)", c.name, prev)
		}
		seen[k] = c.name
	}

	// A path nix does not read as git: no fingerprint, nix decides.
	plain := t.TempDir()
	if err := os.WriteFile(filepath.Join(plain, "flake.nix"), []byte("{ outputs = _: { }; }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if k := r.fingerprint(ctx, plain); k != "" {
		t.Errorf("a directory outside git has a fingerprint %q", k)
	}
	if k := r.fingerprint(ctx, "github:NixOS/nixpkgs"); k != "" {
		t.Errorf("a remote flake has a fingerprint %q", k)
	}
}

// TestFingerprintBounds: the tracked files are read a few at a time; a
// change to any one of many moves the key, and a checkout past the bounds
// or holding a tracked path that is no longer a file nix can copy has no
// key (nix decides) rather than a partial one.
func TestFingerprintBounds(t *testing.T) {
	t.Setenv("NIX_CONF_DIR", t.TempDir())
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	files := map[string]string{"flake.nix": "{ outputs = _: { }; }\n"}
	for i := range 300 {
		files[fmt.Sprintf("hosts/h%03d.nix", i)] = fmt.Sprintf("{ networking.hostName = \"h%03d\"; }\n", i)
	}
	repo := gitRepo(t, files)
	r := &Runner{Nix: standInNix(t, "one")}
	ctx := context.Background()
	base := r.fingerprint(ctx, repo)
	if base == "" {
		t.Fatal("no fingerprint")
	}
	for range 5 {
		if k := r.fingerprint(ctx, repo); k != base {
			t.Fatalf("the key of an unchanged checkout changed: %s, %s", base, k)
		}
	}
	seen := map[string]bool{base: true}
	for _, i := range []int{0, 137, 299} {
		p := filepath.Join(repo, fmt.Sprintf("hosts/h%03d.nix", i))
		if err := os.WriteFile(p, []byte("{ }\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		k := r.fingerprint(ctx, repo)
		if k == "" || seen[k] {
			t.Errorf("editing file %d of 300: key %q", i, k)
		}
		seen[k] = true
	}

	big := filepath.Join(repo, "hosts/h200.nix")
	if err := os.Truncate(big, maxFingerprintBytes+1); err != nil {
		t.Fatal(err)
	}
	if k := r.fingerprint(ctx, repo); k != "" {
		t.Errorf("a checkout past %d bytes has a fingerprint %q", maxFingerprintBytes, k)
	}
	if err := os.Remove(big); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(big, 0o644); err != nil {
		t.Fatal(err)
	}
	done := make(chan string, 1)
	go func() { done <- r.fingerprint(ctx, repo) }()
	select {
	case k := <-done:
		if k != "" {
			t.Errorf("a tracked path that is a fifo has a fingerprint %q", k)
		}
	case <-time.After(time.Minute):
		t.Fatal("the fingerprint blocked on a fifo")
	}
}

// TestPinned: only a lock nix used as it is on disk, of inputs locked to
// their content, lets a resolution be stored.
func TestPinned(t *testing.T) {
	dir := t.TempDir()
	lock := filepath.Join(dir, "flake.lock")
	md := func(nodes string) *metadata {
		m := &metadata{}
		m.Locks.Root = "root"
		if err := json.Unmarshal([]byte(nodes), &m.Locks.Nodes); err != nil {
			t.Fatal(err)
		}
		return m
	}
	github := `{"root":{"inputs":{"nixpkgs":"nixpkgs"}},"nixpkgs":{"locked":{"type":"github","owner":"NixOS","repo":"nixpkgs","rev":"abc","narHash":"sha256-x"}}}`
	path := `{"root":{"inputs":{"lib":"lib"}},"lib":{"locked":{"type":"path","path":"/elsewhere","narHash":"sha256-x"}}}`
	noInputs := `{"root":{}}`
	for _, c := range []struct {
		name      string
		disk, nix string // disk "" means no lock file
		want      bool
	}{
		{"github input, lock as on disk", github, github, true},
		{"the lock on disk differs from nix's", noInputs, github, false},
		{"a path input", path, path, false},
		{"no lock file, no inputs", "", noInputs, true},
		{"no lock file, an input nix locked in memory", "", github, false},
	} {
		_ = os.Remove(lock)
		if c.disk != "" {
			if err := os.WriteFile(lock, []byte(`{"nodes":`+c.disk+`,"root":"root","version":7}`), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if got := md(c.nix).pinned(lock); got != c.want {
			t.Errorf("%s: pinned = %v, want %v", c.name, got, c.want)
		}
	}
}

// TestFingerprintSeesWhatNixReads: the checkout cannot show git a decoy
// repository (a directory holding HEAD, objects/, refs/ and a config
// naming a work tree, which git discovers and nix does not), nor can the
// environment point git elsewhere; a lock file that links elsewhere, and
// configuration files nix.conf includes, are covered.
func TestFingerprintSeesWhatNixReads(t *testing.T) {
	confDir := t.TempDir()
	t.Setenv("NIX_CONF_DIR", confDir)
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	repo := gitRepo(t, map[string]string{
		"infra/flake.nix":         "{ outputs = _: { }; }\n",
		"infra/hosts/a.nix":       "{ }\n",
		"infra/HEAD":              "ref: refs/heads/main\n",
		"infra/refs/heads/main":   "1111111111111111111111111111111111111111\n",
		"infra/objects/.keep":     "",
		"infra/wt/.keep":          "",
		"infra/config":            "[core]\n\trepositoryformatversion = 0\n\tbare = false\n\tworktree = wt\n",
		"elsewhere/flake.nix":     "{ outputs = _: { }; }\n",
		"elsewhere/hosts/b.nix":   "{ }\n",
		"infra/flake.lock.target": "{}\n",
	})
	r := &Runner{Nix: standInNix(t, "one")}
	ctx := context.Background()
	flake := filepath.Join(repo, "infra")
	base := r.fingerprint(ctx, flake)
	if base == "" {
		t.Fatal("no fingerprint")
	}
	if err := os.WriteFile(filepath.Join(flake, "hosts/a.nix"), []byte("{ services.openssh.enable = true; }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	edited := r.fingerprint(ctx, flake)
	if edited == base {
		t.Error("an edit of the real checkout did not change the key (git read the decoy repository)")
	}
	// GIT_DIR and friends point git, not nix, elsewhere.
	t.Setenv("GIT_DIR", filepath.Join(flake, "wt"))
	t.Setenv("GIT_WORK_TREE", filepath.Join(repo, "elsewhere"))
	if k := r.fingerprint(ctx, flake); k != edited {
		t.Error("GIT_DIR and GIT_WORK_TREE changed the key")
	}
	t.Setenv("GIT_DIR", "")
	t.Setenv("GIT_WORK_TREE", "")

	// nix.conf's includes.
	if err := os.WriteFile(filepath.Join(confDir, "nix.conf"), []byte("!include extra.conf\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	withInclude := r.fingerprint(ctx, flake)
	if err := os.WriteFile(filepath.Join(confDir, "extra.conf"), []byte("allow-dirty = false\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if k := r.fingerprint(ctx, flake); k == withInclude || k == "" {
		t.Errorf("a change in an included nix.conf file did not change the key (%q)", k)
	}

	// A lock file that is a link: nix follows it, out of the checkout too.
	if err := os.Symlink("flake.lock.target", filepath.Join(flake, "flake.lock")); err != nil {
		t.Fatal(err)
	}
	if k := r.fingerprint(ctx, flake); k != "" {
		t.Errorf("a linked flake.lock has a fingerprint %q", k)
	}
}

// The stat cache spares the reads of unchanged files, never of a file
// written about when it was read, nor of a changed one: a write moves the
// change time, even when the modification time is set back, and a file
// renamed over is another inode.
func TestWorkStats(t *testing.T) {
	top := t.TempDir()
	if localFS("/proc") {
		t.Error("procfs taken for a local file system")
	}
	if !localFS(top) {
		t.Skipf("%s is not on a local file system: the stat cache is not used there", top)
	}
	write := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(top, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.nix", "{ a = 1; }\n")
	write("b.nix", "{ b = 1; }\n")
	names := []string{"a.nix", "b.nix"}
	files := func(prev map[string]workStat, wantHashed int) ([]string, map[string]workStat) {
		t.Helper()
		sums, stats, hashed, ok := workFiles(top, names, prev)
		if !ok || hashed != wantHashed {
			t.Fatalf("%d files read, want %d (ok %v)", hashed, wantHashed, ok)
		}
		return sums, stats
	}
	first, stats := files(nil, 2)
	// Just written: within racyMargin of the read, so read again.
	if _, stats = files(stats, 2); len(stats) != 2 {
		t.Fatalf("stats of %d files", len(stats))
	}
	defer func(m time.Duration) { racyMargin = m }(racyMargin)
	racyMargin = 0
	sums, stats := files(stats, 0)
	if !slices.Equal(sums, first) {
		t.Fatalf("ids from the stat cache %v, read %v", sums, first)
	}
	time.Sleep(20 * time.Millisecond) // past the clock's tick of the last writes

	fi, err := os.Stat(filepath.Join(top, "b.nix"))
	if err != nil {
		t.Fatal(err)
	}
	write("b.nix", "{ b = 2; }\n")
	if err := os.Chtimes(filepath.Join(top, "b.nix"), fi.ModTime(), fi.ModTime()); err != nil {
		t.Fatal(err)
	}
	sums, stats = files(stats, 1)
	if sums[0] != first[0] || sums[1] == first[1] {
		t.Fatalf("after an edit of b.nix: %v, before %v", sums, first)
	}
	time.Sleep(20 * time.Millisecond)

	// a.nix replaced by a file of the same bytes and times: read again.
	fi, err = os.Stat(filepath.Join(top, "a.nix"))
	if err != nil {
		t.Fatal(err)
	}
	write("new", "{ a = 1; }\n")
	if err := os.Chtimes(filepath.Join(top, "new"), fi.ModTime(), fi.ModTime()); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(top, "new"), filepath.Join(top, "a.nix")); err != nil {
		t.Fatal(err)
	}
	if sums, _ = files(stats, 1); sums[0] != first[0] {
		t.Fatalf("a.nix, the same bytes: %v, before %v", sums, first)
	}
}
