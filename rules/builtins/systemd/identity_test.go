package systemd_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/nixsec/nixsec/rules"
	"github.com/nixsec/nixsec/rules/builtins"
	"github.com/nixsec/nixsec/rules/builtins/systemd"
)

// userValues and dynamicValues are what a serviceConfig may hold for User
// and DynamicUser (JSON, as nixsec's input holds Nix values): unset, the
// names systemd reads as root, their look-alikes (padding, case, line
// breaks, numbers), lists with empty and null resets, nested lists,
// booleans, and objects NixOS cannot write. No float with an integer value:
// Nix's JSON writes 0.0 as 0, and Rego takes 0.0 for 0 (OPA caches a
// function's result by argument value), so neither could tell them apart.
var (
	userValues = []string{
		``, `null`, `""`, `" "`, `"root"`, `"0"`, `0`, `-0`, `0.5`, `1`, `1000`, `" root "`, `"root "`,
		`"\troot"`, `"root\n"`, `"\nroot"`, `"root\nx"`, `"ROOT"`, `"Root"`, `"00"`, `"+0"`, `" 0 "`, `"nobody"`,
		`"app"`, `true`, `false`, `"true"`, `{}`, `{"a": "root"}`,
		`[]`, `[null]`, `[""]`, `["root"]`, `["root", ""]`, `["", "root"]`, `["app", "root"]`, `["root", "app"]`,
		`[0]`, `["0", null]`, `[null, "0"]`, `[["root"]]`, `[[]]`, `[["root", "app"]]`, `[" root "]`, `["root", " "]`,
		`[true]`, `[false]`, `["root", null]`, `["nobody", ""]`, `["root", {}]`, `[{}, "app"]`, `["app", "\n"]`,
	}
	dynamicValues = []string{
		``, `null`, `true`, `false`, `"yes"`, `"no"`, `"on"`, `"off"`, `"1"`, `"0"`, `"true"`, `"false"`,
		`"y"`, `"n"`, `"t"`, `"f"`, `"Yes"`, `"ON"`, `" yes "`, `"yes\n"`, `"\nyes"`, `""`, `"bogus"`, `"strict"`,
		`1`, `0`, `2`, `-0`, `1.5`, `{}`,
		`[]`, `[true]`, `[false]`, `[true, false]`, `[false, true]`, `[true, ""]`, `["", true]`, `["yes", "bogus"]`,
		`["bogus"]`, `[null]`, `[true, null]`, `[1]`, `[0]`, `["1", ""]`, `[[true]]`, `[[]]`, `[[], "on"]`, `["no", {}]`,
	}
)

// identityCase is a generated serviceConfig and where its values came from.
type identityCase struct {
	sc                 ast.Object
	user, dynamic, how string
}

// identityCases is every User value with every DynamicUser value, each
// combination written four ways: under the plain names; User under
// "User " (systemd reads a name without the white space around it);
// after a " User" = "root" that NixOS writes first (names are written in
// sorted order), so that a User writing nothing leaves root; DynamicUser
// under " DynamicUser".
func identityCases(t testing.TB) []identityCase {
	t.Helper()
	ways := []struct{ how, user, dynamic, extra string }{
		{"plain", "User", "DynamicUser", ""},
		{"padded User", "User ", "DynamicUser", ""},
		{"after \" User\" = root", "User", "DynamicUser", " User"},
		{"padded DynamicUser", "User", " DynamicUser", ""},
	}
	var cases []identityCase
	for _, w := range ways {
		for _, u := range userValues {
			for _, d := range dynamicValues {
				sc := ast.NewObject()
				if u != "" {
					sc.Insert(ast.StringTerm(w.user), parse(t, u))
				}
				if d != "" {
					sc.Insert(ast.StringTerm(w.dynamic), parse(t, d))
				}
				if w.extra != "" {
					sc.Insert(ast.StringTerm(w.extra), ast.StringTerm("root"))
				}
				cases = append(cases, identityCase{sc: sc, user: u, dynamic: d, how: w.how})
			}
		}
	}
	return cases
}

