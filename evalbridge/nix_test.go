package evalbridge

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nix-community/go-nix/pkg/nixbase32"

	"github.com/nixsec/nixsec/internal/testenv"
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
	testenv.RequireNix(t)
	r := &Runner{MaxMemory: 128 << 20, Timeout: time.Minute}
	_, err := r.run(context.Background(), "eval", "--expr",
		`builtins.stringLength (builtins.concatStringsSep "" (builtins.genList (x: "abcdefghij${toString x}") 20000000))`)
	if err == nil || !strings.Contains(err.Error(), "ran out of memory") {
		t.Fatalf("got %v", err)
	}
}

// headTail against the obvious reference, for every way of cutting the
// stream into writes: the first and last n bytes, a marker with the count
// dropped, and the end from its first whole line.
func TestHeadTail(t *testing.T) {
	const n = 16
	reference := func(s string) string {
		if len(s) <= 2*n {
			return s
		}
		head, tail, dropped := s[:n], s[len(s)-n:], len(s)-2*n
		if s[len(s)-n-1] != '\n' {
			if i := strings.IndexByte(tail, '\n'); i >= 0 {
				tail, dropped = tail[i+1:], dropped+i+1
			}
		}
		if !strings.HasSuffix(head, "\n") {
			head += "\n"
		}
		return head + "[nixsec: " + strconv.Itoa(dropped) + " bytes of nix's output dropped here]\n" + tail
	}
	streams := []string{"", "short\n", strings.Repeat("a", 2*n), strings.Repeat("a", 2*n+1),
		"trace: " + strings.Repeat("x", 100) + "\nerror: boom\n",
		strings.Repeat("trace: x\n", 20) + "error: at the end\n",
		strings.Repeat("0123456789abcdef", 5) + "\n" + strings.Repeat("y", 15) + "\nerror: z\n",
		strings.Repeat("z", 3*n+1) + "\n" + strings.Repeat("w", n-1)}
	for _, s := range streams {
		for _, chunk := range []int{1, 2, 3, 7, n - 1, n, n + 1, 2*n + 3, 1 << 20} {
			b := &headTail{n: n}
			for rest := s; len(rest) > 0; {
				k := min(chunk, len(rest))
				if w, err := b.Write([]byte(rest[:k])); w != k || err != nil {
					t.Fatalf("Write: %d %v", w, err)
				}
				rest = rest[k:]
			}
			if got, want := string(b.Bytes()), reference(s); got != want {
				t.Errorf("%q in writes of %d:\n got %q\nwant %q", s, chunk, got, want)
			}
		}
	}
}

// capped keeps up to max bytes, in chunks of at most maxChunk whose
// capacities never add up past max, and reports the first write past it
// once.
func TestCapped(t *testing.T) {
	for _, size := range []int{1, 101, 70000, 5 << 20} {
		calls := 0
		limit := int64(3*size + 12345)
		c := &capped{max: limit, over: func() { calls++ }}
		var want []byte
		for i := 0; int64(len(want)+size) <= limit; i++ {
			p := bytes.Repeat([]byte{byte('a' + i%26)}, size)
			if n, err := c.Write(p); n != size || err != nil {
				t.Fatalf("Write: %d %v", n, err)
			}
			want = append(want, p...)
			held := 0
			for _, ch := range c.chunks {
				held += cap(ch)
				if cap(ch) > maxChunk {
					t.Fatalf("chunk of %d bytes", cap(ch))
				}
			}
			if int64(held) > limit {
				t.Fatalf("writes of %d: %d bytes held, past the limit %d", size, held, limit)
			}
		}
		if c.exceeded || calls != 0 || !bytes.Equal(c.Bytes(), want) {
			t.Fatalf("writes of %d: under the limit: exceeded %v, %d calls, content differs", size, c.exceeded, calls)
		}
		_, _ = c.Write(make([]byte, int(limit)-len(want)+1))
		_, _ = c.Write([]byte("more"))
		if !c.exceeded || c.Bytes() != nil || calls != 1 {
			t.Errorf("writes of %d: past the limit: exceeded %v, %d calls", size, c.exceeded, calls)
		}
	}
}

