package main

// Robustness on untrusted input (docs/security.md): every bad flake,
// document, policy or checkout ends with a clear message and the right
// exit code, never a panic; nothing is built, written into the checkout
// or left running.

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nixsec/nixsec/internal/testenv"
)

// guard records the store before a run; check then asserts that the run
// built nothing (only flake sources and .drv files may appear), wrote no
// flake.lock into the flake and left no process mentioning the workspace.
type guard struct {
	store map[string]bool
	ws    string
}

func newGuard(t *testing.T, ws string) *guard {
	t.Helper()
	return &guard{store: storeEntries(t), ws: ws}
}

func (g *guard) check(t *testing.T, flakeDir string) {
	t.Helper()
	for name := range storeEntries(t) {
		// nixsec-*.json: --untrusted's own data files (evalbridge/untrusted.go).
		if !g.store[name] && !strings.HasSuffix(name, "-source") && !strings.HasSuffix(name, ".drv") && !strings.HasSuffix(name, ".lock") &&
			!strings.HasSuffix(name, "-nixsec-fetch.json") && !strings.HasSuffix(name, "-nixsec-flake.json") {
			t.Errorf("a store path appeared during the run (a build?): /nix/store/%s", name)
		}
	}
	if _, err := os.Stat(filepath.Join(flakeDir, "flake.lock")); err == nil {
		t.Errorf("nixsec wrote %s/flake.lock", flakeDir)
	}
	if left := processesMentioning(g.ws, 0); len(left) > 0 {
		t.Errorf("processes left running: %v", left)
	}
}

func storeEntries(t *testing.T) map[string]bool {
	t.Helper()
	es, err := os.ReadDir("/nix/store")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, e := range es {
		out[e.Name()] = true
	}
	return out
}

// processesMentioning lists the live processes (not zombies) whose command
// line contains s, or whose process group is pgid (when not 0), other than
// this test process.
func processesMentioning(s string, pgid int) []string {
	var out []string
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == os.Getpid() {
			continue
		}
		stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			continue
		}
		// pid (comm) state ppid pgrp ...
		rest := string(stat[bytes.LastIndexByte(stat, ')')+1:])
		f := strings.Fields(rest)
		if len(f) < 3 || f[0] == "Z" {
			continue
		}
		cmdline, _ := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
		cl := strings.ReplaceAll(string(cmdline), "\x00", " ")
		if g, _ := strconv.Atoi(f[2]); (pgid != 0 && g == pgid) || (s != "" && strings.Contains(cl, s)) {
			out = append(out, fmt.Sprintf("%d (pgrp %s): %s", pid, f[2], cl))
		}
	}
	return out
}

// expectError runs check --format json on a flake and asserts exit 2, no
// panic, and that every want appears in the report or on stderr.
func expectError(t *testing.T, ws, flake string, want ...string) (jsonReport, result) {
	t.Helper()
	return expectErrorWith(t, ws, flake, nil, want...)
}