// TestReadingsAgree runs the generated cases through the Rego helpers and
// through the exposure scoring (SVC007), and requires one reading: whether
// a service runs as root (lib.runs_as_root, which SVC006 reads through
// nixsec.systemd_user; the scoring leaves SupplementaryGroups and RemoveIPC
// out exactly for root), its User (SVC006's message and fix) and a boolean
// setting
// (lib.systemd_true and lib.systemd_false, as the scoring reads
// DynamicUser).
func TestReadingsAgree(t *testing.T) {
	cases := identityCases(t)
	scs := make([]*ast.Term, len(cases))
	for i, c := range cases {
		scs[i] = ast.NewTerm(c.sc)
	}
	root := indices(t, evalLib(t, `{i | some i, sc in input; data.nixsec.lib.runs_as_root(sc)}`, scs))
	names := evalLib(t, `[nixsec.systemd_user(sc).name | some sc in input]`, scs).([]any)
	disagree := 0
	for i, c := range cases {
		scored := map[string]bool{}
		for _, s := range systemd.ExposureOf(c.sc).Scores {
			scored[s.ID] = true
		}
		goRoot := !scored["SupplementaryGroups="] && !scored["RemoveIPC="]
		if scored["SupplementaryGroups="] != scored["RemoveIPC="] {
			t.Fatalf("%s: User %s, DynamicUser %s: the scoring applies one of SupplementaryGroups and RemoveIPC", c.how, c.user, c.dynamic)
		}
		user, _ := systemd.ScoredUser(c.sc)
		if root[i] != goRoot || names[i] != user {
			disagree++
			t.Errorf("%s: User %s, DynamicUser %s: lib.runs_as_root %v, User %q; the scoring: root %v, User %q",
				c.how, c.user, c.dynamic, root[i], names[i], goRoot, user)
		}
	}
	t.Logf("runs_as_root and User: %d cases, %d disagreements", len(cases), disagree)

	var values []*ast.Term
	for _, s := range slices.Concat(dynamicValues, userValues) {
		if s != "" {
			values = append(values, parse(t, s))
		}
	}
	on := indices(t, evalLib(t, `{i | some i, v in input; data.nixsec.lib.systemd_true(v)}`, values))
	off := indices(t, evalLib(t, `{i | some i, v in input; data.nixsec.lib.systemd_false(v)}`, values))
	disagree = 0
	for i, v := range values {
		b, set := systemd.ScoredBool(v.Value)
		if on[i] != (set && b) || off[i] != (set && !b) {
			disagree++
			t.Errorf("%v: lib.systemd_true %v, lib.systemd_false %v; the scoring: %v (valid: %v)", v, on[i], off[i], b, set)
		}
	}
	t.Logf("systemd_true and systemd_false: %d values, %d disagreements", len(values), disagree)
}

func parse(t testing.TB, s string) *ast.Term {
	t.Helper()
	v, err := ast.ValueFromReader(strings.NewReader(s))
	if err != nil {
		t.Fatalf("%s: %v", s, err)
	}
	return ast.NewTerm(v)
}

// evalLib evaluates query over input, with rules/lib and nixsec's
// builtins, as the linter compiles them.
func evalLib(t testing.TB, query string, input []*ast.Term) any {
	t.Helper()
	lib, err := rules.FS.ReadFile("lib/nixsec.rego")
	if err != nil {
		t.Fatal(err)
	}
	caps := ast.CapabilitiesForThisVersion()
	opts := []func(*rego.Rego){
		rego.Query("x := " + query),
		rego.Module("lib/nixsec.rego", string(lib)),
		rego.ParsedInput(ast.NewArray(input...)),
		rego.SetRegoVersion(ast.RegoV1),
		rego.StrictBuiltinErrors(true),
		rego.Strict(true),
	}
	for _, b := range builtins.All {
		caps.Builtins = append(caps.Builtins, b.Decl)
		opts = append(opts, b.Impl)
	}
	rs, err := rego.New(append(opts, rego.Capabilities(caps))...).Eval(context.Background())
	if err != nil || len(rs) != 1 {
		t.Fatalf("%s: %v %v", query, rs, err)
	}
	return rs[0].Bindings["x"]
}

// indices is a set of indices, as a result holds it (a list).
func indices(t testing.TB, x any) map[int]bool {
	t.Helper()
	xs, ok := x.([]any)
	if !ok {
		t.Fatalf("%T, want a set", x)
	}
	out := make(map[int]bool, len(xs))
	for _, x := range xs {
		n, err := x.(json.Number).Int64()
		if err != nil {
			t.Fatal(err)
		}
		out[int(n)] = true
	}
	return out
}
