package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nixsec/nixsec/evalbridge"
	"github.com/nixsec/nixsec/internal/testenv"
	"github.com/nixsec/nixsec/testdata/genflake/gen"
)

// smallFleet generates a fleet of n hosts with few users and services.
func smallFleet(t testing.TB, n int) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "fleet")
	if err := gen.Generate(gen.Options{Hosts: n, Out: dir, Lib: filepath.Join(repoRoot(t), "examples/lib"), Users: 6, Services: 4}); err != nil {
		t.Fatal(err)
	}
	return dir
}

// loggingNix is a --nix wrapper that appends each command line to a log,
// NUL-terminated (an --apply expression spans lines): loggedCalls.
func loggingNix(t *testing.T) (bin, log string) {
	t.Helper()
	real := testenv.RequireNix(t)
	dir := t.TempDir()
	log = filepath.Join(dir, "argv.log")
	bin = filepath.Join(dir, "nix")
	script := "#!/bin/sh\nprintf '%s\\0' \"$*\" >> " + log + "\nexec " + real + " \"$@\"\n"
	if err := os.WriteFile(bin, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return bin, log
}

// loggedCalls returns loggingNix's command lines, none if it ran no nix.
func loggedCalls(t *testing.T, log string) []string {
	t.Helper()
	b, err := os.ReadFile(log)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	var out []string
	for _, c := range strings.Split(string(b), "\x00") {
		if c != "" {
			out = append(out, c)
		}
	}
	return out
}

// hostEvals returns the logged nix calls that may evaluate hosts (not the
// version check, the metadata, or a host list that evaluates none).
func hostEvals(t *testing.T, log string) []string {
	t.Helper()
	var out []string
	for _, c := range loggedCalls(t, log) {
		if strings.HasPrefix(c, "eval ") && !strings.Contains(c, "--apply hosts: map (n: { name = n;") {
			out = append(out, c)
		}
	}
	return out
}

func TestCacheSkipsUnchangedFlake(t *testing.T) {
	testenv.Slow(t)
	testenv.RequireNix(t)
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	flake := smallFleet(t, 3)
	nixBin, log := loggingNix(t)
	check := func(extra ...string) result {
		t.Helper()
		_ = os.Remove(log)
		r := nixsec(t, append([]string{"check", "--nix", nixBin, "--format", "json", "--now", "2026-01-01"}, append(extra, flake)...)...)
		if r.code != 1 {
			t.Fatalf("exit %d\n%s", r.code, r.stderr)
		}
		return r
	}

	cold := check()
	if n := len(hostEvals(t, log)); n == 0 {
		t.Fatal("the first run evaluated no host")
	}
	warm := check()
	if evals := hostEvals(t, log); len(evals) != 0 {
		t.Fatalf("an unchanged flake started %d host evaluations:\n%s", len(evals), strings.Join(evals, "\n"))
	}
	logged, _ := os.ReadFile(log)
	if strings.Contains(string(logged), "attrNames") {
		t.Errorf("the host list was not cached:\n%s", logged)
	}
	if cold.stdout != warm.stdout {
		t.Errorf("the cached report differs:\n--- cold\n%s\n--- warm\n%s", cold.stdout, warm.stdout)
	}

	// --no-cache evaluates again.
	check("--no-cache")
	if len(hostEvals(t, log)) == 0 {
		t.Error("--no-cache did not evaluate")
	}

	// An edit of a tracked file, not committed, changes the narHash.
	f := filepath.Join(flake, "hosts", gen.HostName(0)+".nix")
	b, _ := os.ReadFile(f)
	b = bytes.Replace(b, []byte("{\n"), []byte("{\n  services.openssh.settings.PasswordAuthentication = true;\n"), 1)
	if err := os.WriteFile(f, b, 0o644); err != nil {
		t.Fatal(err)
	}
	dirty := check()
	if len(hostEvals(t, log)) == 0 {
		t.Fatal("a changed file did not change the cache key")
	}
	if dirty.stdout == warm.stdout {
		t.Error("the report did not change with the flake")
	}
	// Now cached again.
	check()
	if n := len(hostEvals(t, log)); n != 0 {
		t.Errorf("%d host evaluations on the unchanged dirty tree", n)
	}

	// cache clean empties it.
	r := nixsec(t, "cache", "clean")
	if r.code != 0 || !strings.Contains(r.stdout, "removed") {
		t.Fatalf("cache clean: %d %s %s", r.code, r.stdout, r.stderr)
	}
	check()
	if len(hostEvals(t, log)) == 0 {
		t.Error("evaluation skipped after cache clean")
	}
}

func TestCacheSkipsHostErrors(t *testing.T) {
	testenv.Slow(t)
	testenv.RequireNix(t)
	cache := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache)
	flake := smallFleet(t, 2)
	// One host does not evaluate: an undeclared option.
	f := filepath.Join(flake, "hosts", gen.HostName(1)+".nix")
	b, _ := os.ReadFile(f)
	b = bytes.Replace(b, []byte("{\n"), []byte("{\n  services.opensshh.enable = true;\n"), 1)
	if err := os.WriteFile(f, b, 0o644); err != nil {
		t.Fatal(err)
	}
	nixBin, log := loggingNix(t)
	for i := 0; i < 2; i++ {
		_ = os.Remove(log)
		r := nixsec(t, "check", "--nix", nixBin, "--format", "json", flake)
		if r.code != 2 {
			t.Fatalf("exit %d, want 2\n%s", r.code, r.stderr)
		}
	}
	evals := strings.Join(hostEvals(t, log), "\n")
	if !strings.Contains(evals, gen.HostName(1)) {
		t.Errorf("the failed host came from the cache:\n%s", evals)
	}
	if strings.Contains(evals, gen.HostName(0)+"\"") || strings.Contains(evals, "nixosConfigurations."+gen.HostName(0)) {
		t.Errorf("the clean host was evaluated again:\n%s", evals)
	}
}

