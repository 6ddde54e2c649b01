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
// Only the first line with the nonce counts, and only as the call's
// expression makes it (its list sorted, its batch the list's first); a
// line like it with another nonce (one the flake's code could print) is
// not taken for it. The announced list must be confirmed, by the answer
// or, when the call fails, by a listing of its own, from a nix not too
// old (the answer's version, or, after a failed call, nix's own): else
// the run stops.
func TestAnnouncedList(t *testing.T) {
	sum := func(s string) string {
		h := sha256.Sum256([]byte(s))
		return hex.EncodeToString(h[:])
	}
	entry := func(name string) string { return fmt.Sprintf(`{"name":"%s","sha256":"%s"}`, name, sum(name)) }
	a, b, c := entry("a"), entry("b"), entry("c")
	announce := func(list, share, version string) string {
		return `{"list":[` + list + `],"share":[` + share + `],"nix":"` + version + `"}`
	}
	answer := func(list, version string) string {
		return `{"list":[` + list + `],"eval":{"a":{"hostOk":true,"entries":[]}},"nix":"` + version + `"}`
	}
	good := announce(a+","+b, `"a"`, "2.8.0")
	for _, tc := range []struct {
		name      string
		announced []string // the lines with the nonce, in order
		answer    string   // stdout; "" for a call that fails
		err       string   // Evaluate's error
		seen      string   // the other batch started "beside" the call or "after" it; "" never
	}{
		{"the other batch starts", []string{good}, answer(a+","+b, "2.8.0"), "", "beside"},
		{"another list answered", []string{good}, answer(a+","+c, "2.8.0"), "not the list it announced", "beside"},
		{"an old nix answers", []string{good}, answer(a+","+b, "2.3.16"), "is Nix 2.3.16", "beside"},
		{"an old nix announces", []string{announce(a+","+b, `"a"`, "2.3.16")}, answer(a+","+b, "2.3.16"), "is Nix 2.3.16", ""},
		{"a failed call, the list confirmed", []string{good}, "", "", "beside"},
		{"a failed call, another list", []string{announce(a, `"a"`, "2.8.0")}, "", "not the list it announced", ""},
		{"a failed call, an old nix", []string{good}, "", "is Nix 2.3.16", "beside"},
		{"an empty batch", []string{announce(a, ``, "2.8.0"), good}, answer(a+","+b, "2.8.0"), "", "after"},
		{"another batch", []string{announce(a+","+b, `"b"`, "2.8.0"), good}, answer(a+","+b, "2.8.0"), "", "after"},
		{"unsorted", []string{announce(b+","+a, `"b"`, "2.8.0"), good}, answer(a+","+b, "2.8.0"), "", "after"},
		{"twice", []string{announce(a+","+a, `"a"`, "2.8.0"), good}, answer(a+","+b, "2.8.0"), "", "after"},
	} {
		// The script is written here, before the cases run in parallel: a
		// file open for writing while another case forks cannot be run
		// ("text file busy").
		dir := t.TempDir()
		mark, seen := filepath.Join(dir, "other"), filepath.Join(dir, "seen")
		var lines strings.Builder
		lines.WriteString("  echo 'trace: nixsec-hosts-0123 " + announce("", "", "2.8.0") + "' >&2\n")
		for _, l := range tc.announced {
			lines.WriteString("  echo \"trace: $nonce \"'" + l + "' >&2\n")
		}
		end := "echo '" + tc.answer + "'"
		if tc.answer == "" {
			end = "echo 'error: a host aborted' >&2; exit 1"
		}
		version := "2.8.0" // what nix --version says
		if strings.HasSuffix(tc.name, "an old nix") {
			version = "2.3.16"
		}
		nix := fakeNix(t, `case "$*" in
--version) echo 'nix (Nix) `+version+`';;
*nixsec-hosts-*)
  nonce=$(printf '%s' "$*" | grep -o 'nixsec-hosts-[0-9a-f]*' | head -1)
`+lines.String()+`  i=0; while [ ! -e `+mark+` ] && [ $i -lt 20 ]; do sleep 0.05; i=$((i+1)); done
  if [ -e `+mark+` ]; then echo beside > `+seen+`; else echo after > `+seen+`; fi
  `+end+`;;
*"map (n: { name = n;"*) echo '[`+a+","+b+`]';;
*) : > `+mark+`; echo '{"hostOk":true,"entries":[]}';;
esac`)
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel() // the cases whose other batch starts after wait 1 s each
			r := &Runner{Nix: nix, versionPending: true}
			hosts, err := r.Evaluate(context.Background(), &Flake{Ref: "/flake"}, nil, Options{Jobs: 2})
			// Whether the other batch started before the list's call
			// answered; refused, nothing else started.
			got, _ := os.ReadFile(seen)
			_, statErr := os.Stat(mark)
			if tc.seen != "" && strings.TrimSpace(string(got)) != tc.seen || tc.seen == "" && statErr == nil {
				t.Errorf("the other batch started %q the list's call answered (at all: %v), want %q", got, statErr == nil, tc.seen)
			}
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("Evaluate: %v, want an error with %q", err, tc.err)
				}
				return
			}
			if err != nil || len(hosts) != 2 || hosts[0].Host != "a" || hosts[1].Host != "b" || hosts[1].Error != "" {
				t.Fatalf("Evaluate: %v %+v", err, hosts)
			}
			if tc.answer == "" && !strings.Contains(hosts[0].Error, "a host aborted") {
				t.Errorf("host a: %q, want the call's failure", hosts[0].Error)
			}
		})
	}
}

