package lint

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"

	"github.com/nixsec/nixsec/evalbridge"
	"github.com/nixsec/nixsec/inputerr"
)

func writeDoc(t *testing.T, js string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "doc.json")
	if err := os.WriteFile(p, []byte(js), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// streamAll streams the document's hosts to a slice, as check's pool
// receives them, and returns what the source returned besides.
func streamAll(t *testing.T, file string) (src *hostSource, emitted, returned []evalbridge.HostEval, err error) {
	t.Helper()
	src, err = streamDocument(file)
	if err != nil {
		return nil, nil, nil, err
	}
	returned, err = src.hosts(context.Background(), func(h evalbridge.HostEval) { emitted = append(emitted, h) }, nil)
	return src, emitted, returned, err
}

// A stranger's document may put its hosts before the fields they need
// (inputs, root): any key order reads the same.
func TestStreamHostsBeforeMetadata(t *testing.T) {
	root := t.TempDir()
	for _, f := range []string{"a.nix", "b.nix", "other.nix", "flake.nix"} {
		if err := os.WriteFile(filepath.Join(root, f), []byte("{ }\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	js := fmt.Sprintf(`{"hosts": [
		{"host": "a", "config": {"networking": {"firewall": {"enable": false}}}, "defined": {"networking.firewall.enable": true}, "files": {"networking.firewall.enable": ["a.nix"]}},
		{"host": "b", "error": "boom", "files": {"x": ["./b.nix"]}}],
	 "inputs": {"nixpkgs": {"type": "github", "url": "github:NixOS/nixpkgs", "rev": "abc", "lastModified": 7}},
	 "root": %q, "flake": "fleet", "nixsec_eval": 1}`, root)
	file := writeDoc(t, js)
	src, emitted, returned, err := streamAll(t, file)
	if err != nil {
		t.Fatal(err)
	}
	d := src.doc
	if d.Format != 1 || d.Flake != "fleet" || d.Root != root || d.Inputs["nixpkgs"].LastModified != 7 {
		t.Errorf("top-level fields: %+v", d)
	}
	if len(emitted) != 2 || emitted[0].Host != "a" || emitted[0].Config == nil || !emitted[0].Defined["networking.firewall.enable"] || emitted[1].Error != "boom" {
		t.Errorf("emitted %+v", emitted)
	}
	// With emit, the source keeps only names and host errors.
	if len(returned) != 2 || returned[0].Host != "a" || returned[0].Config != nil || returned[0].Files != nil || returned[1].Error != "boom" {
		t.Errorf("returned %+v", returned)
	}
	// The files the hosts list, and only those, may be read to place
	// findings (sourceFS).
	fsys := src.root
	for _, f := range []string{"a.nix", "b.nix", "flake.nix"} {
		if _, err := fs.ReadFile(fsys, f); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	if _, err := fs.ReadFile(fsys, "other.nix"); !errors.Is(err, fs.ErrPermission) {
		t.Errorf("other.nix, listed by no host: %v", err)
	}
	// ReadDocument, for its other callers, holds the hosts whole.
	whole, err := ReadDocument(file)
	if err != nil {
		t.Fatal(err)
	}
	if len(whole.Hosts) != 2 || whole.Hosts[0].Config == nil || whole.Inputs["nixpkgs"].Rev != "abc" {
		t.Errorf("ReadDocument: %+v", whole)
	}
}

// fleetDoc is a document of n hosts; bad hosts (by index) hold a string
// where a bool belongs; pad is the bytes of filler in each host's config.
func fleetDoc(t *testing.T, n, pad int, bad ...int) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "fleet.json")
	out, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(out)
	isBad := map[int]bool{}
	for _, i := range bad {
		isBad[i] = true
	}
	filler := strings.Repeat("x", 90)
	fmt.Fprint(w, `{"nixsec_eval": 1, "flake": "fleet", "hosts": [`)
	for i := range n {
		if i > 0 {
			fmt.Fprint(w, ",\n")
		}
		enable := "true"
		if isBad[i] {
			enable = `"yes"`
		}
		fmt.Fprintf(w, `{"host": "h%04d", "config": {"services": {"openssh": {"enable": %s}}, "org": {"filler": [`, i+1, enable)
		for j := 0; j < pad/100; j++ {
			if j > 0 {
				w.WriteByte(',')
			}
			fmt.Fprintf(w, `"%s%05d"`, filler, j)
		}
		fmt.Fprint(w, `]}}, "files": {"services.openssh.enable": ["hosts/common.nix"]}}`)
	}
	fmt.Fprint(w, "]}\n")
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
	return p
}

// Values of the wrong type anywhere in the fleet are all reported, once
// every host is read; no host after the first bad one is linted, and the
// run fails.
func TestStreamTypeErrorsAcrossTheFleet(t *testing.T) {
	_, emitted, _, err := streamAll(t, fleetDoc(t, 1000, 0, 1, 899))
	var ue *inputerr.Error
	if !errors.As(err, &ue) {
		t.Fatalf("got %v, want an input error", err)
	}
	for _, w := range []string{`values of the wrong type`, `host "h0002": option services.openssh.enable is a string ("yes")`, `host "h0900"`} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("%q lacks %q", err, w)
		}
	}
	if len(emitted) != 1 {
		t.Errorf("%d hosts linted, want only the one before the first error", len(emitted))
	}
	// At most maxTypeErrors are listed, and the others counted.
	bad := make([]int, 0, 15)
	for i := range 15 {
		bad = append(bad, i*60)
	}
	_, _, _, err = streamAll(t, fleetDoc(t, 1000, 0, bad...))
	if err == nil || !strings.Contains(err.Error(), "(and 5 more)") || strings.Count(err.Error(), "\n  host ") != maxTypeErrors {
		t.Errorf("15 bad hosts: %v", err)
	}
}

// A document cut anywhere is refused with its position, never a panic
// nor a pass; cut inside a host, it "ends early" at the end of the file.
func TestStreamTruncated(t *testing.T) {
	js := `{"hosts": [{"host": "a", "config": {"services": {"openssh": {"enable": true}}}, "files": {"x": ["a.nix"]}},
		{"host": "b", "defined": {"x": true}}], "inputs": {"n": {"type": "path"}}, "nixsec_eval": 1}`
	for n := range len(js) {
		_, _, _, err := streamAll(t, writeDoc(t, js[:n]))
		var ue *inputerr.Error
		if !errors.As(err, &ue) {
			t.Fatalf("cut at %d: %v", n, err)
		}
	}
	cut := strings.Index(js, `"defined"`)
	_, _, _, err := streamAll(t, writeDoc(t, js[:cut]))
	if err == nil || !strings.Contains(err.Error(), "doc.json:2:") || !strings.Contains(err.Error(), "ends early") {
		t.Errorf("cut in host b: %v", err)
	}
}

// "hosts" must be a list of objects, and one list.
func TestStreamHostsNotAList(t *testing.T) {
	for _, c := range []struct{ hosts, want string }{
		{`{"host": "a"}`, "1:30: json: cannot unmarshal object into Go struct field Document.hosts of type []evalbridge.HostEval"},
		{`"a"`, "1:32: json: cannot unmarshal string into Go struct field Document.hosts"},
		{`3`, "1:30: json: cannot unmarshal number"},
		{`true`, "1:33: json: cannot unmarshal bool"},
		{`["a"]`, "hosts[0] is a string, want an object"},
		{`[{"host": "a"}], "Hosts": [{"host": "b"}]`, `1:53: "hosts" appears twice`},
		{`null`, "the document has no hosts"},
		{`[]`, "the document has no hosts"},
	} {
		_, _, _, err := streamAll(t, writeDoc(t, `{"nixsec_eval": 1, "hosts": `+c.hosts+`}`))
		var ue *inputerr.Error
		if !errors.As(err, &ue) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("hosts %s: got %v, want %q", c.hosts, err, c.want)
		}
	}
}

// A document that is not a regular file (a pipe, readable once) is read
// as before, whole.
func TestStreamFromPipe(t *testing.T) {
	p := filepath.Join(t.TempDir(), "doc.fifo")
	if err := syscall.Mkfifo(p, 0o600); err != nil {
		t.Skip(err)
	}
	go func() {
		f, err := os.OpenFile(p, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		defer f.Close()
		fmt.Fprint(f, `{"hosts": [{"host": "a"}, {"host": "b"}], "nixsec_eval": 1}`)
	}()
	_, emitted, _, err := streamAll(t, p)
	if err != nil || len(emitted) != 2 {
		t.Fatalf("%d hosts, %v", len(emitted), err)
	}
}

// The point of streaming: a fleet's document is never in memory at once.
// The live heap, sampled after a collection while hosts are handed out,
// stays a small part of a 46 MB document (reading it whole held it all,
// and more: every host decoded).
func TestStreamMemoryBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 50 MB document")
	}
	const hosts, pad = 200, 250_000
	file := fleetDoc(t, hosts, pad)
	fi, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	live := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	base := live()
	var peak uint64
	src, err := streamDocument(file)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	hs, err := src.hosts(context.Background(), func(h evalbridge.HostEval) {
		if n++; n%20 == 0 {
			// h is live here: one decoded host (~0.7 MB) besides the
			// reader's buffer.
			peak = max(peak, live())
		}
	}, nil)
	if err != nil || len(hs) != hosts {
		t.Fatalf("%d hosts, %v", len(hs), err)
	}
	grown := int64(peak) - int64(base)
	t.Logf("document %d MB; live heap grew by at most %.1f MB", fi.Size()>>20, float64(grown)/(1<<20))
	if grown > fi.Size()/5 {
		t.Errorf("live heap grew by %d bytes while streaming a %d-byte document", grown, fi.Size())
	}
}
