package main

// Bounds on what a flake's author can make nixsec do, with the real nix:
// what nix prints does not grow nixsec's memory, and a signal stops a run
// promptly in any phase, leaving no nix behind.

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/nixsec/nixsec/internal/testenv"
)

// built is the one build of the command that every test running it as a
// process shares: each `go build` relinks the whole binary (seconds under
// load), and no test changes the binary. TestMain removes its directory.
var built struct {
	once sync.Once
	dir  string // holds nixsec alone (the pre-commit test puts it on PATH)
	bin  string
	err  error
}

// buildNixsec builds the command once per test binary, to run it as a
// process of its own; the tests only execute it.
func buildNixsec(t *testing.T) string {
	t.Helper()
	built.once.Do(func() {
		dir, err := os.MkdirTemp("", "nixsec-bin")
		if err != nil {
			built.err = err
			return
		}
		built.dir = dir
		bin := filepath.Join(dir, "nixsec")
		if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
			built.err = fmt.Errorf("go build: %w\n%s", err, out)
			return
		}
		built.bin = bin
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	return built.bin
}

// testFlake writes flake.nix into a new flake of the workspace (where it
// can import examples/lib as the test flakes do) and commits it.
func testFlake(t *testing.T, ws, name, flakeNix string) string {
	t.Helper()
	dir := filepath.Join(ws, "testdata/flakes", name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "flake.nix"), []byte(flakeNix), 0o644); err != nil {
		t.Fatal(err)
	}
	gitAddCommit(t, ws)
	return dir
}

// peakRSS follows a running process's VmHWM (its own peak resident set,
// in KiB) until stop is closed. The Maxrss of wait4's rusage is no use
// here: Linux reports there the largest of the process and its reaped
// children, which would be nix.
// measured is a finished run of the nixsec binary and its own peak RSS.
type measured struct {
	cmd            *exec.Cmd
	stdout, stderr *bytes.Buffer
	kib            int64 // nixsec's peak RSS (VmHWM), KiB
	start          time.Time
	err            error // from Wait
}

// runMeasured runs bin with args to the end, sampling its peak RSS.
func runMeasured(t *testing.T, bin string, args ...string) measured {
	t.Helper()
	m := measured{cmd: exec.Command(bin, args...), stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}, start: time.Now()}
	m.cmd.Stdout, m.cmd.Stderr = m.stdout, m.stderr
	if err := m.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	peak := peakRSS(m.cmd.Process.Pid, stop)
	m.err = m.cmd.Wait()
	close(stop)
	m.kib = peak()
	return m
}

func peakRSS(pid int, stop <-chan struct{}) func() int64 {
	var mu sync.Mutex
	var peak int64
	read := func() {
		f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
		if err != nil {
			return
		}
		defer f.Close()
		s := bufio.NewScanner(f)
		for s.Scan() {
			if v, ok := strings.CutPrefix(s.Text(), "VmHWM:"); ok {
				kib, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
				mu.Lock()
				peak = max(peak, kib)
				mu.Unlock()
			}
		}
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			read()
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	return func() int64 {
		<-done
		mu.Lock()
		defer mu.Unlock()
		return peak
	}
}

// floodFlake's hosts print floodTraces traces of 4 MiB each (128 MiB,
// through nixsec's stderr pipe) while their config evaluates: one then
// disables the firewall, the other throws after the flood, so that its
// message is at the end of nix's output.
const floodFlake = `{
  outputs = { self }:
    let
      nixos = import ../../../examples/lib/nixos-system.nix;
      # 2^22 bytes by doubling: a genList of millions of strings costs nix minutes.
      double = n: if n == 0 then "x" else let s = double (n - 1); in s + s;
      big = double 22;
      flood = v: builtins.foldl' (acc: i: builtins.trace big acc) v (builtins.genList (i: i) 32);
    in
    {
      nixosConfigurations.flood = nixos.nixosSystem {
        modules = [ { networking.firewall.enable = flood false; } ];
      };
      nixosConfigurations.floodthrows = nixos.nixosSystem {
        modules = [ { networking.firewall.enable = flood (throw "the last words after the flood"); } ];
      };
    };
}
`

// A flood of builtins.trace is neither kept by nixsec nor hides nix's
// final error: nixsec's own peak memory stays far below what went
// through its pipes, and the run ends as usual (a finding for one host,
// the throw's message for the other, exit 2).
func TestTraceFloodBoundedMemory(t *testing.T) {
	testenv.Slow(t)
	testenv.RequireNix(t)
	t.Parallel()
	bin := buildNixsec(t)
	ws := workspace(t)
	dir := testFlake(t, ws, "traceflood", floodFlake)
	m := runMeasured(t, bin, "check", "--format", "json", "--timeout", "5m", dir)
	cmd, stdout, stderr, kib, start, err := m.cmd, m.stdout, m.stderr, m.kib, m.start, m.err
	rusage, _ := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	t.Logf("took %s; nixsec's peak RSS %d MiB (wait4 Maxrss, nix included: %d MiB); exit %v",
		time.Since(start).Round(time.Millisecond), kib>>10, rusage.Maxrss>>10, err)
	if code := cmd.ProcessState.ExitCode(); code != 2 {
		t.Errorf("exit %d, want 2\nstdout: %.2000s\nstderr: %.2000s", code, stdout.String(), stderr.String())
	}
	const bound = 200 << 10 // KiB: the flood alone is 128 MiB per nix call
	if kib == 0 || kib > bound {
		t.Errorf("nixsec's peak RSS is %d KiB, want (0, %d]", kib, bound)
	}
	out := stdout.String() + stderr.String()
	if len(out) > 1<<20 {
		t.Errorf("%d bytes of output: the traces were copied into the report", len(out))
	}
	for _, want := range []string{`"FW001"`, "the last words after the flood"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %s:\n%.4000s", want, out)
		}
	}
	noPanic(t, out)
}

