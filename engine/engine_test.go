package engine

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/nixsec/nixsec/rule"
)

const mainRego = `package nixsec.main

report[concat(".", [family, name])] := d if {
	some family, name
	d := data.nixsec.rules[family][name].deny
	count(d) > 0
}

not_applicable[concat(".", [family, name])] := r if {
	some family, name
	r := data.nixsec.rules[family][name].not_applicable
}
`

func ruleSrc(id, sev, body string) string {
	var b strings.Builder
	b.WriteString("# METADATA\n# title: test rule\n# description: a test rule\n# custom:\n")
	if id != "" {
		b.WriteString("#   id: " + id + "\n")
	}
	if sev != "" {
		b.WriteString("#   severity: " + sev + "\n")
	}
	b.WriteString("#   options:\n#     - services.openssh.enable\n#     - path: services.openssh.settings.PasswordAuthentication\n#       aliases: [services.openssh.passwordAuthentication]\n")
	b.WriteString("package nixsec.rules.test." + strings.ToLower(id+"x") + "\n\n" + body)
	return b.String()
}

func testEngine(t *testing.T, files map[string]string) (*Engine, error) {
	t.Helper()
	fs := fstest.MapFS{"main.rego": {Data: []byte(mainRego)}}
	for n, s := range files {
		fs[n] = &fstest.MapFile{Data: []byte(s)}
	}
	return New(context.Background(), []Source{{Name: "pol", FS: fs}})
}

func TestEvalAndMetadata(t *testing.T) {
	e, err := testEngine(t, map[string]string{"a.rego": ruleSrc("TST001", "high", `deny contains {"path": "services.openssh.enable", "msg": "on", "fix": {"path": "services.openssh.enable", "value": false}} if input.config.services.openssh.enable
`)})
	if err != nil {
		t.Fatal(err)
	}
	r := e.Rule("TST001")
	if r == nil || r.Severity != rule.High || r.File != "pol/a.rego" || r.Line != 1 || len(r.Options) != 2 || r.Options[1].Aliases[0] != "services.openssh.passwordAuthentication" {
		t.Fatalf("metadata: %+v", r)
	}
	// Prepared once, evaluated from many goroutines, each host after
	// another on the engine's workers (run with -race).
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func(on bool) {
			defer wg.Done()
			for range 25 {
				vs, err := e.Eval(context.Background(), map[string]any{"config": map[string]any{"services": map[string]any{"openssh": map[string]any{"enable": on}}}})
				if err != nil {
					t.Error(err)
					return
				}
				if on && (len(vs) != 1 || vs[0].Rule.ID != "TST001" || vs[0].Fix == nil || vs[0].Fix.Value != false) {
					t.Errorf("violations: %+v", vs)
				}
				if !on && len(vs) != 0 {
					t.Errorf("violations when off: %+v", vs)
				}
			}
		}(i%2 == 0)
	}
	wg.Wait()
}

func TestPolicyErrors(t *testing.T) {
	cases := []struct {
		name, src, want string
	}{
		{"no id", ruleSrc("", "high", "deny contains 1 if false\n"), "a.rego:1: METADATA lacks custom.id"},
		{"no severity", ruleSrc("TST002", "", "deny contains 1 if false\n"), "a.rego:1: METADATA lacks custom.severity"},
		{"bad severity", ruleSrc("TST003", "urgent", "deny contains 1 if false\n"), `unknown severity "urgent"`},
		{"parse error", "package nixsec.rules.x.y\n\ndeny contains v if {\n", "pol/a.rego:"},
		{"compile error", ruleSrc("TST004", "low", "deny contains v if { v := unknown_fn(1) }\n"), "pol/a.rego:13: undefined function unknown_fn"},
		{"network", ruleSrc("TST005", "low", "deny contains v if { v := http.send({\"method\": \"get\", \"url\": \"http://x\"}) }\n"), "http.send"},
		{"no metadata", "package nixsec.rules.x.y\n\ndeny contains 1 if false\n", "pol/a.rego:1: nixsec.rules.x.y: no rule METADATA with custom.id and custom.severity"},
		{"bad package", "package nixsec.rules.x\n\ndeny contains 1 if false\n", "a.rego:1: a rule package must be nixsec.rules.<family>.<rule>"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := testEngine(t, map[string]string{"a.rego": c.src})
			var pe *PolicyError
			if !errors.As(err, &pe) {
				t.Fatalf("want a PolicyError, got %v", err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %q does not contain %q", err, c.want)
			}
		})
	}
}

func TestDuplicateID(t *testing.T) {
	_, err := testEngine(t, map[string]string{
		"a.rego": ruleSrc("TST001", "high", "deny contains 1 if false\n"),
		"b.rego": strings.Replace(ruleSrc("TST001", "high", "deny contains 1 if false\n"), "tst001x", "other", 1),
	})
	if err == nil || !strings.Contains(err.Error(), "rule id TST001 is already used") {
		t.Fatalf("got %v", err)
	}
}

