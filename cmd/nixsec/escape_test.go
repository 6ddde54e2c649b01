package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/nixsec/nixsec/evalbridge"
	"github.com/nixsec/nixsec/format/escape"
)

// evilText is what a pull request can put in its flake's strings.
const evilText = "\n::error file=x::pwned\r\x1b[31m\u009b\x9b\u202e ##[error]legacy \xff"

// assertPrintable fails on a raw control (but \t, \n), a format
// character, bytes that are not UTF-8, or a line a CI runner takes as a
// command; ours(line) accepts nixsec's own workflow commands.
func assertPrintable(t *testing.T, what, out string, ours func(string) bool) {
	t.Helper()
	for i, r := range out {
		if r != '\t' && r != '\n' && (unicode.IsControl(r) || escape.Escaped(r) || r == unicode.ReplacementChar && out[i] == 0xff) {
			t.Errorf("%s: raw %U: %q", what, r, out)
			break
		}
	}
	cmd := regexp.MustCompile(`(?i)##[a-z]*\[`)
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(strings.TrimLeftFunc(l, unicode.IsSpace), "::") && (ours == nil || !ours(l)) || cmd.MatchString(l) {
			t.Errorf("%s: command line %q", what, l)
		}
	}
}

// A document whose host names and nix errors are hostile, checked in
// every format: nothing reaches stdout or stderr unescaped, and JSON and
// SARIF still decode to the host's name.
func TestOutputInjection(t *testing.T) {
	host := "web" + evilText
	doc := map[string]any{"nixsec_eval": 1, "hosts": []any{
		map[string]any{"host": host, "error": "error: nix says" + evilText + "\n  ::set-output name=a::b"},
		map[string]any{"host": "db" + evilText, "config": map[string]any{}, "errors": map[string]any{"services.openssh": "error:" + evilText}},
	}}
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "doc.json")
	if err := os.WriteFile(file, b, 0o644); err != nil {
		t.Fatal(err)
	}
	annotation := regexp.MustCompile(`^::(error|warning|notice) [^:]*::`)
	for _, f := range []string{"text", "json", "sarif", "github"} {
		r := nixsec(t, "check", "--no-color", "--format", f, "--from-json", file, "--nix", "/nonexistent/nix")
		if r.code != 2 {
			t.Errorf("%s: exit %d, want 2 (evaluation errors)\n%s", f, r.code, r.stderr)
		}
		assertPrintable(t, f, r.stdout, annotation.MatchString)
		assertPrintable(t, f+" stderr", r.stderr, nil)
		if !strings.Contains(r.stdout, "pwned") {
			t.Errorf("%s: the host is not shown:\n%s", f, r.stdout)
		}
		switch f {
		case "json":
			var rep struct{ Hosts []string }
			if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
				t.Fatal(err)
			}
			if !contains(rep.Hosts, string([]rune(host))) {
				t.Errorf("json hosts %q", rep.Hosts)
			}
		case "sarif":
			if !strings.Contains(r.stdout, `\u202e`) || !strings.Contains(r.stdout, `##\u005berror]`) {
				t.Errorf("sarif not escaped")
			}
		}
	}
}

// Errors and panics on stderr are escaped.
func TestStderrInjection(t *testing.T) {
	r := nixsec(t, "check", "--from-json", filepath.Join(t.TempDir(), "x"+evilText), "--nix", "/nonexistent/nix")
	if r.code != 2 || !strings.Contains(r.stderr, "pwned") {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	assertPrintable(t, "error", r.stderr, nil)

	panicHook = func(string) { panic("boom" + evilText) }
	defer func() { panicHook = nil }()
	r = nixsec(t, "version")
	panicHook = nil
	if r.code != 2 || !strings.Contains(r.stderr, "internal error: boom") {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	assertPrintable(t, "panic", r.stderr, nil)
}

// The progress line shows the host's name escaped; its own \r and
// erase-line are the only controls.
func TestProgressInjection(t *testing.T) {
	var b bytes.Buffer
	p := &progressLine{w: &b, start: time.Now()}
	p.update(evalbridge.Progress{Done: 1, Total: 1, Host: "web" + evilText})
	p.clear()
	out := strings.ReplaceAll(b.String(), "\r\x1b[K", "")
	if !strings.Contains(out, "pwned") {
		t.Fatalf("%q", out)
	}
	assertPrintable(t, "progress", out, nil)
}