// slowListing is a flake whose host list takes far longer than any test:
// the run is stopped while nix lists the hosts.
const slowListing = `{
  outputs = { self }:
    let fib = n: if n < 2 then n else fib (n - 1) + fib (n - 2); in
    { nixosConfigurations = builtins.seq (fib 40) { never = { config = { }; options = { }; }; }; };
}
`

// SIGTERM and SIGINT stop a run in whatever nix is doing, promptly: exit
// 2 with a message that says the run is incomplete, and no process of
// nixsec's group or nix evaluating the flake left.
func TestSignalStopsRun(t *testing.T) {
	testenv.Slow(t)
	testenv.RequireNix(t)
	bin := buildNixsec(t)
	for _, phase := range []string{"listing", "evaluation"} {
		for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
			t.Run(phase+"/"+sig.String(), func(t *testing.T) {
				ws := workspace(t)
				flake := filepath.Join(ws, "testdata/flakes/slow") // the host's config never ends
				if phase == "listing" {
					flake = testFlake(t, ws, "slowlisting", slowListing)
				}
				cmd, stderr := startInGroup(t, bin, "check", "--timeout", "10m", flake)
				pgid := cmd.Process.Pid
				exited := make(chan struct{})
				go func() { _ = cmd.Wait(); close(exited) }()
				defer func() { _ = syscall.Kill(-pgid, syscall.SIGKILL) }()
				// Signal once nix works on the phase, and at least 1 s in.
				time.Sleep(time.Second)
				marker := flake + "#nixosConfigurations"
				for deadline := time.Now().Add(time.Minute); len(processesMentioning(marker, 0)) == 0; time.Sleep(50 * time.Millisecond) {
					if time.Now().After(deadline) {
						t.Fatalf("nix never started on the %s\n%s", phase, stderr.String())
					}
				}
				if err := cmd.Process.Signal(sig); err != nil {
					t.Fatal(err)
				}
				signalled := time.Now()
				select {
				case <-exited:
				case <-time.After(10 * time.Second):
					t.Fatalf("nixsec still running 10 s after %s", sig)
				}
				t.Logf("exited %s after %s", time.Since(signalled).Round(time.Millisecond), sig)
				if code := cmd.ProcessState.ExitCode(); code != 2 {
					t.Errorf("exit %d after %s, want 2\n%s", code, sig, stderr.String())
				}
				want := fmt.Sprintf("nixsec: stopped: %s signal received; the run is incomplete", sig)
				if !strings.Contains(stderr.String(), want) {
					t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
				}
				noPanic(t, stderr.String())
				noneLeft(t, flake, pgid, sig)
			})
		}
	}
}

// hugeFlake's host evaluates to a document past DefaultMaxOutput: a
// 128 MiB string, built by doubling, plus one byte.
const hugeFlake = `{
  outputs = { self }:
    let
      nixos = import ../../../examples/lib/nixos-system.nix;
      double = n: if n == 0 then "x" else let s = double (n - 1); in s + s;
    in
    {
      nixosConfigurations.huge = nixos.nixosSystem {
        modules = [ { networking.firewall.enable = false; networking.dhcpcd.extraConfig = double 27 + "!"; } ];
      };
    };
}
`

// A document larger than nixsec reads from one nix call: nix is killed,
// the host fails with a message naming the limit, and nixsec never holds
// more than about the limit (kept in chunks, never copied to grow).
func TestHugeDocumentKilled(t *testing.T) {
	testenv.Slow(t)
	testenv.RequireNix(t)
	t.Parallel()
	bin := buildNixsec(t)
	ws := workspace(t)
	dir := testFlake(t, ws, "huge", hugeFlake)
	m := runMeasured(t, bin, "check", "--format", "json", dir)
	cmd, stdout, stderr, kib, start := m.cmd, m.stdout, m.stderr, m.kib, m.start
	t.Logf("took %s; nixsec's peak RSS %d MiB", time.Since(start).Round(time.Millisecond), kib>>10)
	if code := cmd.ProcessState.ExitCode(); code != 2 {
		t.Errorf("exit %d, want 2\nstdout: %.2000s\nstderr: %.2000s", code, stdout.String(), stderr.String())
	}
	want := "nix printed more than 128 MiB of output, nixsec's limit for one nix call (nix was killed)"
	if !strings.Contains(stdout.String(), want) {
		t.Errorf("the report lacks %q:\n%.4000s\n%.2000s", want, stdout.String(), stderr.String())
	}
	// The limit, and nixsec's own ~35 MiB; a buffer grown by doubling
	// would reach about 300 MiB.
	if kib == 0 || kib > 240<<10 {
		t.Errorf("nixsec's peak RSS is %d MiB, want at most 240", kib>>10)
	}
	noPanic(t, stdout.String()+stderr.String())
}
