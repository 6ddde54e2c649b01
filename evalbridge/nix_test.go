package evalbridge

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// fakeNix writes a shell script that stands in for nix.
func fakeNix(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "nix")
	if err := os.WriteFile(p, []byte("#!/bin/sh\n"+body+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

// The child runs under RLIMIT_AS = MaxMemory + AddressSpaceSlack and the
// GC heap limit, through prlimit(1) and, without it, /bin/sh ulimit -v.
func TestMemoryLimitOnChild(t *testing.T) {
	script := fakeNix(t, `grep "Max address space" /proc/self/limits; echo "GC=$GC_MAXIMUM_HEAP_SIZE"`)
	for _, binary := range []bool{true, false} {
		t.Run("prlimit-binary="+strconv.FormatBool(binary), func(t *testing.T) {
			if binary && prlimitPath() == "" {
				t.Skip("no prlimit(1)")
			}
			old := usePrlimitBinary
			usePrlimitBinary = binary
			defer func() { usePrlimitBinary = old }()
			r := &Runner{Nix: script, MaxMemory: 256 << 20}
			res, err := r.run(context.Background(), "eval")
			if err != nil {
				t.Fatal(err)
			}
			want := strconv.FormatInt(256<<20+AddressSpaceSlack, 10)
			out := string(res.stdout)
			if f := strings.Fields(out); len(f) < 5 || f[3] != want || f[4] != want {
				t.Errorf("limits: %q, want soft and hard %s", out, want)
			}
			if !strings.Contains(out, "GC="+strconv.Itoa(256<<20)) {
				t.Errorf("GC_MAXIMUM_HEAP_SIZE not set: %q", out)
			}
		})
	}
	// No limit asked: none set.
	res, err := (&Runner{Nix: script}).run(context.Background(), "eval")
	if err != nil || !strings.Contains(string(res.stdout), "unlimited") {
		t.Errorf("MaxMemory 0: %q %v", res.stdout, err)
	}
}

// A timeout and a cancellation kill the whole process group: a grandchild
// nix started does not outlive the call.
func TestKillProcessGroup(t *testing.T) {
	for _, how := range []string{"timeout", "cancel"} {
		t.Run(how, func(t *testing.T) {
			pidFile := filepath.Join(t.TempDir(), "pid")
			script := fakeNix(t, "sleep 300 &\necho $! > "+pidFile+"\nwait")
			r := &Runner{Nix: script, MaxMemory: 1 << 30}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if how == "timeout" {
				r.Timeout = time.Second
			} else {
				time.AfterFunc(time.Second, cancel)
			}
			start := time.Now()
			_, err := r.run(ctx, "eval")
			var ne *NixError
			if !errors.As(err, &ne) || (how == "timeout" && !ne.TimedOut) || (how == "cancel" && !ne.Killed) {
				t.Fatalf("got %v", err)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %s", d)
			}
			b, err := os.ReadFile(pidFile)
			if err != nil {
				t.Fatal(err)
			}
			pid := strings.TrimSpace(string(b))
			deadline := time.Now().Add(3 * time.Second)
			for {
				st, err := os.ReadFile("/proc/" + pid + "/stat")
				if err != nil || strings.Contains(string(st), ") Z ") {
					break // gone, or a zombie waiting for init
				}
				if time.Now().After(deadline) {
					t.Fatalf("grandchild %s still running: %s", pid, st)
				}
				time.Sleep(50 * time.Millisecond)
			}
		})
	}
}

// Runaway memory in the evaluator is stopped and reported as such.
func TestOutOfMemory(t *testing.T) {
	requireNix(t)
	r := &Runner{MaxMemory: 128 << 20, Timeout: time.Minute}
	_, err := r.run(context.Background(), "eval", "--expr",
		`builtins.stringLength (builtins.concatStringsSep "" (builtins.genList (x: "abcdefghij${toString x}") 20000000))`)
	if err == nil || !strings.Contains(err.Error(), "ran out of memory") {
		t.Fatalf("got %v", err)
	}
}
