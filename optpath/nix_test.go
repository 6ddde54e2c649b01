package optpath

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/nixsec/nixsec/internal/testenv"
)

// nixShowOption is lib.showOption as current nixpkgs defines it, with the
// two lib.strings functions it calls, for nix to render components with
// (nixpkgs' lib is not at hand). From nixpkgs lib/strings.nix:
//
//	escapeNixString = s: escape [ "$" ] (toJSON s);
//	escapeNixIdentifier =
//	  let nixKeywords = [ "assert" "else" "if" "in" "inherit" "let" "or" "rec" "then" "with" ];
//	  in s: if (match "[a-zA-Z_][a-zA-Z0-9_'-]*" s != null) && (!lib.elem s nixKeywords)
//	    then s else escapeNixString s;
//
// with escape = list: replaceStrings list (map (c: "\\${c}") list), and
// from lib/options.nix:
//
//	isNamedPlaceholder = builtins.match "<(.*)>";
//	escapeOptionPart = part:
//	  if part == "*" || isNamedPlaceholder part != null then part
//	  else lib.strings.escapeNixIdentifier part;
//
// Strings are built from bytes.bin (bytes 1 to 255: no Nix string holds
// NUL) by their bytes' values. The result is, for each string, the
// component as showOption writes it and the string as escapeNixString
// does, each as its length, ":" and its bytes.
const nixShowOption = `
let
  table = builtins.readFile ./bytes.bin;
  str = ns: builtins.concatStringsSep "" (map (n: builtins.substring (n - 1) 1 table) ns);
  escape = list: builtins.replaceStrings list (map (c: "\\${c}") list);
  escapeNixString = s: escape [ "$" ] (builtins.toJSON s);
  nixKeywords = [ "assert" "else" "if" "in" "inherit" "let" "or" "rec" "then" "with" ];
  escapeNixIdentifier = s:
    if (builtins.match "[a-zA-Z_][a-zA-Z0-9_'-]*" s != null) && (!builtins.elem s nixKeywords)
    then s else escapeNixString s;
  isNamedPlaceholder = builtins.match "<(.*)>";
  escapeOptionPart = part:
    if part == "*" || isNamedPlaceholder part != null then part
    else escapeNixIdentifier part;
  field = s: toString (builtins.stringLength s) + ":" + s;
in
builtins.concatStringsSep "" (map (ns: let s = str ns; in field (escapeOptionPart s) + field (escapeNixString s)) (import ./strings.nix))
`

// TestAgainstNix renders generated components with real nix (the
// definitions above) and with Format: they must be the same bytes, but
// where nixsec departs on purpose (a placeholder holding "." or a control
// character, which nixsec quotes: there it must be escapeNixString's
// text). Every text nix writes must also Parse back to its component.
func TestAgainstNix(t *testing.T) {
	testenv.Slow(t)
	nix := testenv.RequireNix(t)
	dir := t.TempDir()
	table := make([]byte, 255)
	for i := range table {
		table[i] = byte(i + 1)
	}
	if err := os.WriteFile(filepath.Join(dir, "bytes.bin"), table, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "expr.nix"), []byte(nixShowOption), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	eval := func(strs []string) ([]byte, error) {
		var src strings.Builder
		src.WriteString("[\n")
		for _, s := range strs {
			src.WriteString("[")
			for _, x := range []byte(s) {
				src.WriteString(" " + strconv.Itoa(int(x)))
			}
			src.WriteString(" ]\n")
		}
		src.WriteString("]\n")
		if err := os.WriteFile(filepath.Join(dir, "strings.nix"), []byte(src.String()), 0o600); err != nil {
			t.Fatal(err)
		}
		var stderr bytes.Buffer
		cmd := exec.CommandContext(ctx, nix, "--extra-experimental-features", "nix-command", "eval", "--raw", "--file", filepath.Join(dir, "expr.nix"))
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			return nil, fmt.Errorf("%w: %s", err, stderr.String())
		}
		return out, nil
	}

	// Current Nix's toJSON fails on invalid UTF-8 (there is no NixOS
	// rendering to compare with); Nix 2.8 writes the bytes.
	strs := nixStrings()
	_, err := eval([]string{"\xff"})
	invalid := err == nil
	if !invalid {
		t.Logf("this nix does not render invalid UTF-8 (%v): those strings are left out", err)
		kept := strs[:0]
		for _, s := range strs {
			if utf8.ValidString(s) {
				kept = append(kept, s)
			}
		}
		strs = kept
	}
	out, err := eval(strs)
	if err != nil {
		t.Fatal(err)
	}
	fields := make([]string, 0, 2*len(strs))
	for len(out) > 0 {
		colon := bytes.IndexByte(out, ':')
		n, err := strconv.Atoi(string(out[:max(colon, 0)]))
		if colon < 0 || err != nil || colon+1+n > len(out) {
			t.Fatalf("nix's output, field %d: %q", len(fields), out[:min(len(out), 40)])
		}
		fields = append(fields, string(out[colon+1:colon+1+n]))
		out = out[colon+1+n:]
	}
	if len(fields) != 2*len(strs) {
		t.Fatalf("%d fields from nix for %d strings", len(fields), len(strs))
	}

	// Nix 2.8 writes \b and \f as \u0008 and \u000c, current Nix as \b
	// and \f, which Format writes.
	var oldEscapes bool
	switch b := fields[2*slices.Index(strs, "\b")]; b {
	case `"\b"`:
	case `"\u0008"`:
		oldEscapes = true
		t.Logf(`this nix writes \b and \f as \u0008 and \u000c`)
	default:
		t.Fatalf(`nix writes \b as %q`, b)
	}
	departed := 0
	for i, s := range strs {
		shown, escaped := fields[2*i], fields[2*i+1]
		if oldEscapes {
			shown, escaped = newEscapes(shown), newEscapes(escaped)
		}
		want := shown
		if departs(s) {
			departed++
			want = escaped
		} else if p, err := Parse(fields[2*i]); err != nil || len(p) != 1 || p[0] != s {
			t.Errorf("Parse(%q), nix's rendering of %q: %q, %v", fields[2*i], s, p, err)
		}
		if got := Format([]string{s}); got != want {
			t.Errorf("%q: Format %q, nix %q", s, got, want)
		}
	}
	t.Logf("%d components (invalid UTF-8 among them: %v), %d where nixsec quotes a placeholder", len(strs), invalid, departed)
}

