package engine

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"
)

// The violations and not_applicable reasons, and the errors for malformed
// ones, as the engine gave them when it decoded rego's generic Go values
// (each want is that decoding's output): decodeResult, reading OPA's terms,
// must give the same, down to the Go types of a fix's value.
func TestDecodeResults(t *testing.T) {
	direct := "# METADATA\n# title: direct\n# custom:\n#   id: ORG901\n#   severity: low\n#   options: [a]\npackage org.direct\n\n"
	cases := []struct {
		name, src, input, want string
	}{
		{"violations", ruleSrc("TST001", "high", `deny contains {"path": "a.b", "msg": "m", "anchor": "x", "file": "f.nix", "fix": {"path": "a.b", "value": {"k": [1, 2.5, "s", null, true]}}} if true
deny contains {"path": "a.c", "msg": "n", "fix": {"path": "a.c"}} if true
deny contains {"path": "a.d", "msg": "o", "fix": {"path": "a.d", "value": input.config.sub}, "id": "TST001", 7: "x"} if true
deny contains {"path": "a.e", "msg": "p", "fix": "not an object"} if true
`), `{"config": {"sub": {"n": 1, "l": ["x"]}}}`, "TST001 \"a.b\" \"m\" \"x\" \"f.nix\" fix \"a.b\" map{k: [json.Number(1), json.Number(2.5), string(s), <nil>(<nil>), bool(true)]}\nTST001 \"a.c\" \"n\" \"\" \"\" fix \"a.c\" <nil>(<nil>)\nTST001 \"a.d\" \"o\" \"\" \"\" fix \"a.d\" map{l: [string(x)], n: float64(1)}\nTST001 \"a.e\" \"p\" \"\" \"\""},
		{"not an object", ruleSrc("TST001", "high", "deny contains input.v if true\n"), `{"v": ["a", 1]}`, "error: a rule produced [a 1], not an object"},
		{"no path", ruleSrc("TST001", "high", `deny contains {"msg": "m", "x": [1]} if true`+"\n"), `{}`, "error: TST001 (pol/a.rego): a violation needs a string path and msg, got map[msg:m x:[1]]"},
		{"path not a string", ruleSrc("TST001", "high", `deny contains {"path": 1, "msg": "m"} if true`+"\n"), `{}`, "error: TST001 (pol/a.rego): a violation needs a string path and msg, got map[msg:m path:1]"},
		{"fix without a path", ruleSrc("TST001", "high", `deny contains {"path": "a", "msg": "m", "fix": {"value": {"v": 1}}} if true`+"\n"), `{}`, "error: TST001 (pol/a.rego): fix needs a path, got map[value:map[v:1]]"},
		{"id not a string", ruleSrc("TST001", "high", `deny contains {"path": "a", "msg": "m", "id": {"x": 5}} if true`+"\n"), `{}`, "error: TST001 (pol/a.rego): a violation has \"id\": map[x:5], but its rule is TST001; a violation belongs to its package's rule, drop the id"},
		{"not applicable", ruleSrc("TST001", "high", "deny contains {\"path\": \"a\", \"msg\": \"m\"} if false\n\nnot_applicable := \"why\"\n"), `{}`, "TST001: why"},
		{"not applicable object", ruleSrc("TST001", "high", "deny contains {\"path\": \"a\", \"msg\": \"m\"} if false\n\nnot_applicable := {\"a\": [1]}\n"), `{}`, "error: TST001 (pol/a.rego): not_applicable is {\"a\":[1]}, not a reason: write `not_applicable := \"why\" if {...}`"},
		{"not applicable empty", ruleSrc("TST001", "high", "deny contains {\"path\": \"a\", \"msg\": \"m\"} if false\n\nnot_applicable := \"\"\n"), `{}`, "error: TST001 (pol/a.rego): not_applicable is \"\", not a reason: write `not_applicable := \"why\" if {...}`"},
		{"direct", direct + `deny contains {"path": "a", "msg": "m", "fix": {"path": "a", "value": 3}} if true` + "\n", `{}`, "ORG901 \"a\" \"m\" \"\" \"\" fix \"a\" json.Number(3)"},
		{"direct not an object", direct + "deny contains input.v if true\n", `{"v": [1]}`, "error: ORG901 (pol/a.rego:9): deny holds [1], not a violation: nixsec needs objects {\"path\": \"<option path>\", \"msg\": \"...\"}, where path is the option at fault"},
		{"direct bad", direct + "deny contains {\"path\": \"a\", \"msg\": 2} if true\n", `{}`, "error: ORG901 (pol/a.rego): a violation needs a string path and msg, got map[msg:2 path:a]"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e, err := testEngine(t, map[string]string{"a.rego": c.src})
			if err != nil {
				t.Fatal(err)
			}
			var in map[string]any
			if err := json.Unmarshal([]byte(c.input), &in); err != nil {
				t.Fatal(err)
			}
			res, err := e.EvalHost(context.Background(), in)
			var got []string
			if err != nil {
				got = append(got, "error: "+err.Error())
			}
			for _, v := range res.Violations {
				s := fmt.Sprintf("%s %q %q %q %q", v.Rule.ID, v.Path, v.Message, v.Anchor, v.File)
				if v.Fix != nil {
					s += fmt.Sprintf(" fix %q %s", v.Fix.Path, goTypes(v.Fix.Value))
				}
				got = append(got, s)
			}
			var na []string
			for id, why := range res.NotApplicable {
				na = append(na, id+": "+why)
			}
			sort.Strings(na)
			got = append(got, na...)
			if g := strings.Join(got, "\n"); g != c.want {
				t.Errorf("got\n%s\nwant\n%s", g, c.want)
			}
		})
	}
}

// goTypes shows a Go value with the type of each part.
func goTypes(v any) string {
	switch v := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var parts []string
		for _, k := range keys {
			parts = append(parts, k+": "+goTypes(v[k]))
		}
		return "map{" + strings.Join(parts, ", ") + "}"
	case []any:
		var parts []string
		for _, x := range v {
			parts = append(parts, goTypes(x))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return fmt.Sprintf("%T(%v)", v, v)
}
