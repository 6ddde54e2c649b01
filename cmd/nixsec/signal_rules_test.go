package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nixsec/nixsec/internal/testenv"
)

// slowPolicy loops far longer than any test (10^12 iterations) without
// passing a builtin's cap: only cancellation stops it.
const slowPolicy = `# METADATA
# title: Slow
# custom:
#   id: SLOW001
#   severity: low
#   options:
#     - networking.hostName
package nixsec.rules.slow.slow001

deny contains {"path": "networking.hostName", "msg": "slow"} if {
	n := count([x | some i in numbers.range(1, 1000000); some j in numbers.range(1, 1000000); x := i * j])
	n < 0
}
`

// SIGTERM stops a run while the rules run, as it does while nix runs
// (TestSignalStopsRun): exit 2, within seconds.
func TestSignalStopsRules(t *testing.T) {
	testenv.Slow(t)
	testenv.RequireNix(t)
	bin := buildNixsec(t)
	ws := workspace(t)
	doc := filepath.Join(t.TempDir(), "doc.json")
	if out, err := exec.Command(bin, "eval", "--output", doc, filepath.Join(ws, "examples/insecure")).CombinedOutput(); err != nil {
		t.Fatalf("eval: %v\n%s", err, out)
	}
	policy := t.TempDir()
	if err := os.WriteFile(filepath.Join(policy, "slow.rego"), []byte(slowPolicy), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd, stderr := startInGroup(t, bin, "check", "--from-json", doc, "--policy", policy)
	defer func() { _ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }()
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	time.Sleep(3 * time.Second) // compiled and inside the loop by now
	select {
	case <-exited:
		t.Fatalf("the run ended before the signal:\n%s", stderr.String())
	default:
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-exited:
	case <-time.After(10 * time.Second):
		t.Fatal("nixsec still running 10 s after SIGTERM")
	}
	if code := cmd.ProcessState.ExitCode(); code != 2 || !strings.Contains(stderr.String(), "terminated") {
		t.Errorf("exit %d, want 2 with a message:\n%s", code, stderr.String())
	}
	noPanic(t, stderr.String())
}
