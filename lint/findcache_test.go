package lint

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"testing"
	"unsafe"

	"github.com/nixsec/nixsec/report"
	"github.com/nixsec/nixsec/rule"
)

// A cached entry gives back the findings exactly: their JSON (every
// format prints from it) and the fields JSON leaves out (an edit's
// Source, which fix checks).
func TestFindingsEntryRoundTrip(t *testing.T) {
	var values []any
	if err := json.Unmarshal([]byte(`[[], {}, [[]], {"a": []}, null, false, 0, "", 22, 1.5, "x", [1, "a", null, {"b": [true]}]]`), &values); err != nil {
		t.Fatal(err)
	}
	values = append(values, json.Number("3"), []any{}, map[string]any{})
	var fs []report.Finding
	for i, v := range values {
		f := report.Finding{RuleID: "SSH001", Title: "t", Host: "h", Path: "p", Message: "m", Severity: rule.High,
			Location:    report.Location{File: "hosts/a.nix", StartLine: i + 1, Snippet: "  x = 1;"},
			Fix:         &rule.Fix{Path: "services.x", Value: v},
			Edit:        &report.Edit{File: "hosts/a.nix", StartLine: 1, Text: "false", Source: "abc123"},
			Fingerprint: "f",
		}
		if i%2 == 0 {
			f.Definitions = []report.Definition{{Name: "p", Value: v, Status: "wins"}, {Name: "p", Status: "overridden", Source: "true"}}
		}
		if i%3 == 0 {
			f.Fix, f.Edit = nil, nil
			f.NoEdit = "no edit"
		}
		fs = append(fs, f)
	}
	errs := []report.HostError{{Host: "h", Path: "x", Rules: []string{"SSH001"}, Message: "m"}}
	b, ok := encodeEntry(findingsEntry{Key: "k", Host: "h", Findings: fs, Errors: errs})
	if !ok {
		t.Fatal("not encoded")
	}
	e, ok := decodeEntry(b)
	if !ok || e.Key != "k" || e.Host != "h" {
		t.Fatalf("not decoded: %v %+v", ok, e)
	}
	want, _ := json.Marshal(fs)
	got, _ := json.Marshal(e.Findings)
	if string(got) != string(want) {
		t.Errorf("findings differ:\n got %s\nwant %s", got, want)
	}
	if !reflect.DeepEqual(e.Errors, errs) {
		t.Errorf("errors %+v", e.Errors)
	}
	for i := range fs {
		if fs[i].Edit != nil && e.Findings[i].Edit.Source != fs[i].Edit.Source {
			t.Errorf("finding %d: edit source %q", i, e.Findings[i].Edit.Source)
		}
	}
	// The stored findings are not changed by encoding them.
	if again, _ := json.Marshal(fs); string(again) != string(want) {
		t.Error("encoding changed the findings")
	}
	for _, bad := range [][]byte{nil, []byte("not an entry"), b[:len(b)/2], append(append([]byte{}, b...), 0)} {
		if _, ok := decodeEntry(bad); ok {
			t.Errorf("decoded %q", bad)
		}
	}
	// Any cut or flipped byte is refused or decoded, never a panic or a
	// huge allocation.
	r := rand.New(rand.NewPCG(3, 4))
	for range 2000 {
		c := append([]byte{}, b...)
		for range 1 + r.IntN(4) {
			c[r.IntN(len(c))] = byte(r.IntN(256))
		}
		decodeEntry(c[:r.IntN(len(c)+1)])
	}
}

// The entry codec's decoders, built from a type's reflection, read back
// what its writer wrote for every kind it handles, a recursive type
// included, and refuse an int32 out of range.
func TestEntryCodecKinds(t *testing.T) {
	type node struct {
		Name  string
		N     int32
		I     int64
		Int   int
		B     bool
		Next  *node
		Kids  []node
		Empty []string
		Nil   []string
		V     any
	}
	in := node{Name: "a", N: -7, I: 1 << 40, Int: -3, B: true, Next: &node{Name: "b", V: json.Number("2")},
		Kids: []node{{Name: "c", Kids: []node{{Name: "d", B: true}}}}, Empty: []string{}, V: map[string]any{"k": []any{"x"}}}
	var w entryWriter
	if err := w.value(reflect.ValueOf(in)); err != nil {
		t.Fatal(err)
	}
	var out node
	r := entryReader{s: w.String()}
	decoderOf(reflect.TypeFor[node]())(&r, unsafe.Pointer(&out))
	if r.err != nil || len(r.s) != 0 {
		t.Fatalf("decode: %v, %d bytes left", r.err, len(r.s))
	}
	if !reflect.DeepEqual(out, in) {
		t.Errorf("got %+v\nwant %+v", out, in)
	}
	if out.Empty == nil || out.Nil != nil {
		t.Errorf("empty and nil lists: %#v %#v", out.Empty, out.Nil)
	}

	type narrow struct{ N int32 }
	var big entryWriter
	if err := big.value(reflect.ValueOf(struct{ N int64 }{1 << 40})); err != nil {
		t.Fatal(err)
	}
	var n narrow
	r = entryReader{s: big.String()}
	decoderOf(reflect.TypeFor[narrow]())(&r, unsafe.Pointer(&n))
	if r.err == nil {
		t.Errorf("an int32 of 2^40 decoded as %d", n.N)
	}
}
