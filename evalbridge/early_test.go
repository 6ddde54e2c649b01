package evalbridge

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// An early call is the host list's call when the command lines agree: its
// answer is taken, and nix runs once. A failed one's message is finished
// (the flake's store directory cut) by the runner that takes it, which
// knows the resolved flake.
func TestEarlyCallIsTaken(t *testing.T) {
	log := filepath.Join(t.TempDir(), "calls")
	nix := fakeNix(t, `echo call >> `+log+`
echo '{"list": [{"name": "a"}], "eval": null}'`)
	r := &Runner{Nix: nix}
	opts := Options{Jobs: 2}
	e := r.StartEarly(context.Background(), "/flake", nil, opts)
	f := &Flake{Ref: NormalizeRef("/flake")}
	res, err := r.call(context.Background(), e, hostsAndEvalArgs(f, nil, opts, opts.oneBatch()))
	if err != nil || !strings.Contains(string(res.stdout), `"a"`) {
		t.Fatalf("%v %s", err, res.stdout)
	}
	if b, _ := os.ReadFile(log); string(b) != "call\n" {
		t.Errorf("nix ran %q, want once", b)
	}
	// Taken once: a second call with the same line runs nix.
	if _, err := r.call(context.Background(), e, hostsAndEvalArgs(f, nil, opts, opts.oneBatch())); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(log); string(b) != "call\ncall\n" {
		t.Errorf("nix ran %q, want twice", b)
	}

	failing := &Runner{Nix: fakeNix(t, `echo "error: at /nix/store/abc-source/hosts/a.nix:3:1" >&2; exit 1`)}
	snapshot := *failing // as lint takes it, before the resolution
	e = snapshot.StartEarly(context.Background(), "/flake", nil, opts)
	failing.source = "/nix/store/abc-source"
	_, err = failing.call(context.Background(), e, hostsAndEvalArgs(f, nil, opts, opts.oneBatch()))
	var ne *NixError
	if !errors.As(err, &ne) || !strings.Contains(ne.Message, "at hosts/a.nix:3:1") {
		t.Errorf("the message is not finished: %v", err)
	}
}

// A call that is not the early one's (other options) stops the early
// call, which is killed, and runs its own.
func TestEarlyCallOtherwiseStopped(t *testing.T) {
	dir := t.TempDir()
	started := filepath.Join(dir, "started")
	nix := fakeNix(t, `case "$*" in *list*) touch `+started+`; exec sleep 60;; esac
echo '"mine"'`)
	r := &Runner{Nix: nix}
	e := r.StartEarly(context.Background(), "/flake", nil, Options{Jobs: 2})
	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, err := os.Stat(started); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the early call did not start")
		}
		time.Sleep(10 * time.Millisecond)
	}
	begin := time.Now()
	res, err := r.call(context.Background(), e, []string{"eval", "other"})
	if err != nil || strings.TrimSpace(string(res.stdout)) != `"mine"` {
		t.Fatalf("%v %s", err, res.stdout)
	}
	select {
	case <-e.done:
	default:
		t.Fatal("the early call still runs")
	}
	if time.Since(begin) > 30*time.Second {
		t.Error("the call waited for the early one")
	}
	// Stopping again, or a nil Early, is fine.
	e.Stop()
	(*Early)(nil).Stop()
}
