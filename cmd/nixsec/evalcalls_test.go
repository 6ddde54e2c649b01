package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nixsec/nixsec/internal/testenv"
	"github.com/nixsec/nixsec/testdata/genflake/gen"
)

// configurationCalls returns the logged nix calls that evaluate
// nixosConfigurations (the host list and the evaluations).
func configurationCalls(t *testing.T, log string) []string {
	t.Helper()
	var out []string
	for _, c := range loggedCalls(t, log) {
		if strings.HasPrefix(c, "eval ") && strings.Contains(c, "nixosConfigurations --apply") {
			first, _, _ := strings.Cut(c, "\n")
			out = append(out, first)
		}
	}
	return out
}

// The call that lists the hosts evaluates the first batch: a small
// flake's check reads nixosConfigurations once, and its report is the
// one of separate calls.
func TestSmallFlakeOneEvaluation(t *testing.T) {
	testenv.Slow(t)
	testenv.RequireNix(t)
	nixBin, log := loggingNix(t)
	run := func(flake string, args ...string) (string, []string) {
		t.Helper()
		_ = os.Remove(log)
		r := nixsec(t, append([]string{"check", "--no-cache", "--nix", nixBin, "--format", "json", "--now", "2026-01-01"}, append(args, flake)...)...)
		if r.code != 1 {
			t.Fatalf("%v: exit %d, want 1\n%s", args, r.code, r.stderr)
		}
		return r.stdout, configurationCalls(t, log)
	}

	three := smallFleet(t, 3)
	one, calls := run(three, "--jobs", "1")
	if len(calls) != 1 {
		t.Errorf("--jobs 1, 3 hosts: %d calls read nixosConfigurations, want 1:\n%s", len(calls), strings.Join(calls, "\n"))
	}
	// Two jobs: the list with the first batch (two hosts), and the other
	// batch beside it once the list is announced.
	two, calls := run(three, "--jobs", "2")
	if len(calls) != 2 {
		t.Errorf("--jobs 2, 3 hosts: %d calls read nixosConfigurations, want 2:\n%s", len(calls), strings.Join(calls, "\n"))
	}
	if one != two {
		t.Errorf("the reports differ:\n--- listed and evaluated at once\n%s\n--- in batches\n%s", one, two)
	}
	// --batch 1 puts each host in its own process, whatever the jobs:
	// the host list's call evaluates the first.
	if _, calls := run(three, "--jobs", "1", "--batch", "1"); len(calls) != 3 {
		t.Errorf("--batch 1, 3 hosts: %d calls, want 3:\n%s", len(calls), strings.Join(calls, "\n"))
	}
	// --host: the list is checked first, then the host evaluated.
	if _, calls := run(three, "--jobs", "1", "--host", gen.HostName(0)); len(calls) != 2 {
		t.Errorf("--host: %d calls, want 2:\n%s", len(calls), strings.Join(calls, "\n"))
	}

	single := smallFleet(t, 1)
	for _, args := range [][]string{{"--jobs", "2"}, {"--jobs", "2", "--untrusted"}} {
		if _, calls := run(single, args...); len(calls) != 1 {
			t.Errorf("%v, 1 host: %d calls read nixosConfigurations, want 1:\n%s", args, len(calls), strings.Join(calls, "\n"))
		}
	}
}