// A flood on stderr (trace: lines) is neither kept nor allowed to hide
// nix's final error; nixsec's memory does not grow with it.
func TestRunBoundsStderr(t *testing.T) {
	testenv.Slow(t)
	// 200 MiB of trace, then the error at the end, as nix prints it.
	script := fakeNix(t, `exec 1>&2
i=0
while [ $i -lt 200 ]; do printf 'trace: '; head -c 1048576 /dev/zero | tr '\0' x; echo; i=$((i+1)); done
printf 'error: the real message\n\n       at /nix/store/0c8xgwnfyn3qyzdyn8xi5b5lsqjg5i9q-source/host.nix:3:5:\n\n            2|\n'
echo "(use '--show-trace' to show detailed location information)"
exit 1`)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := (&Runner{Nix: script}).run(context.Background(), "eval")
	runtime.ReadMemStats(&after)
	var ne *NixError
	if !errors.As(err, &ne) {
		t.Fatalf("got %v", err)
	}
	want := "the real message\n\n       at /nix/store/…-source/host.nix:3:5:\n\n            2|"
	if ne.Message != want {
		t.Errorf("message %q, want %q", ne.Message, want)
	}
	// Allocated over the whole call, far below the 200 MiB that went by.
	if a := after.TotalAlloc - before.TotalAlloc; a > 16<<20 {
		t.Errorf("run allocated %d MiB for 200 MiB of stderr", a>>20)
	}
}

// Past MaxOutput on stdout, nix (here a fake that would print forever)
// is killed, and the error names the limit; a call under it is untouched.
func TestRunCapsStdout(t *testing.T) {
	pidFile := filepath.Join(t.TempDir(), "pid")
	script := fakeNix(t, "yes nixsec &\necho $! > "+pidFile+"\nwait")
	start := time.Now()
	_, err := (&Runner{Nix: script, MaxOutput: 1 << 20}).run(context.Background(), "eval")
	var ne *NixError
	if !errors.As(err, &ne) || ne.Message != "nix printed more than 1 MiB of output, nixsec's limit for one nix call (nix was killed)" {
		t.Fatalf("got %v", err)
	}
	if d := time.Since(start); d > 30*time.Second {
		t.Errorf("took %s", d)
	}
	b, _ := os.ReadFile(pidFile)
	pid := strings.TrimSpace(string(b))
	for deadline := time.Now().Add(3 * time.Second); pid != ""; time.Sleep(50 * time.Millisecond) {
		st, err := os.ReadFile("/proc/" + pid + "/stat")
		if err != nil || strings.Contains(string(st), ") Z ") {
			break // gone, or a zombie waiting for init
		}
		if time.Now().After(deadline) {
			t.Fatalf("the process printing is still running: %s", st)
		}
	}
	// Exactly at the limit is fine.
	res, err := (&Runner{Nix: fakeNix(t, "head -c 1048576 /dev/zero"), MaxOutput: 1 << 20}).run(context.Background(), "eval")
	if err != nil || len(res.stdout) != 1<<20 {
		t.Errorf("at the limit: %v", err)
	}
}