func TestProgressLine(t *testing.T) {
	testenv.Slow(t)
	testenv.RequireNix(t)
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	flake := smallFleet(t, 3)
	old := isTerminal
	t.Cleanup(func() { isTerminal = old })

	isTerminal = func(io.Writer) bool { return true }
	r := nixsec(t, "check", "--no-cache", "--batch", "1", flake)
	if !strings.Contains(r.stderr, "evaluated 3/3 hosts") || !strings.Contains(r.stderr, "\r\x1b[K") {
		t.Errorf("no progress line on a terminal: %q", r.stderr)
	}
	if strings.Contains(r.stdout, "evaluated") {
		t.Errorf("progress on stdout")
	}
	r = nixsec(t, "check", "--no-cache", "--quiet", flake)
	if strings.Contains(r.stderr, "evaluated") {
		t.Errorf("progress with --quiet: %q", r.stderr)
	}
	isTerminal = old
	r = nixsec(t, "check", "--no-cache", flake)
	if strings.Contains(r.stderr, "evaluated") {
		t.Errorf("progress on a non-terminal: %q", r.stderr)
	}
}

func TestProgressThrottle(t *testing.T) {
	var b bytes.Buffer
	p := &progressLine{w: &b, start: time.Now()}
	for i := 1; i <= 100; i++ {
		p.update(evalbridge.Progress{Done: i, Total: 100, Host: "h"})
	}
	if n := strings.Count(b.String(), "\r"); n > 3 {
		t.Errorf("%d redraws for 100 fast updates", n)
	}
	if !strings.Contains(b.String(), "100/100") {
		t.Errorf("the last update is always drawn: %q", b.String())
	}
	p.clear()
	if !strings.HasSuffix(b.String(), "\r\x1b[K") {
		t.Errorf("not cleared")
	}
}

