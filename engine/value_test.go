package engine

import (
	"encoding/json"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
)

// toValue must give exactly what ast.InterfaceToValue gives, on every
// shape an input document is made of.
func TestToValueMatchesOPA(t *testing.T) {
	var decoded any
	if err := json.Unmarshal([]byte(`{"b": true, "n": 1.5, "i": 22, "s": "x", "z": null,
		"l": [1, "a", [], {}, {"k": [null, false]}], "o": {"": 1, "a b": {"c": "d"}}}`), &decoded); err != nil {
		t.Fatal(err)
	}
	cases := []any{
		decoded,
		map[string]any{"defined": map[string]bool{"a": true, "b": false}, "errors": map[string]string{"x": "y"},
			"files": map[string][]string{"p": {"f1", "f2"}, "q": {}, "r": nil}, "now": int64(17), "num": json.Number("3"),
			"empty": map[string]any{}, "list": []any{}, "f": 2.5, "u": uint64(4)},
		map[string]bool{}, []any{nil, true, "s"}, "plain", nil,
	}
	for _, c := range cases {
		want, err := ast.InterfaceToValue(c)
		if err != nil {
			t.Fatal(err)
		}
		got, err := toValue(c)
		if err != nil {
			t.Fatal(err)
		}
		if got.Compare(want) != 0 {
			t.Errorf("toValue(%v) = %v, want %v", c, got, want)
		}
	}
}

// inputValue, converted lazily, must equal toValue's conversion: read
// entry by entry, and whole.
func TestInputValueMatchesToValue(t *testing.T) {
	var config any
	if err := json.Unmarshal([]byte(`{"services": {"openssh": {"enable": true, "ports": [22, 2222]}},
		"users": {"users": {"a b": {"isNormalUser": true}}}, "z": null, "n": 1.5}`), &config); err != nil {
		t.Fatal(err)
	}
	in := map[string]any{
		"host": "web", "config": config, "now": int64(17),
		"defined": map[string]bool{"a": true, "b": false}, "errors": map[string]string{"x": "y"},
		"files": map[string][]string{"p": {"f1", "f2"}, "q": {}, "r": nil},
		"flake": map[string]any{"inputs": map[string]any{}},
	}
	want, err := toValue(in)
	if err != nil {
		t.Fatal(err)
	}
	for _, ref := range []string{`input.config.services.openssh.ports[1]`, `input.files.r`, `input.files.q`,
		`input.files.p`, `input.defined.b`, `input.errors.x`, `input.config.users.users["a b"]`, `input.now`, `input.host`} {
		got, err := inputValue(in)
		if err != nil {
			t.Fatal(err)
		}
		r := ast.MustParseRef(ref)[1:]
		g, gerr := got.Find(r)
		w, werr := want.Find(r)
		if gerr != nil || werr != nil || g.Compare(w) != 0 {
			t.Errorf("%s: lazy %v (%v), eager %v (%v)", ref, g, gerr, w, werr)
		}
	}
	got, err := inputValue(in)
	if err != nil {
		t.Fatal(err)
	}
	if got.Compare(want) != 0 {
		t.Errorf("inputValue = %v, want %v", got, want)
	}
}