// Hashes in nix's messages are redacted in every encoding; store paths
// keep their name; messages without hashes are unchanged.
func TestRedactHashes(t *testing.T) {
	const r = hashRedacted
	for in, want := range map[string]string{
		// nix 2.8, builtins.fetchurl/fetchTarball with a wrong sha256.
		"hash mismatch in file downloaded from 'file:///etc/hostname':\n         specified: sha256:0000000000000000000000000000000000000000000000000000\n         got:       sha256:01gx2lmiwdbjipx23bsyi9l9zpvckh65jgn0xvk9phcwzp596zs2": "hash mismatch in file downloaded from 'file:///etc/hostname':\n         specified: sha256:" + r + "\n         got:       sha256:" + r,
		// nix 2.8, fetchTree { type = "path"; } with a wrong narHash.
		"NAR hash mismatch in input 'path:/etc?narHash=sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=' (/nix/store/aiz77aryy3gfi758sxjypz21r4qg6wkr-source), expected 'sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=', got 'sha256-VWJs34UK4boXZDoBKQtE4nh0GATTh3WD1I8Eta/gLVE='": "NAR hash mismatch in input 'path:/etc?narHash=sha256-" + r + "' (/nix/store/…-source), expected 'sha256-" + r + "', got 'sha256-" + r + "'",
		// A fixed-output derivation, SRI, sha512.
		"hash mismatch in fixed-output derivation '/nix/store/97js2k61b0n7gcmk53k84dapiq55yvic-hostname.drv':\n  specified: sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg==\n     got:    sha512-AAAA": "hash mismatch in fixed-output derivation '/nix/store/…-hostname.drv':\n  specified: sha512-" + r + "\n     got:    sha512-" + r,
		// Bare hashes: base16 sha256, sha1, md5; nix-base32 sha512; base64 sha256 and md5.
		"got e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855.":                                                                          "got " + r + ".",
		"rev 'da39a3ee5e6b4b0d3255bfef95601890afd80709' and d41d8cd98f00b204e9800998ecf8427e":                                                            "rev '" + r + "' and " + r,
		"(" + strings.Repeat("0123456789abcdfghijklmnpqrsvwxyz", 3) + "0123456) [47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=] 1B2M2Y8AsgTpgAmY7PhCfg==": "(" + r + ") [" + r + "] " + r,
		"MD5:d41d8cd98f00b204e9800998ecf8427e": "MD5:" + r,
	} {
		if got := redactHashes(in); got != want {
			t.Errorf("redactHashes(%q)\n got %q\nwant %q", in, got, want)
		}
	}
	for _, same := range []string{
		"attribute 'foo' missing\n\n       at /home/user/fleet/hosts/web.nix:3:5:\n\n            2|   networking.firewall.enable = false;",
		"infinite recursion encountered", "the option `services.openssh.settings.PermitRootLogin' is used but not defined",
		"evaluation did not finish within 5m0s (nix was killed)", "nix ran out of memory (limit 4096 MiB, nixsec's memory limit)",
		"access to absolute path '/etc/passwd' is forbidden in pure eval mode (use '--impure' to override)",
		"value is a string while a set was expected, 0123456789abcdef0123456789abcde (31 hex digits)",
		"sha256 wants a hash", "/nix/store is read-only",
	} {
		if got := redactHashes(same); got != same {
			t.Errorf("redactHashes(%q) = %q, want it unchanged", same, got)
		}
	}
}

// The hash of a file the flake may not read never reaches a message:
// real nix, made to compare a file outside the flake with a wrong hash.
func TestNixHashMismatchRedacted(t *testing.T) {
	testenv.RequireNix(t)
	dir := t.TempDir()
	secret := filepath.Join(dir, "secret")
	content := []byte("not for the flake's author\n")
	if err := os.WriteFile(secret, content, 0o600); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(content)
	leaks := []string{hex.EncodeToString(sum[:]), nixbase32.EncodeToString(sum[:]), base64.StdEncoding.EncodeToString(sum[:])}
	r := &Runner{Timeout: time.Minute}
	noSubstituters := []string{"--option", "substituters", ""}
	for name, c := range map[string]struct {
		expr string
		want []string
	}{
		"fetchurl": {`builtins.fetchurl { url = "file://` + secret + `"; sha256 = "0000000000000000000000000000000000000000000000000000"; }`,
			[]string{"hash mismatch in file downloaded from", "specified: sha256:" + hashRedacted, "got:       sha256:" + hashRedacted}},
		"fetchTree narHash": {`builtins.fetchTree { type = "path"; path = "` + dir + `"; narHash = "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="; }`,
			[]string{"NAR hash mismatch in input", "(/nix/store/…-source)", "got 'sha256-" + hashRedacted + "'"}},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := r.run(context.Background(), append([]string{"eval", "--impure", "--expr", c.expr}, noSubstituters...)...)
			var ne *NixError
			if !errors.As(err, &ne) {
				t.Fatalf("got %v", err)
			}
			t.Logf("%s", ne.Message)
			for _, w := range c.want {
				if !strings.Contains(ne.Message, w) {
					t.Errorf("message lacks %q:\n%s", w, ne.Message)
				}
			}
			if m := regexp.MustCompile(`/nix/store/[0-9a-z]{32}-`).FindString(ne.Message); m != "" {
				t.Errorf("store path hash %s in:\n%s", m, ne.Message)
			}
			for _, l := range leaks {
				if strings.Contains(ne.Message, l) || strings.Contains(ne.Message, strings.TrimRight(l, "=")) {
					t.Errorf("the file's hash %s is in the message:\n%s", l, ne.Message)
				}
			}
		})
	}
}