// A rule whose builtin errors must fail the run, not pass silently.
func TestBuiltinErrorFailsClosed(t *testing.T) {
	e, err := testEngine(t, map[string]string{"a.rego": ruleSrc("TST006", "high", `deny contains {"path": "a", "msg": "m"} if to_number(input.x) > 1
`)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Eval(context.Background(), map[string]any{"x": "not a number"}); err == nil {
		t.Fatal("want an error from a failing builtin")
	}
}

func TestMalformedViolation(t *testing.T) {
	e, err := testEngine(t, map[string]string{"a.rego": ruleSrc("TST007", "high", `deny contains {"msg": "no path"} if true
`)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Eval(context.Background(), map[string]any{}); err == nil || !strings.Contains(err.Error(), "needs a string path") {
		t.Fatalf("got %v", err)
	}
}

// Rules are found by what they declare: rule METADATA (on the package or
// on deny) and deny, in any package outside nixsec, beside helper
// packages and rules under nixsec.rules; one evaluation runs them all.
func TestDiscoverUserRules(t *testing.T) {
	b, err := userBundle(t, map[string]string{
		"lib.rego": "# METADATA\n# title: the organisation's lists\npackage org.lib\n\nadmins := {\"admin\"}\n",
		"admins.rego": adminsMeta + `package org.admins

import data.org.lib

deny contains {"path": sprintf("users.users.%s.extraGroups", [name]), "msg": sprintf("%s is in wheel", [name])} if {
	some name, u in input.config.users.users
	"wheel" in u.extraGroups
	not name in lib.admins
}
`,
		"ports.rego": `package org["web-team"].ports

# METADATA
# title: port 8080 is open
# custom:
#   id: ORG903
#   severity: medium
#   options: [networking.firewall.allowedTCPPorts]
deny contains {"path": "networking.firewall.allowedTCPPorts", "msg": "8080 is open"} if {
	8080 in input.config.networking.firewall.allowedTCPPorts
}
`,
		"org002.rego": orgRule,
	})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range b.Rules() {
		if !r.Builtin {
			got[r.ID] = fmt.Sprintf("%s %s:%d %s", r.Package, r.File, r.Line, r.Severity)
		}
	}
	want := map[string]string{
		"ORG002": "org.org002 pol/org002.rego:1 low",
		"ORG900": "org.admins pol/admins.rego:1 high",
		"ORG903": `org["web-team"].ports pol/ports.rego:3 medium`,
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("rules %v, want %v", got, want)
	}
	b.WithData(map[string]any{"zone": "UTC"})
	e, err := b.Prepare(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	vs, err := e.Eval(context.Background(), map[string]any{"host": "h", "config": map[string]any{
		"time":       map[string]any{"timeZone": "CET"},
		"users":      map[string]any{"users": map[string]any{"admin": map[string]any{"extraGroups": []any{"wheel"}}, "bob": map[string]any{"extraGroups": []any{"wheel", "audio"}}}},
		"networking": map[string]any{"firewall": map[string]any{"allowedTCPPorts": []any{22, 8080}}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, v := range vs {
		if !v.Rule.Builtin {
			lines = append(lines, v.Rule.ID+" "+v.Path+": "+v.Message)
		}
	}
	wantV := "ORG002 time.timeZone: not UTC\nORG900 users.users.bob.extraGroups: bob is in wheel\nORG903 networking.firewall.allowedTCPPorts: 8080 is open"
	if strings.Join(lines, "\n") != wantV {
		t.Fatalf("violations:\n%s\nwant:\n%s", strings.Join(lines, "\n"), wantV)
	}
	// A violation of a rule of one's own is checked like any other.
	bad, err := userBundle(t, map[string]string{"a.rego": adminsMeta + "package org.admins\n\ndeny contains {\"msg\": \"no path\"} if true\n"})
	if err != nil {
		t.Fatal(err)
	}
	be, err := bad.Prepare(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := be.Eval(context.Background(), map[string]any{}); err == nil || !strings.Contains(err.Error(), "ORG900 (pol/a.rego): a violation needs a string path and msg") {
		t.Fatalf("got %v", err)
	}
}

// A deny written from a parent package (admins.deny in package org), with
// its METADATA above it, is the rule of package org.admins.
func TestDiscoverRefHead(t *testing.T) {
	b, err := userBundle(t, map[string]string{"a.rego": "package org\n\n" + adminsMeta + strings.Replace(adminsDeny, "deny contains", "admins.deny contains", 1)})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range b.rules {
		if !r.Builtin {
			got = append(got, fmt.Sprintf("%s %s %s:%d %s", r.ID, r.Package, r.File, r.Line, r.denyAt))
		}
	}
	if want := "ORG900 org.admins pol/a.rego:3 pol/a.rego:9"; strings.Join(got, "\n") != want {
		t.Fatalf("rules %q, want %q", got, want)
	}
	if _, err := b.Prepare(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// TestNotApplicable: a rule's not_applicable string reaches the result by
// rule id; one that is not a string fails the evaluation.
func TestNotApplicable(t *testing.T) {
	e, err := testEngine(t, map[string]string{
		"a.rego": ruleSrc("TST001", "high", "deny contains {\"path\": \"a\", \"msg\": \"m\"} if input.config.x\n\nnot_applicable := \"no display\" if not input.config.gui\n"),
		"b.rego": ruleSrc("TST002", "high", "deny contains {\"path\": \"a\", \"msg\": \"m\"} if false\n"),
	})
	if err != nil {
		t.Fatal(err)
	}
	res, err := e.EvalHost(context.Background(), map[string]any{"config": map[string]any{"gui": false}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.NotApplicable) != 1 || res.NotApplicable["TST001"] != "no display" {
		t.Errorf("not applicable: %v", res.NotApplicable)
	}
	res, err = e.EvalHost(context.Background(), map[string]any{"config": map[string]any{"gui": true}})
	if err != nil || len(res.NotApplicable) != 0 {
		t.Errorf("with a display: %v, %v", res.NotApplicable, err)
	}
	e, err = testEngine(t, map[string]string{"a.rego": ruleSrc("TST001", "high", "deny contains {\"path\": \"a\", \"msg\": \"m\"} if false\n\nnot_applicable := 3\n")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.EvalHost(context.Background(), map[string]any{}); err == nil || !strings.Contains(err.Error(), "not_applicable is 3") {
		t.Errorf("a number as reason: %v", err)
	}
}

// The query walks the rule packages for not_applicable only when a module
// may define one: the entrypoint's own walk does not count, a head with a
// variable may name anything.
func TestMayGiveReasons(t *testing.T) {
	for _, c := range []struct {
		body string
		want bool
	}{
		{"deny contains {\"path\": \"a\", \"msg\": \"m\"} if false\n", false},
		{"deny contains {\"path\": \"a\", \"msg\": \"m\"} if false\n\nnot_applicable := \"why\" if false\n", true},
		{"deny contains {\"path\": \"a\", \"msg\": \"m\"} if false\n\nx.not_applicable := \"why\" if false\n", true},
		{"deny contains {\"path\": \"a\", \"msg\": \"m\"} if false\n\nnot_applicable.x := \"why\"\n", true},
		{"deny contains {\"path\": \"a\", \"msg\": \"m\"} if false\n\nx[k] := \"why\" if k := \"y\"\n", true},
	} {
		b, err := Load([]Source{{Name: "pol", FS: fstest.MapFS{"main.rego": {Data: []byte(mainRego)}, "a.rego": {Data: []byte(ruleSrc("TST001", "high", c.body))}}}})
		if err != nil {
			t.Fatal(err)
		}
		if got := mayGiveReasons(b.mods); got != c.want {
			t.Errorf("%q: %v, want %v", c.body, got, c.want)
		}
	}
}

// TestOnly: a bundle narrowed to some rules evaluates only those.
func TestOnly(t *testing.T) {
	fs := fstest.MapFS{"main.rego": {Data: []byte(mainRego)},
		"a.rego": {Data: []byte(ruleSrc("TST001", "high", "deny contains {\"path\": \"a\", \"msg\": \"one\"} if true\n"))},
		"b.rego": {Data: []byte(ruleSrc("TST002", "high", "deny contains {\"path\": \"a\", \"msg\": \"two\"} if true\n"))}}
	b, err := Load([]Source{{Name: "pol", FS: fs}})
	if err != nil {
		t.Fatal(err)
	}
	e, err := b.Only([]string{"TST002"}).Prepare(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	vs, err := e.Eval(context.Background(), map[string]any{})
	if err != nil || len(vs) != 1 || vs[0].Rule.ID != "TST002" {
		t.Errorf("Only(TST002): %v, %v", vs, err)
	}
	if len(e.Rules()) != 2 {
		t.Errorf("Rules() lost the other rules: %d", len(e.Rules()))
	}
}

// BenchmarkEvalFloor is what the engine costs around the rules: n rules
// whose deny is one false comparison, on a small input (evaluation setup,
// the entrypoint's walk, each rule's lookup). A bundle of n real rules
// cannot cost less per host (docs/performance.md, issue 17).
func BenchmarkEvalFloor(b *testing.B) {
	for _, n := range []int{1, 59} {
		b.Run(fmt.Sprintf("rules=%d", n), func(b *testing.B) {
			files := map[string]string{}
			for i := range n {
				files[fmt.Sprintf("r%d.rego", i)] = ruleSrc(fmt.Sprintf("TST%03d", i), "high", "deny contains {\"path\": \"a\", \"msg\": \"b\"} if input.config.x.y == true\n")
			}
			fs := fstest.MapFS{"main.rego": {Data: []byte(mainRego)}}
			for name, s := range files {
				fs[name] = &fstest.MapFile{Data: []byte(s)}
			}
			e, err := New(context.Background(), []Source{{Name: "pol", FS: fs}})
			if err != nil {
				b.Fatal(err)
			}
			in := map[string]any{"config": map[string]any{"x": map[string]any{"y": false}}}
			b.ReportAllocs()
			for b.Loop() {
				if vs, err := e.Eval(context.Background(), in); err != nil || len(vs) != 0 {
					b.Fatal(vs, err)
				}
			}
		})
	}
}