// A list whose batch's hosts all come from the cache or are skipped
// (their findings cached) is still confirmed, or the run stops: a list
// forged with the nonce, one host short, is refused, whether the call
// answers or fails, at one and two jobs.
func TestAnnouncedListConfirmedWhenItsBatchIsSkipped(t *testing.T) {
	entry := func(name string) string {
		h := sha256.Sum256([]byte(name))
		return fmt.Sprintf(`{"name":"%s","sha256":"%s"}`, name, hex.EncodeToString(h[:]))
	}
	a, b, c := entry("a"), entry("b"), entry("c")
	for _, answer := range []string{
		`echo '{"list":[` + a + "," + b + "," + c + `],"eval":{"a":{"hostOk":true,"entries":[]}},"nix":"2.8.0"}'`,
		`echo 'error: a host aborted' >&2; exit 1`,
	} {
		for _, jobs := range []int{1, 2} {
			batch := `"a"`
			if jobs == 1 {
				batch = `"a","b"`
			}
			nix := fakeNix(t, `case "$*" in
--version) echo 'nix (Nix) 2.8.0';;
*nixsec-hosts-*)
  nonce=$(printf '%s' "$*" | grep -o 'nixsec-hosts-[0-9a-f]*' | head -1)
  echo "trace: $nonce "'{"list":[`+a+","+b+`],"share":[`+batch+`],"nix":"2.8.0"}' >&2
  `+answer+`;;
*"map (n: { name = n;"*) echo '[`+a+","+b+","+c+`]';;
*) echo '{"hostOk":true,"entries":[]}';;
esac`)
			cache := &Cache{Dir: t.TempDir(), Version: "1.0", NixVersion: "2.8.0"}
			skip := func(h, _ string) bool { return h == "a" || h == "b" }
			hosts, err := (&Runner{Nix: nix}).Evaluate(context.Background(), &Flake{Ref: "/flake", NarHash: "sha256-x"}, nil,
				Options{Jobs: jobs, Cache: cache, Skip: skip})
			if err == nil || !strings.Contains(err.Error(), "not the list it announced") {
				t.Errorf("--jobs %d, %.20s: %v %+v, want refused", jobs, answer, err, hosts)
			}
		}
	}
}

// An announced list is cached only once confirmed: a run refused for
// another answer leaves nothing that a later run would take.
func TestAnnouncedListCachedOnceConfirmed(t *testing.T) {
	sum := func(s string) string {
		h := sha256.Sum256([]byte(s))
		return hex.EncodeToString(h[:])
	}
	a := fmt.Sprintf(`{"name":"a","sha256":"%s"}`, sum("a"))
	ab := fmt.Sprintf(`[%s,{"name":"b","sha256":"%s"}]`, a, sum("b"))
	nix := func(announced string) string {
		return fakeNix(t, `case "$*" in
*nixsec-hosts-*)
  nonce=$(printf '%s' "$*" | grep -o 'nixsec-hosts-[0-9a-f]*' | head -1)
  echo "trace: $nonce "'{"list":`+announced+`,"share":["a"],"nix":"2.8.0"}' >&2
  echo '{"list":`+ab+`,"eval":{"a":{"hostOk":true,"entries":[]}},"nix":"2.8.0"}';;
*) echo '{"hostOk":true,"entries":[]}';;
esac`)
	}
	c := &Cache{Dir: t.TempDir(), Version: "1.0", NixVersion: "2.8.0"}
	f := &Flake{Ref: "/flake", NarHash: "sha256-x"}
	if _, err := (&Runner{Nix: nix("[" + a + "]")}).Evaluate(context.Background(), f, nil, Options{Jobs: 2, Cache: c}); err == nil {
		t.Fatal("a list announced but not answered was not refused")
	}
	hosts, err := (&Runner{Nix: nix(ab)}).Evaluate(context.Background(), f, nil, Options{Jobs: 2, Cache: c})
	if err != nil || len(hosts) != 2 {
		t.Errorf("the next run: %v, %+v; want hosts a and b", err, hosts)
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