// departs reports whether nixsec quotes c where showOption writes it as it
// is: a placeholder holding "." or a control character.
func departs(c string) bool {
	return placeholder(c) && strings.ContainsFunc(c[1:len(c)-1], func(r rune) bool { return r == '.' || r < 0x20 })
}

// newEscapes rewrites the \u0008 and \u000c escapes of Nix 2.8's toJSON
// as \b and \f, escape by escape (a \\ before u0008 is no escape of it).
func newEscapes(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		switch {
		case strings.HasPrefix(s[i+1:], "u0008"):
			b.WriteString(`\b`)
			i += 5
		case strings.HasPrefix(s[i+1:], "u000c"):
			b.WriteString(`\f`)
			i += 5
		default:
			b.WriteString(s[i : i+2])
			i++
		}
	}
	return b.String()
}

// nixStrings are the components the test renders: every byte alone and
// between letters, the corners of the rendering, and generated names
// (seeded, so a run repeats).
func nixStrings() []string {
	strs := []string{
		"", "*", "**", "a", "services", "dnscrypt-proxy2", "a'", "_0", "2bwm", "-a", "'a", "a.b", "alice.smith",
		"if", "or", "in", "inherit", "let", "rec", "then", "else", "with", "assert", "iff", "If", "throw",
		"<name>", "<function body>", "<>", "<a.b>", "<a>.<b>", "<a\nb>", "<\x1b[31m>", `<a"b>`, "<a$b>", `<a\b>`, "<a", "a>", "<a>b", "<a>b>",
		"$", "${x}", `\$`, `\u0000`, `\b`, "\u2028\u2029", "\U0001F600", "é", "\ufeff", "\x7f",
		"\xff", "\xc3", "a\xc3", "\xc3x", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xc0\xaf", "\xe2\x80", "<\xff>",
	}
	for x := 1; x < 256; x++ {
		b := string([]byte{byte(x)})
		strs = append(strs, b, "a"+b+"b")
	}
	pools := []string{
		"abcxyzABCXYZ_09'-",
		".\"\\${}<>* /@:#",
		"\x01\x07\b\t\n\v\f\r\x1b\x1f\x7f",
		"é☃\u2028\U0001F600",
		"\x80\xbf\xc0\xc3\xe2\xed\xf0\xf4\xf8\xff",
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range testenv.Cases(2000, 4000, 40000) {
		var b strings.Builder
		if r.IntN(4) == 0 {
			b.WriteByte('<')
		}
		for range r.IntN(10) {
			p := pools[r.IntN(len(pools))]
			if p == pools[3] { // whole characters
				cs := []rune(p)
				b.WriteRune(cs[r.IntN(len(cs))])
				continue
			}
			b.WriteByte(p[r.IntN(len(p))])
		}
		if r.IntN(3) == 0 {
			b.WriteByte('>')
		}
		strs = append(strs, b.String())
	}
	return strs
}