// A cancellation with a cause (signal.NotifyContext's "terminated signal
// received") says so in the message.
func TestCancelCause(t *testing.T) {
	ctx, cancel := context.WithCancelCause(context.Background())
	time.AfterFunc(200*time.Millisecond, func() { cancel(errors.New("terminated signal received")) })
	_, err := (&Runner{Nix: fakeNix(t, "sleep 300")}).run(ctx, "eval")
	var ne *NixError
	if !errors.As(err, &ne) || !ne.Killed || ne.Message != "evaluation cancelled: terminated signal received (nix was killed)" {
		t.Errorf("got %v", err)
	}
}

// The version probe's answer is cached under the nix's identity: a second
// resolution with the same nix does not run `nix --version`, one with the
// executable replaced does, and a cached version older than
// MinNixVersion is refused as a fresh one is.
func TestVersionFromCache(t *testing.T) {
	dir := t.TempDir()
	probes := filepath.Join(dir, "probes")
	version := filepath.Join(dir, "version")
	nix := fakeNix(t, `case "$1" in
--version) echo probe >> `+probes+`; cat `+version+`;;
flake) echo '{"path":"/nix/store/00000000000000000000000000000000-source","resolvedUrl":"path:/x","locked":{"narHash":"sha256-x"},"resolved":{"type":"path","path":"/x"},"locks":{"root":"root","nodes":{"root":{}}}}';;
esac`)
	setVersion := func(v string) {
		if err := os.WriteFile(version, []byte("nix (Nix) "+v+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	count := func() int {
		b, _ := os.ReadFile(probes)
		return strings.Count(string(b), "probe")
	}
	c := &Cache{Dir: t.TempDir()}
	r := &Runner{Nix: nix}
	resolve := func() (string, error) {
		_, v, err := r.checkCachedAndResolve(context.Background(), dir, c)
		return v, err
	}
	setVersion("2.8.0")
	if v, err := resolve(); err != nil || v != "2.8.0" || count() != 1 {
		t.Fatalf("first run: %q %v, %d probes", v, err, count())
	}
	setVersion("2.3.16") // unseen: the same executable answers from the cache
	if v, err := resolve(); err != nil || v != "2.8.0" || count() != 1 {
		t.Fatalf("second run: %q %v, %d probes", v, err, count())
	}
	// Another executable at the same path (a package upgrade): probed.
	later := time.Now().Add(time.Minute)
	if err := os.Chtimes(nix, later, later); err != nil {
		t.Fatal(err)
	}
	var missing *NixMissingError
	if _, err := resolve(); !errors.As(err, &missing) || missing.Version != "2.3.16" || count() != 2 {
		t.Fatalf("replaced nix: %v, %d probes", err, count())
	}
	// An old version in the cache is refused without a probe.
	key := versionKey(r.identity())
	c.write(key, versionEntry{Key: key, Version: "2.3.16"})
	if _, err := resolve(); !errors.As(err, &missing) || missing.Version != "2.3.16" || count() != 2 {
		t.Fatalf("cached old version: %v, %d probes", err, count())
	}
}
