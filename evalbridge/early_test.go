package evalbridge

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
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
	args := func(nonce string) []string { return hostsAndEvalArgs(f, nil, opts, nonce) }
	ctx := context.Background()
	c := r.listCall(ctx, e, args)
	res, err := r.wait(ctx, c)
	if c != e || err != nil || !strings.Contains(string(res.stdout), `"a"`) {
		t.Fatalf("%v %s", err, res.stdout)
	}
	if b, _ := os.ReadFile(log); string(b) != "call\n" {
		t.Errorf("nix ran %q, want once", b)
	}
	// Taken once: a second call with the same line runs nix.
	if _, err := r.wait(ctx, r.listCall(ctx, e, args)); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(log); string(b) != "call\ncall\n" {
		t.Errorf("nix ran %q, want twice", b)
	}

	failing := &Runner{Nix: fakeNix(t, `echo "error: at /nix/store/abc-source/hosts/a.nix:3:1" >&2; exit 1`)}
	snapshot := *failing // as lint takes it, before the resolution
	e = snapshot.StartEarly(context.Background(), "/flake", nil, opts)
	failing.source = "/nix/store/abc-source"
	_, err = failing.wait(ctx, failing.listCall(ctx, e, args))
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
	ctx := context.Background()
	res, err := r.wait(ctx, r.listCall(ctx, e, func(string) []string { return []string{"eval", "other"} }))
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

// The host list's call announces the list before it evaluates its own
// batch, and the other batch starts then, not when the call ends: the
// fake list call answers only once the other host's call has started.
// A line like the announcement with another nonce (one the flake's code
// could print) is not taken for it. The answer must repeat the announced
// list, from a nix not too old: else the run stops.
func TestAnnouncedList(t *testing.T) {
	sum := func(s string) string {
		h := sha256.Sum256([]byte(s))
		return hex.EncodeToString(h[:])
	}
	ab := fmt.Sprintf(`[{"name":"a","sha256":"%s"},{"name":"b","sha256":"%s"}]`, sum("a"), sum("b"))
	ac := fmt.Sprintf(`[{"name":"a","sha256":"%s"},{"name":"c","sha256":"%s"}]`, sum("a"), sum("c"))
	for _, c := range []struct {
		name              string
		announced, answer string // the lists
		version, final    string // nix's version in the announcement, in the answer
		err               string // Evaluate's error
		other             bool   // the other batch starts
	}{
		{"the other batch starts", ab, ab, "2.8.0", "2.8.0", "", true},
		{"another list answered", ab, ac, "2.8.0", "2.8.0", "not the list it announced", true},
		{"an old nix answers", ab, ab, "2.8.0", "2.3.16", "is Nix 2.3.16", true},
		{"an old nix announces", ab, ab, "2.3.16", "2.3.16", "is Nix 2.3.16", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			mark, seen := filepath.Join(dir, "other"), filepath.Join(dir, "seen")
			nix := fakeNix(t, `case "$*" in
*nixsec-hosts-*)
  nonce=$(printf '%s' "$*" | grep -o 'nixsec-hosts-[0-9a-f]*' | head -1)
  echo 'trace: nixsec-hosts-0123 {"list":[],"share":[],"nix":"2.8.0"}' >&2
  echo "trace: $nonce "'{"list":`+c.announced+`,"share":["a"],"nix":"`+c.version+`"}' >&2
  i=0; while [ ! -e `+mark+` ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done
  if [ -e `+mark+` ]; then echo beside > `+seen+`; else echo after > `+seen+`; fi
  echo '{"list":`+c.answer+`,"eval":{"a":{"hostOk":true,"entries":[]}},"nix":"`+c.final+`"}';;
*) : > `+mark+`; echo '{"hostOk":true,"entries":[]}';;
esac`)
			r := &Runner{Nix: nix, versionPending: true}
			hosts, err := r.Evaluate(context.Background(), &Flake{Ref: "/flake"}, nil, Options{Jobs: 2})
			// The list's call saw the other batch start before it answered;
			// or, refused, it was stopped, and nothing else started.
			b, _ := os.ReadFile(seen)
			_, statErr := os.Stat(mark)
			if c.other && strings.TrimSpace(string(b)) != "beside" || !c.other && (len(b) > 0 || statErr == nil) {
				t.Errorf("the other batch started %q the list's call answered (started at all: %v), want beside: %v", b, statErr == nil, c.other)
			}
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("Evaluate: %v, want an error with %q", err, c.err)
				}
				return
			}
			if err != nil || len(hosts) != 2 || hosts[0].Error != "" || hosts[1].Error != "" {
				t.Fatalf("Evaluate: %v %+v", err, hosts)
			}
		})
	}
}

// announceWatch finds the first line that starts with its prefix, across
// writes, and passes every byte on.
func TestAnnounceWatch(t *testing.T) {
	const prefix = "trace: nixsec-hosts-abc "
	for _, c := range []struct {
		name   string
		writes []string
		want   string // "" when nothing is found
	}{
		{"whole", []string{"warning: dirty\ntrace: nixsec-hosts-abc [1]\n"}, "[1]"},
		{"split", []string{"trace: nixsec-ho", "sts-abc [", "1]", "\nrest"}, "[1]"},
		{"first only", []string{"trace: nixsec-hosts-abc [1]\ntrace: nixsec-hosts-abc [2]\n"}, "[1]"},
		{"another nonce", []string{"trace: nixsec-hosts-abd [1]\n"}, ""},
		{"inside a line", []string{"trace: x trace: nixsec-hosts-abc [1]\n"}, ""},
		{"unfinished", []string{"trace: nixsec-hosts-abc [1]"}, ""},
		{"too long", []string{prefix, strings.Repeat("x", maxAnnouncement), "\n"}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			found := make(chan []byte, 1)
			next := &headTail{n: 1 << 20}
			w := &announceWatch{next: next, prefix: []byte(prefix), found: found}
			var all strings.Builder
			for _, s := range c.writes {
				if n, err := w.Write([]byte(s)); n != len(s) || err != nil {
					t.Fatalf("Write: %d, %v", n, err)
				}
				all.WriteString(s)
			}
			got := ""
			select {
			case b := <-found:
				got = string(b)
			default:
			}
			if got != c.want {
				t.Errorf("found %q, want %q", got, c.want)
			}
			if c.name != "too long" && string(next.Bytes()) != all.String() {
				t.Errorf("passed on %q, want %q", next.Bytes(), all.String())
			}
		})
	}
}