// expectErrorWith is expectError with more arguments of check.
func expectErrorWith(t *testing.T, ws, flake string, args []string, want ...string) (jsonReport, result) {
	t.Helper()
	g := newGuard(t, ws)
	dir := filepath.Join(ws, flake)
	rep, r := checkJSON(t, append(append([]string{}, args...), dir)...)
	if r.code != 2 {
		t.Errorf("exit %d, want 2\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
	all := r.stdout + r.stderr
	for _, w := range want {
		if !strings.Contains(all, w) {
			t.Errorf("output lacks %q:\n%s", w, all)
		}
	}
	noPanic(t, all)
	g.check(t, dir)
	return rep, r
}

func noPanic(t *testing.T, out string) {
	t.Helper()
	if strings.Contains(out, "panic") || strings.Contains(out, "goroutine ") || strings.Contains(out, "internal error") {
		t.Errorf("panic:\n%s", out)
	}
}

func hostErrors(rep jsonReport) map[string]string {
	errs := map[string]string{}
	for _, e := range rep.Errors {
		errs[e.Host] += e.Message + "\n"
	}
	return errs
}

// jobSettings are the ways a small flake's hosts are evaluated: in
// batches beside the host list (two jobs), and by the host list's own
// call (one job; evalbridge's hostsAndEval), whose failure must fail only
// the bad host too. Without the cache, which would answer the second.
var jobSettings = [][]string{{"--no-cache", "--jobs", "2"}, {"--no-cache", "--jobs", "1"}}

// `let x = x; in x` and a function that calls itself forever: both hosts
// are reported with Nix's message; the good host is still linted.
func TestRobustRecursingHosts(t *testing.T) {
	testenv.Slow(t)
	testenv.RequireNix(t)
	ws := workspace(t)
	for _, jobs := range jobSettings {
		rep, _ := expectErrorWith(t, ws, "testdata/flakes/recurse", jobs)
		errs := hostErrors(rep)
		if !strings.Contains(errs["loop"], "infinite recursion encountered") {
			t.Errorf("%v: loop: %q", jobs, errs["loop"])
		}
		if !strings.Contains(errs["deep"], "stack overflow") {
			t.Errorf("%v: deep: %q", jobs, errs["deep"])
		}
		if !contains(ruleSet(rep.Findings), "FW001") {
			t.Errorf("%v: the good host was not linted: %v", jobs, ruleSet(rep.Findings))
		}
	}
}

// builtins.abort escapes tryEval: the host fails, with the abort's text.
func TestRobustAbortingHost(t *testing.T) {
	testenv.Slow(t)
	testenv.RequireNix(t)
	ws := workspace(t)
	for _, jobs := range jobSettings {
		rep, _ := expectErrorWith(t, ws, "testdata/flakes/abort", jobs)
		if !strings.Contains(hostErrors(rep)["aborts"], "refusing to be evaluated by a linter") {
			t.Errorf("%v: aborts: %+v", jobs, rep.Errors)
		}
		if !contains(ruleSet(rep.Findings), "FW001") {
			t.Errorf("%v: the good host was not linted: %v", jobs, ruleSet(rep.Findings))
		}
	}
}

// Import from derivation fails fast and builds nothing, also when the
// flake's nixConfig asks for it and for a substituter.
func TestRobustImportFromDerivation(t *testing.T) {
	testenv.Slow(t)
	testenv.RequireNix(t)
	for _, flake := range []string{"ifd", "ifd-nixconfig"} {
		t.Run(flake, func(t *testing.T) {
			ws := workspace(t)
			dir := filepath.Join(ws, "testdata/flakes", flake)
			nonce := make([]byte, 8)
			_, _ = rand.Read(nonce)
			edit(t, filepath.Join(dir, "flake.nix"), "NONCE", hex.EncodeToString(nonce))
			commit(t, ws)
			start := time.Now()
			rep, _ := expectError(t, ws, "testdata/flakes/"+flake, "allow-import-from-derivation", "cannot build")
			if d := time.Since(start); d > 30*time.Second {
				t.Errorf("took %s: not failing fast", d)
			}
			if len(rep.Errors) != 1 || rep.Errors[0].Host != "ifd" {
				t.Errorf("errors: %+v", rep.Errors)
			}
			// The output path, computed without building (evaluation only).
			out, err := exec.Command("nix", "eval", "--raw", dir+"#marker.outPath",
				"--extra-experimental-features", "nix-command flakes", "--option", "accept-flake-config", "false",
				"--no-write-lock-file").Output()
			if err != nil || !strings.HasPrefix(string(out), "/nix/store/") {
				t.Fatalf("outPath: %v %q", err, out)
			}
			if _, err := os.Lstat(string(out)); err == nil {
				t.Errorf("the derivation was built: %s exists", out)
			}
		})
	}
}

// Pure evaluation: a host cannot read files outside its flake, and their
// content never reaches the report.
func TestRobustReadOutsideFlake(t *testing.T) {
	testenv.Slow(t)
	testenv.RequireNix(t)
	ws := workspace(t)
	rep, r := expectError(t, ws, "testdata/flakes/readfile", "/etc/passwd", "forbidden in pure eval mode")
	if len(rep.Errors) != 1 || rep.Errors[0].Host != "reader" {
		t.Errorf("errors: %+v", rep.Errors)
	}
	if strings.Contains(r.stdout+r.stderr, "root:x:0") {
		t.Error("the content of /etc/passwd is in the output")
	}
}

// Symlink loops in the checkout (files, and a directory linking to its
// parent) do not make nixsec hang or fail.
func TestRobustSymlinkLoops(t *testing.T) {
	testenv.Slow(t)
	testenv.RequireNix(t)
	ws := workspace(t)
	dir := filepath.Join(ws, "testdata/flakes/symlinks")
	for link, target := range map[string]string{
		"a.nix": "b.nix", "b.nix": "a.nix", "self.nix": "self.nix",
		"sub/up": "..", "sub/here": ".", "sub/deeper/loop.nix": "../../sub",
	} {
		p := filepath.Join(dir, link)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(target, p); err != nil {
			t.Fatal(err)
		}
	}
	gitAddCommit(t, ws)
	g := newGuard(t, ws)
	done := make(chan struct{})
	var rep jsonReport
	var r result
	go func() {
		defer close(done)
		rep, r = checkJSON(t, dir)
	}()
	select {
	case <-done:
	case <-time.After(2 * time.Minute):
		t.Fatal("nixsec hangs on a checkout with symlink loops")
	}
	if r.code != 1 || !contains(ruleSet(rep.Findings), "FW001") || !contains(ruleSet(rep.Findings), "NIXSEC-IGNORE") {
		t.Errorf("exit %d, rules %v, errors %+v\n%s", r.code, ruleSet(rep.Findings), rep.Errors, r.stderr)
	}
	noPanic(t, r.stdout+r.stderr)
	g.check(t, dir)
}

// A 50 MB option value is evaluated, linted and kept out of the report.
func TestRobustHugeOptionValue(t *testing.T) {
	testenv.Slow(t)
	testenv.RequireNix(t)
	ws := workspace(t)
	dir := filepath.Join(ws, "testdata/flakes/bigvalue")
	g := newGuard(t, ws)
	start := time.Now()
	rep, r := checkJSON(t, dir)
	d := time.Since(start)
	t.Logf("50 MB value: check took %s, report %d bytes", d, len(r.stdout))
	if r.code != 1 || !contains(ruleSet(rep.Findings), "FW001") {
		t.Errorf("exit %d, rules %v, errors %+v\n%s", r.code, ruleSet(rep.Findings), rep.Errors, r.stderr)
	}
	if len(r.stdout) > 1<<20 {
		t.Errorf("the report is %d bytes: the value was copied into it", len(r.stdout))
	}
	// A bound against quadratic work on the value (hours), not a speed
	// test: on a 2-core machine loaded by other test binaries it took
	// over 2 minutes.
	if d > 5*time.Minute {
		t.Errorf("took %s", d)
	}
	noPanic(t, r.stdout+r.stderr)
	g.check(t, dir)
}

// Bytes that are not UTF-8 in a definition file: the finding still
// points at the definition (an invalid byte counts as one column).
func TestRobustNonUTF8DefinitionFile(t *testing.T) {
	testenv.Slow(t)
	testenv.RequireNix(t)
	ws := workspace(t)
	dir := filepath.Join(ws, "testdata/flakes/nonutf8")
	g := newGuard(t, ws)
	rep, r := checkJSON(t, dir)
	if r.code != 1 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	found := false
	for _, f := range rep.Findings {
		if f.Rule == "FW001" {
			found = true
			if f.Location.File != "host.nix" || f.Location.StartLine != 4 || f.Location.StartCol != 31 || f.Location.Via != "definition" {
				t.Errorf("FW001 at %+v, want host.nix:4:31 via definition", f.Location)
			}
		}
	}
	if !found {
		t.Errorf("no FW001: %v", ruleSet(rep.Findings))
	}
	g.check(t, dir)
}

// Documents given to --from-json that are truncated, mistyped or nested
// past any sane depth: exit 2 with the position, no stack overflow, no OOM.
func TestRobustBadDocuments(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// 10 million '[' (10 MB) stands for the 1 GB document.
	deep := write("deep.json", strings.Repeat("[", 10_000_000))
	deepObj := write("deepobj.json", `{"nixsec_eval": 1, "hosts": [{"host": "h", "config": `+strings.Repeat(`{"a":`, 5_000_000))
	cases := []struct {
		name, file string
		want       []string
	}{
		{"truncated", write("t.json", "{\"nixsec_eval\": 1,\n \"hosts\": [{\"host\": \"h\", \"config\": {\"a\": "), []string{"t.json:2:", "ends early"}},
		{"empty", write("e.json", ""), []string{"empty"}},
		{"not an object", write("n.json", "null"), []string{"not a nixsec eval document"}},
		{"format is a string", write("f.json", `{"nixsec_eval": "1", "hosts": []}`), []string{"f.json:1:", "nixsec_eval"}},
		{"hosts is an object", write("h.json", `{"nixsec_eval": 1, "hosts": {}}`), []string{"h.json:1:", "hosts"}},
		{"config is a list", write("c.json", `{"nixsec_eval": 1, "hosts": [{"host": "h", "config": [1]}]}`), []string{"c.json:1:", "config"}},
		{"defined is not a bool", write("d.json", `{"nixsec_eval": 1, "hosts": [{"host": "h", "defined": {"a": "yes"}}]}`), []string{"d.json:1:", "defined"}},
		{"trailing garbage", write("g.json", `{"nixsec_eval": 1, "hosts": []} {`), []string{"after the document"}},
		{"10 million [", deep, []string{"deep.json:1:", "exceeded max depth"}},
		{"5 million nested objects", deepObj, []string{"deepobj.json:1:", "exceeded max depth"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			r := nixsec(t, "check", "--from-json", c.file, "--nix", "/nonexistent/nix")
			if r.code != 2 {
				t.Fatalf("exit %d, want 2\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
			}
			all := r.stdout + r.stderr
			for _, w := range c.want {
				if !strings.Contains(all, w) {
					t.Errorf("output lacks %q:\n%s", w, all)
				}
			}
			if len(all) > 4096 {
				t.Errorf("message of %d bytes", len(all))
			}
			noPanic(t, all)
		})
	}
	// Deep but within the decoder's bound: linted like any document.
	legal := write("legal.json", `{"nixsec_eval": 1, "hosts": [{"host": "h", "config": {"x": `+strings.Repeat(`{"a":`, 9000)+"1"+strings.Repeat("}", 9000)+"}}]}")
	if r := nixsec(t, "check", "--from-json", legal, "--nix", "/nonexistent/nix"); r.code == 2 || strings.Contains(r.stderr, "panic") {
		t.Errorf("9000 levels: exit %d\n%s", r.code, r.stderr)
	}
}

// The flakes TestBadInputs and TestBrokenHosts cover, with the guard: not
// a flake, and a host that throws.
func TestRobustNotAFlakeAndThrowingHost(t *testing.T) {
	testenv.Slow(t)
	testenv.RequireNix(t)
	ws := workspace(t)
	g := newGuard(t, ws)
	r := nixsec(t, "check", filepath.Join(ws, "testdata/flakes/notaflake"))
	if r.code != 2 || !strings.Contains(r.stderr, "is not a flake") {
		t.Errorf("not a flake: exit %d\n%s", r.code, r.stderr)
	}
	noPanic(t, r.stdout+r.stderr)
	g.check(t, filepath.Join(ws, "testdata/flakes/notaflake"))
	rep, _ := expectError(t, ws, "testdata/flakes/broken", "secrets.nix is missing")
	if !strings.Contains(hostErrors(rep)["throws"], "secrets.nix is missing") {
		t.Errorf("throws: %+v", rep.Errors)
	}
}

// A --policy calling a builtin that reaches outside the input is rejected
// with its file:line, and so is engine.parse_module (policy code made at run
// time).
func TestRobustPolicyBuiltins(t *testing.T) {
	testenv.Slow(t)
	testenv.RequireNix(t)
	t.Parallel()
	ws := workspace(t)
	policy := func(expr string) string {
		dir := t.TempDir()
		src := "# METADATA\n# title: org rule\n# custom:\n#   id: ORG001\n#   severity: high\n#   options: [networking.firewall.enable]\n" +
			"package nixsec.rules.org.org001\n\ndeny contains {\"path\": \"networking.firewall.enable\", \"msg\": sprintf(\"got %v\", [x])} if {\n\tx := " + expr + "\n}\n"
		if err := os.WriteFile(filepath.Join(dir, "org.rego"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	for name, expr := range map[string]string{
		"http.send":           `http.send({"method": "GET", "url": "http://127.0.0.1:9/exfiltrate"})`,
		"opa.runtime":         `opa.runtime().env`,
		"time.now_ns":         `time.now_ns()`,
		"engine.parse_module": `engine.parse_module("p.rego", "package p").package.path[1].value`,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir := policy(expr)
			r := nixsec(t, "check", "--policy", dir, filepath.Join(ws, "examples/hardened"))
			want := filepath.Join(dir, "org.rego") + ":10: undefined function " + name
			if r.code != 2 || !strings.Contains(r.stderr, want) {
				t.Errorf("exit %d, want 2 and %q\n%s", r.code, want, r.stderr)
			}
		})
	}
}

// A panic is an internal error with exit 2; the stack only with --debug.
func TestRobustPanicRecovered(t *testing.T) {
	panicHook = func(cmd string) {
		if cmd == "version" {
			panic("injected by the test")
		}
	}
	defer func() { panicHook = nil }()
	r := nixsec(t, "version")
	if r.code != 2 || !strings.HasPrefix(r.stderr, "nixsec: internal error: injected by the test\n") || strings.Contains(r.stderr, "goroutine ") {
		t.Errorf("exit %d\n%s", r.code, r.stderr)
	}
	r = nixsec(t, "--debug", "version")
	if r.code != 2 || !strings.Contains(r.stderr, "internal error: injected by the test") ||
		!strings.Contains(r.stderr, "goroutine ") || !strings.Contains(r.stderr, "robust_test.go") {
		t.Errorf("--debug: exit %d\n%s", r.code, r.stderr)
	}
	panicHook = nil
	// --debug is accepted anywhere and changes nothing else.
	if r := nixsec(t, "version", "--debug"); r.code != 0 || !strings.HasPrefix(r.stdout, "nixsec ") {
		t.Errorf("version --debug: %+v", r)
	}
}

// Ctrl-C (SIGINT), SIGTERM and SIGKILL to a running nixsec kill the nix it started:
// when nixsec has exited, no process of its group, and no nix evaluating
// the flake, remains.
func TestRobustInterruptKillsNix(t *testing.T) {
	testenv.Slow(t)
	testenv.RequireNix(t)
	bin := buildNixsec(t)
	// SIGKILL gives nixsec no chance to clean up: the kernel kills nix
	// (Pdeathsig), and nix's exit status is nobody's.
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGKILL} {
		t.Run(sig.String(), func(t *testing.T) {
			ws := workspace(t)
			flake := filepath.Join(ws, "testdata/flakes/slow")
			cmd, stderr := startInGroup(t, bin, "check", "--timeout", "10m", flake)
			pgid := cmd.Process.Pid
			// Wait until nix evaluates the flake, at least 1 s.
			time.Sleep(time.Second)
			deadline := time.Now().Add(30 * time.Second)
			for len(processesMentioning(flake+"#nixosConfigurations", 0)) == 0 {
				if time.Now().After(deadline) {
					_ = syscall.Kill(-pgid, syscall.SIGKILL)
					t.Fatalf("nix never started evaluating the host\n%s", stderr.String())
				}
				time.Sleep(100 * time.Millisecond)
			}
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			exited := make(chan error, 1)
			go func() { exited <- cmd.Wait() }()
			select {
			case <-exited:
			case <-time.After(20 * time.Second):
				_ = syscall.Kill(-pgid, syscall.SIGKILL)
				t.Fatalf("nixsec did not exit after %s", sig)
			}
			if code := cmd.ProcessState.ExitCode(); code != 2 && sig != syscall.SIGKILL {
				t.Errorf("exit %d after %s, want 2\n%s", code, sig, stderr.String())
			}
			noneLeft(t, flake, pgid, sig)
		})
	}
}

// A crafted --from-json document names its own root and definition files:
// nixsec quotes only the .nix files (and flake.lock) it lists inside that
// root, never /etc/passwd, follows no symlink out of it, and walks
// nothing: root "/" reads no more than any other root.
func TestRobustFromJSONReadsOnlyTheCheckout(t *testing.T) {
	dir := t.TempDir()
	if err := os.Symlink("/etc/passwd", filepath.Join(dir, "escape.nix")); err != nil {
		t.Fatal(err)
	}
	// Nothing under the root is walked: a fifo (which a reader would block
	// on) and an unreadable directory beside the listed file change nothing.
	if err := syscall.Mkfifo(filepath.Join(dir, "trap.nix"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "locked"), 0); err != nil {
		t.Fatal(err)
	}
	for i, c := range []struct{ root, file string }{{"/", "etc/passwd"}, {"/", "trap.nix"}, {dir, "escape.nix"}, {dir, "../../../../etc/passwd"}, {dir, "trap.nix"}} {
		doc := filepath.Join(t.TempDir(), "doc.json")
		js := fmt.Sprintf(`{"nixsec_eval": 1, "root": %q, "hosts": [{"host": "h", "config": {"networking": {"firewall": {"enable": false}}},
			"defined": {"networking.firewall.enable": true}, "files": {"networking.firewall.enable": [%q]}}]}`, c.root, c.file)
		if err := os.WriteFile(doc, []byte(js), 0o644); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		r := nixsec(t, "check", "--from-json", doc, "--nix", "/nonexistent/nix")
		if d := time.Since(start); d > 10*time.Second {
			t.Errorf("%d: took %s (a walk of the root?)", i, d)
		}
		if r.code != 1 || !strings.Contains(r.stdout, "FW001") {
			t.Errorf("%d: exit %d\n%s%s", i, r.code, r.stdout, r.stderr)
		}
		if strings.Contains(r.stdout+r.stderr, "root:x:0") {
			t.Errorf("%d: /etc/passwd quoted in the report:\n%s", i, r.stdout)
		}
	}
}

// noneLeft fails the test when a process of group pgid, or one naming
// flake, is still running 3 s after sig (nix is killed with its group;
// the kernel may take a moment to reap it), and kills what it finds.
func noneLeft(t *testing.T, flake string, pgid int, sig syscall.Signal) {
	t.Helper()
	var left []string
	for end := time.Now().Add(3 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if left = processesMentioning(flake, pgid); len(left) == 0 || time.Now().After(end) {
			break
		}
	}
	if len(left) > 0 {
		t.Errorf("left running after %s: %v", sig, left)
		for _, l := range left {
			if pid, err := strconv.Atoi(strings.Fields(l)[0]); err == nil {
				_ = syscall.Kill(pid, syscall.SIGKILL)
			}
		}
	}
}

// startInGroup starts bin in a process group of its own (the tests signal
// and kill the group), its stderr kept.
func startInGroup(t *testing.T, bin string, args ...string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	stderr := &bytes.Buffer{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, stderr
}