// When the call that lists and evaluates fails (a host aborts), the hosts
// are listed alone (which also confirms the list the call announced),
// and each host of its batch is evaluated in its own process: the batch
// would fail as that call did. A batch of one host has its answer then:
// the host failed, and is not evaluated a second time (a host that hangs
// costs one timeout). The same with a nix whose announcement nixsec does
// not see (another nix's trace format).
func TestSmallFlakeFailedEvaluation(t *testing.T) {
	testenv.Slow(t)
	testenv.RequireNix(t)
	ws := workspace(t)
	one := filepath.Join(ws, "testdata/flakes/abort-one")
	if err := os.MkdirAll(one, 0o755); err != nil {
		t.Fatal(err)
	}
	flake := "{ outputs = { self }: let nixos = import ../../../examples/lib/nixos-system.nix; in {\n" +
		"  nixosConfigurations.aborts = nixos.nixosSystem { modules = [ { services.openssh.enable = builtins.abort \"refusing to be evaluated by a linter\"; } ]; };\n}; }\n"
	if err := os.WriteFile(filepath.Join(one, "flake.nix"), []byte(flake), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := gitCmd(ws, "add", "-A").CombinedOutput(); err != nil {
		t.Fatalf("git add: %v\n%s", err, out)
	}
	nixBin, log := loggingNix(t)
	unannounced := unannouncingNix(t, nixBin)
	for _, c := range []struct {
		nix   string
		flake string
		want  []string // what each call that reads nixosConfigurations is
		good  bool     // a host that evaluates, and is linted
	}{
		{nixBin, "testdata/flakes/abort", []string{"let names = builtins.attrNames", "map (n: { name = n;", "hosts: ((", "hosts: (("}, true},
		{nixBin, "testdata/flakes/abort-one", []string{"let names = builtins.attrNames", "map (n: { name = n;"}, false},
		{unannounced, "testdata/flakes/abort", []string{"let names = builtins.attrNames", "map (n: { name = n;", "hosts: ((", "hosts: (("}, true},
		{unannounced, "testdata/flakes/abort-one", []string{"let names = builtins.attrNames", "map (n: { name = n;"}, false},
	} {
		_ = os.Remove(log)
		rep, r := checkJSON(t, "--no-cache", "--jobs", "1", "--nix", c.nix, filepath.Join(ws, c.flake))
		if r.code != 2 || !strings.Contains(hostErrors(rep)["aborts"], "refusing to be evaluated by a linter") {
			t.Fatalf("%s %s: exit %d, want 2 with the abort's message:\n%s%s", c.nix, c.flake, r.code, r.stdout, r.stderr)
		}
		if got := contains(ruleSet(rep.Findings), "FW001"); got != c.good {
			t.Errorf("%s %s: the good host linted: %v, want %v", c.nix, c.flake, got, c.good)
		}
		calls := configurationCalls(t, log)
		if len(calls) != len(c.want) {
			t.Fatalf("%s %s: %d calls read nixosConfigurations, want %d:\n%s", c.nix, c.flake, len(calls), len(c.want), strings.Join(calls, "\n"))
		}
		for i, want := range c.want {
			if !strings.Contains(calls[i], want) {
				t.Errorf("%s %s: call %d is not %q: %s", c.nix, c.flake, i+1, want, calls[i])
			}
		}
	}
}

// A check that nix resolves evaluates its hosts beside `nix flake
// metadata`, not after it (evalbridge.Early): the wrapper holds the
// metadata call until a call reading nixosConfigurations has started, and
// says whether one did within 20 s. Without the cache; then with it,
// after an edit nix would see (the resolution is not cached then), which
// is what a pre-commit hook meets.
func TestSmallFlakeEvaluatesBesideMetadata(t *testing.T) {
	testenv.Slow(t)
	real := testenv.RequireNix(t)
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	dir := t.TempDir()
	mark, log := filepath.Join(dir, "evaluating"), filepath.Join(dir, "metadata.log")
	nixBin := filepath.Join(dir, "nix")
	script := "#!/bin/sh\ncase \"$*\" in\n" +
		"*nixosConfigurations*) : > " + mark + " ;;\n" +
		"'flake metadata'*) " + awaitMark(mark, log) + " ;;\n" +
		"esac\nexec " + real + " \"$@\"\n"
	if err := os.WriteFile(nixBin, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	flake := smallFleet(t, 1)
	check := func(want string, args ...string) {
		t.Helper()
		_ = os.Remove(mark)
		_ = os.Remove(log)
		r := nixsec(t, append([]string{"check", "--nix", nixBin, "--quiet"}, append(args, flake)...)...)
		if r.code != 1 {
			t.Fatalf("%v: exit %d, want 1\n%s", args, r.code, r.stderr)
		}
		if b, _ := os.ReadFile(log); strings.TrimSpace(string(b)) != want {
			t.Errorf("%v: the evaluation started %q nix flake metadata, want %s it", args, strings.TrimSpace(string(b)), want)
		}
	}
	check("beside", "--no-cache")
	check("beside") // fills the cache
	host := filepath.Join(flake, "hosts", gen.HostName(0)+".nix")
	text, err := os.ReadFile(host)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(host, append(text, "\n# edited\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	check("beside")
}

// unannouncingNix runs nix (through bin) with the host list's
// announcement taken out of its stderr: a nix whose trace nixsec cannot
// read.
func unannouncingNix(t *testing.T, bin string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "nix")
	script := "#!/bin/bash\nexec " + bin + " \"$@\" 2> >(grep -v '^trace: nixsec-hosts-' >&2)\n"
	if err := os.WriteFile(p, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

// With real nix, the host list's call announces the list before it
// evaluates its own batch, and the other batch starts then: the wrapper
// holds the list's call, once nix is done, until a call evaluating other
// hosts has started, and says whether one did within 20 s.
func TestAnnouncedListStartsOtherBatches(t *testing.T) {
	testenv.Slow(t)
	real := testenv.RequireNix(t)
	dir := t.TempDir()
	mark, log := filepath.Join(dir, "batch"), filepath.Join(dir, "list.log")
	nixBin := filepath.Join(dir, "nix")
	script := "#!/bin/sh\ncase \"$*\" in\n" +
		"*nixsec-hosts-*) " + real + " \"$@\"; rc=$?\n" + awaitMark(mark, log) + "\n  exit $rc ;;\n" +
		"*nixosConfigurations*) : > " + mark + " ;;\n" +
		"esac\nexec " + real + " \"$@\"\n"
	if err := os.WriteFile(nixBin, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	flake := smallFleet(t, 2)
	r := nixsec(t, "check", "--no-cache", "--jobs", "2", "--nix", nixBin, "--format", "json", "--now", "2026-01-01", flake)
	if r.code != 1 {
		t.Fatalf("exit %d, want 1\n%s", r.code, r.stderr)
	}
	if b, _ := os.ReadFile(log); strings.TrimSpace(string(b)) != "beside" {
		t.Errorf("the other host's batch started %q the list's call ended, want beside it", strings.TrimSpace(string(b)))
	}
	// The report is the one of a single call that lists and evaluates
	// both hosts.
	r1 := nixsec(t, "check", "--no-cache", "--jobs", "1", "--batch", "2", "--format", "json", "--now", "2026-01-01", flake)
	if r1.stdout != r.stdout {
		t.Errorf("the reports differ:\n--- beside\n%s\n--- one call\n%s", r.stdout, r1.stdout)
	}
}

// awaitMark is a wrapper script's lines that wait up to 20 s for the file
// mark, then log "beside" if it came, else "after".
func awaitMark(mark, log string) string {
	return "i=0; while [ ! -e " + mark + " ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i+1)); done\n" +
		"  if [ -e " + mark + " ]; then echo beside >> " + log + "; else echo after >> " + log + "; fi"
}