// TestMain keeps the tests' evaluation cache out of the user's home: every
// run of the test binary gets a fresh one (tests of the cache set their own).
func TestMain(m *testing.M) {
	if os.Getenv(policyEnv) != "" {
		os.Exit(pipelinePolicy()) // a benchmark's child, not a test run
	}
	dir, err := os.MkdirTemp("", "nixsec-test-cache")
	if err != nil {
		panic(err)
	}
	// Go's build cache defaults to $XDG_CACHE_HOME/go-build: the tests
	// that run `go build` would rebuild everything from scratch (minutes).
	if out, err := exec.Command("go", "env", "GOCACHE").Output(); err == nil && os.Getenv("GOCACHE") == "" {
		os.Setenv("GOCACHE", strings.TrimSpace(string(out)))
	}
	os.Setenv("XDG_CACHE_HOME", dir)
	code := m.Run()
	os.RemoveAll(dir)
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

// TestWarmCheckRunsNoNix: a check of an unchanged git flake runs no nix at
// all (no version probe, no flake metadata, no evaluation) and lints no
// host: the resolution and each host's findings come from the cache. Each
// change nix would see (a tracked file's content, a new `git add`, the
// lock file, another nix) brings nix back; an untracked file does not.
// Changes to what the rules decide from (a policy, the profile, the day)
// re-lint every host from its cached evaluation.
func TestWarmCheckRunsNoNix(t *testing.T) {
	testenv.Slow(t)
	testenv.RequireNix(t)
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	flake := smallFleet(t, 3)
	lock := filepath.Join(flake, "flake.lock")
	if err := os.WriteFile(lock, []byte(`{"nodes":{"root":{}},"root":"root","version":7}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	git := func(args ...string) {
		t.Helper()
		if out, err := exec.Command("git", append([]string{"-C", flake, "-c", "user.name=t", "-c", "user.email=t@t"}, args...)...).CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("add", "flake.lock")
	git("commit", "-q", "-m", "lock")
	policies := t.TempDir()
	policy := filepath.Join(policies, "org.rego")
	writePolicy := func(ports string) {
		t.Helper()
		text := "# METADATA\n# title: No telnet\n# custom:\n#   id: ORG001\n#   severity: high\n#   options: [networking.firewall.allowedTCPPorts]\npackage org.telnet\n\n" +
			"deny contains {\"path\": \"networking.firewall.allowedTCPPorts\", \"msg\": \"port open\"} if {\n\tsome p in input.config.networking.firewall.allowedTCPPorts\n\tp in " + ports + "\n}\n"
		if err := os.WriteFile(policy, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	writePolicy("{23}")
	nixBin, log := loggingNix(t)
	type stats struct {
		ResolveCached  bool `json:"resolveCached"`
		FindingsCached int  `json:"findingsCached"`
	}
	check := func(nix string, extra ...string) (stats, []string, string) {
		t.Helper()
		_ = os.Remove(log)
		args := append([]string{"check", "--nix", nix, "--format", "json", "--stats", "--quiet", "--policy", policies, "--now", "2026-01-01"}, extra...)
		r := nixsec(t, append(args, flake)...)
		if r.code != 1 {
			t.Fatalf("exit %d\n%s", r.code, r.stderr)
		}
		var rep struct {
			Stats    stats             `json:"stats"`
			Findings []json.RawMessage `json:"findings"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
			t.Fatal(err)
		}
		lines := loggedCalls(t, log)
		// The report without its timings: the same on a warm run.
		var findings []string
		for _, f := range rep.Findings {
			findings = append(findings, string(f))
		}
		return rep.Stats, lines, strings.Join(findings, "\n")
	}
	metadata := func(calls []string) bool {
		for _, c := range calls {
			if strings.HasPrefix(c, "flake metadata") {
				return true
			}
		}
		return false
	}

	// The version probe runs once per nix: its answer is cached under the
	// executable's identity.
	probed := func(calls []string) bool { return slices.Contains(calls, "--version") }

	st, calls, cold := check(nixBin)
	if st.ResolveCached || st.FindingsCached != 0 || !metadata(calls) || !probed(calls) {
		t.Fatalf("cold run: %+v, nix calls:\n%s", st, strings.Join(calls, "\n"))
	}
	warm := func(what string) string {
		t.Helper()
		st, calls, got := check(nixBin)
		if len(calls) > 0 || !st.ResolveCached || st.FindingsCached != 3 {
			t.Errorf("%s: %+v, nix calls:\n%s", what, st, strings.Join(calls, "\n"))
		}
		return got
	}
	if got := warm("unchanged flake"); got != cold {
		t.Errorf("the cached findings differ:\n--- cold\n%s\n--- warm\n%s", cold, got)
	}

	// Broken findings entries: each host is linted again (from its cached
	// evaluation), never skipped.
	broken, _ := filepath.Glob(filepath.Join(os.Getenv("XDG_CACHE_HOME"), "nixsec", "eval", "findings-*.bin"))
	if len(broken) != 3 {
		t.Fatalf("%d findings entries, want 3", len(broken))
	}
	for _, f := range broken {
		if err := os.WriteFile(f, []byte("not an entry"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if st, _, got := check(nixBin); st.FindingsCached != 0 || got != cold {
		t.Errorf("broken entries: %+v, findings:\n%s", st, got)
	}
	warm("after broken entries")

	// Untracked: invisible to nix, and to the cache.
	if err := os.WriteFile(filepath.Join(flake, "hosts", "draft.nix"), []byte("{ services.openssh.settings.PasswordAuthentication = true; }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	warm("an untracked file")

	// Each of these is seen by nix: it runs again, then the next run is
	// warm again.
	host0 := filepath.Join(flake, "hosts", gen.HostName(0)+".nix")
	for _, c := range []struct {
		name string
		do   func()
		nix  string
	}{
		{"a tracked file's uncommitted content", func() {
			b, _ := os.ReadFile(host0)
			b = bytes.Replace(b, []byte("{\n"), []byte("{\n  services.openssh.settings.PasswordAuthentication = true;\n"), 1)
			if err := os.WriteFile(host0, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}, nixBin},
		{"a new git add", func() { git("add", "hosts/draft.nix") }, nixBin},
		{"the lock file", func() {
			if err := os.WriteFile(lock, []byte(`{"nodes":{"root":{}},"root":"root","version":7}`), 0o644); err != nil {
				t.Fatal(err)
			}
		}, nixBin},
		{"another nix", func() {}, ""},
	} {
		c.do()
		nix := c.nix
		if nix == "" {
			other, otherLog := loggingNix(t)
			nix, log = other, otherLog
		}
		st, calls, _ := check(nix)
		if st.ResolveCached || !metadata(calls) {
			t.Errorf("%s: resolved from the cache: %+v, nix calls:\n%s", c.name, st, strings.Join(calls, "\n"))
		}
		if newNix := c.nix == ""; probed(calls) != newNix {
			t.Errorf("%s: version probed %t, want %t (only for a nix not seen before):\n%s", c.name, probed(calls), newNix, strings.Join(calls, "\n"))
		}
		nixBin = nix
		warm("after " + c.name)
	}

	// What the rules decide from: their findings are made again, from the
	// cached evaluations when the rules read the same options.
	relint := func(what string, extra ...string) {
		t.Helper()
		st, calls, _ := check(nixBin, extra...)
		if !st.ResolveCached || st.FindingsCached != 0 {
			t.Errorf("%s: %+v", what, st)
		}
		if len(calls) > 0 {
			t.Errorf("%s: nix ran, the evaluations were cached:\n%s", what, strings.Join(calls, "\n"))
		}
	}
	writePolicy("{23, 2323}")
	relint("a changed policy")
	relint("another day", "--now", "2026-01-02") // the later flag wins
	// Another profile reads more options: its hosts are evaluated again.
	if st, _, _ := check(nixBin, "--profile", "paranoid"); st.FindingsCached != 0 {
		t.Errorf("another profile: %+v", st)
	}
}

// Without the cache, a check of every host of a local flake runs no
// version probe: the host list's call reports the evaluator's own
// version (builtins.nixVersion), checked before its answer is used. An
// evaluator that reports a version older than the oldest supported one is
// refused (exit 2) with the probe's message; when the call fails, nix is
// asked, and a broken flake still says what is broken.
func TestNoCacheVersionFromEvaluation(t *testing.T) {
	testenv.Slow(t)
	real := testenv.RequireNix(t)
	flake := smallFleet(t, 1)
	nix, log := loggingNix(t)
	r := nixsec(t, "check", "--no-cache", "--quiet", "--nix", nix, flake)
	calls := loggedCalls(t, log)
	if r.code != 1 || slices.Contains(calls, "--version") || !slices.ContainsFunc(calls, func(c string) bool { return strings.HasPrefix(c, "flake metadata") }) {
		t.Fatalf("exit %d, nix calls:\n%s\n%s", r.code, strings.Join(calls, "\n"), r.stderr)
	}

	// The same nix, its evaluations reporting Nix 2.3.16.
	old := filepath.Join(t.TempDir(), "nix")
	script := "#!/bin/sh\nif [ \"$1\" = eval ]; then\n  " + real + " \"$@\" | sed 's/\"nix\":\"[^\"]*\"}$/\"nix\":\"2.3.16\"}/'\nelse\n  exec " + real + " \"$@\"\nfi\n"
	if err := os.WriteFile(old, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	r = nixsec(t, "check", "--no-cache", "--quiet", "--nix", old, flake)
	if r.code != 2 || !strings.Contains(r.stderr, "is Nix 2.3.16; nixsec needs Nix >= 2.8") {
		t.Errorf("an old evaluator: exit %d\n%s", r.code, r.stderr)
	}
	// The same in the host list's announcement (stderr), which comes
	// first: refused before any other host's evaluation starts.
	announcing := filepath.Join(t.TempDir(), "nix")
	calls2 := filepath.Join(t.TempDir(), "calls")
	script = "#!/bin/bash\nprintf '%s\\0' \"$*\" >> " + calls2 + "\nif [ \"$1\" = eval ]; then\n  " + real +
		" \"$@\" 2> >(sed '/^trace: nixsec-hosts-/s/\"nix\":\"[^\"]*\"/\"nix\":\"2.3.16\"/' >&2) | sed 's/\"nix\":\"[^\"]*\"}$/\"nix\":\"2.3.16\"}/'\nelse\n  exec " + real + " \"$@\"\nfi\n"
	if err := os.WriteFile(announcing, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	r = nixsec(t, "check", "--no-cache", "--quiet", "--jobs", "2", "--nix", announcing, smallFleet(t, 2))
	evals := slices.DeleteFunc(loggedCalls(t, calls2), func(c string) bool { return !strings.HasPrefix(c, "eval ") })
	if r.code != 2 || !strings.Contains(r.stderr, "is Nix 2.3.16; nixsec needs Nix >= 2.8") || len(evals) != 1 {
		t.Errorf("an old evaluator's announcement: exit %d, %d evaluations, want 2 and 1 (the host list's)\n%s", r.code, len(evals), r.stderr)
	}

	// A flake whose evaluation fails: nix is asked its version (fine), and
	// the failure is the flake's.
	broken := filepath.Join(repoRoot(t), "testdata/flakes/nocfg")
	_ = os.Remove(log)
	r = nixsec(t, "check", "--no-cache", "--quiet", "--nix", nix, broken)
	if r.code != 2 || !strings.Contains(r.stderr, "no nixosConfigurations") || !slices.Contains(loggedCalls(t, log), "--version") {
		t.Errorf("a broken flake: exit %d, calls %q\n%s", r.code, loggedCalls(t, log), r.stderr)
	}
}
