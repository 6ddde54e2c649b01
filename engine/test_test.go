package engine

import (
	"context"
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/nixsec/nixsec/rules"
	"github.com/nixsec/nixsec/rules/builtins"
)

func userBundle(t *testing.T, files map[string]string) (*Bundle, error) {
	t.Helper()
	fs := fstest.MapFS{}
	for n, s := range files {
		fs[n] = &fstest.MapFile{Data: []byte(s)}
	}
	return Load([]Source{{Name: "builtin", FS: rules.FS, Builtin: true, Builtins: builtins.All}, {Name: "pol", FS: fs}})
}

const orgRule = `# METADATA
# title: not UTC
# custom:
#   id: ORG002
#   severity: low
#   options: [time.timeZone]
package nixsec.rules.org.org002

import data.nixsec.lib

deny contains {"path": "time.timeZone", "msg": "not UTC"} if lib.cfg(["time", "timeZone"], null) != data.nixsec.user.zone
`

func TestUserTests(t *testing.T) {
	b, err := userBundle(t, map[string]string{
		"org002.rego": orgRule,
		"org002_test.rego": `package nixsec.rules.org.org002_test

import data.nixsec.rules.org.org002

test_utc_passes if {
	count(org002.deny) == 0 with input as {"config": {"time": {"timeZone": "UTC"}}}
}

test_wrong_expectation if {
	print("zone", data.nixsec.user.zone)
	count(org002.deny) == 1
		with input as {"config": {"time": {"timeZone": "UTC"}}}
}

test_key_info if {
	nixsec.ssh_key_info("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPDp7Q10FlO99TrmBYRjnHAdgqLID1TZRuPYEHx7JO56 a").bits == 256
}

test_error if {
	to_number("x") == 1
}
`,
	})
	if err != nil {
		t.Fatal(err)
	}
	if b.Tests() != 1 {
		t.Errorf("Tests() = %d, want 1 (built-in tests are not the user's)", b.Tests())
	}
	b.WithData(map[string]any{"zone": "UTC"})
	if err := b.CompileTests(); err != nil {
		t.Fatal(err)
	}
	res, err := b.Test(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]TestResult{}
	for _, r := range res {
		got[strings.TrimPrefix(r.Name, "nixsec.rules.org.org002_test.")] = r
	}
	if len(res) != 4 {
		t.Fatalf("%d results, want the 4 user tests: %+v", len(res), res)
	}
	if got["test_utc_passes"].Outcome != TestPass || got["test_key_info"].Outcome != TestPass {
		t.Errorf("passing tests: %+v", res)
	}
	f := got["test_wrong_expectation"]
	if f.Outcome != TestFail || f.FailedAt != "pol/org002_test.rego:11" || f.Line != 9 || !strings.Contains(f.Output, "zone UTC") {
		t.Errorf("failing test: %+v", f)
	}
	if e := got["test_error"]; e.Outcome != TestError || !strings.Contains(e.Message, "to_number") {
		t.Errorf("erroring test: %+v", e)
	}
	res, err = b.Test(context.Background(), "utc")
	if err != nil || len(res) != 1 {
		t.Errorf("filter: %+v %v", res, err)
	}
}

// A test cannot use what production refuses.
func TestUserTestsCapabilities(t *testing.T) {
	b, err := userBundle(t, map[string]string{
		"org002.rego":      orgRule,
		"org002_test.rego": "package nixsec.rules.org.org002_test\n\ntest_net if {\n\thttp.send({\"method\": \"get\", \"url\": \"http://x\"}).status_code == 200\n}\n",
	})
	if err != nil {
		t.Fatal(err)
	}
	for name, err := range map[string]error{"compile": b.CompileTests(), "test": func() error { _, err := b.Test(context.Background(), ""); return err }()} {
		var pe *PolicyError
		if !errors.As(err, &pe) || !strings.Contains(err.Error(), "pol/org002_test.rego:4: undefined function http.send (nixsec policies cannot use it: network)") {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestReserved(t *testing.T) {
	meta := func(id string) string {
		return "# METADATA\n# title: t\n# custom:\n#   id: " + id + "\n#   severity: low\n#   options: [time.timeZone]\npackage nixsec.rules.org.x\n\ndeny contains {\"path\": \"a\", \"msg\": \"m\"} if false\n"
	}
	cases := map[string]struct {
		files map[string]string
		want  []string
	}{
		"reserved prefix": {map[string]string{"x.rego": meta("SSH900")}, []string{"pol/x.rego:1: rule id SSH900: the prefix SSH is reserved"}},
		"nixsec prefix":   {map[string]string{"x.rego": meta("NIXSEC-001")}, []string{"pol/x.rego:1: rule id NIXSEC-001: the prefix NIXSEC is reserved"}},
		"built-in id":     {map[string]string{"x.rego": meta("FW001")}, []string{"pol/x.rego:1: rule id FW001 is already used by builtin:firewall/fw001.rego:1", "pol/x.rego:1: rule id FW001: the prefix FW"}},
		"lib package":     {map[string]string{"x.rego": "package nixsec.lib\n\nmine := 1\n"}, []string{"pol/x.rego:1: package nixsec.lib is reserved"}},
		"user data":       {map[string]string{"x_test.rego": "package nixsec.user.x\n\ntest_a if true\n"}, []string{"pol/x_test.rego:1: package nixsec.user.x is reserved"}},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			// Several times: the message must not depend on map order.
			for range 5 {
				_, err := userBundle(t, c.files)
				var pe *PolicyError
				if !errors.As(err, &pe) {
					t.Fatalf("error %v, want a PolicyError", err)
				}
				for _, w := range c.want {
					if !strings.Contains(err.Error(), w) {
						t.Fatalf("%q lacks %q", err, w)
					}
				}
			}
		})
	}
	// The built-in bundle alone is fine.
	if _, err := userBundle(t, map[string]string{"x.rego": meta("ORG900")}); err != nil {
		t.Errorf("ORG900: %v", err)
	}
}

// A comparison written as the with's value makes a test that cannot fail:
// CompileTests (policy check and policy test) refuses it with its line.
func TestComparisonInWithRefused(t *testing.T) {
	b, err := userBundle(t, map[string]string{
		"org002.rego": orgRule,
		"org002_test.rego": `package nixsec.rules.org.org002_test

import data.nixsec.rules.org.org002

test_fine if {
	count(org002.deny) == 0 with input as {"config": {"time": {"timeZone": "UTC"}}}
}

test_vacuous if {
	{v.path | some v in org002.deny} with input as {"config": {}} == {"nothing"}
}
`,
	})
	if err != nil {
		t.Fatal(err)
	}
	err = b.CompileTests()
	var pe *PolicyError
	if !errors.As(err, &pe) || len(pe.Errs) != 1 || !strings.HasPrefix(pe.Errs[0], "pol/org002_test.rego:10: the comparison == is the value of `with input as`") {
		t.Fatalf("CompileTests() = %v, want one error at pol/org002_test.rego:10", err)
	}
}

// The tests of a rule in a package of its own run as they would under
// conftest or opa test: they read data.org.admins.deny.
func TestUserTestsOwnPackage(t *testing.T) {
	b, err := userBundle(t, map[string]string{
		"admins.rego": adminsMeta + "package org.admins\n\n" + adminsDeny,
		"admins_test.rego": `package org.admins_test

import data.org.admins

test_wheel_fires if {
	admins.deny == {{"path": "users.users.bob.extraGroups", "msg": "in wheel"}}
		with input as {"config": {"users": {"users": {"bob": {"extraGroups": ["wheel"]}}}}}
}

test_no_wheel_passes if {
	count(data.org.admins.deny) == 0 with input as {"config": {"users": {"users": {"bob": {"extraGroups": []}}}}}
}
`,
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.CompileTests(); err != nil {
		t.Fatal(err)
	}
	res, err := b.Test(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 2 {
		t.Fatalf("%d results, want 2: %+v", len(res), res)
	}
	for _, r := range res {
		if r.Outcome != TestPass || !strings.HasPrefix(r.Name, "org.admins_test.test_") || r.File != "pol/admins_test.rego" {
			t.Errorf("%+v", r)
		}
	}
}

// opa test's other layout, tests in the rule's own package, runs too: a
// test file outside a test package may hold test_ rules, and only them
// (silent_test.go: a helper or a rule there is refused).
func TestUserTestsRulePackage(t *testing.T) {
	b, err := userBundle(t, map[string]string{
		"admins.rego":      adminsMeta + "package org.admins\n\n" + adminsDeny,
		"admins_test.rego": "package org.admins\n\ntest_wheel_fires if {\n\tcount(deny) == 1 with input as {\"config\": {\"users\": {\"users\": {\"bob\": {\"extraGroups\": [\"wheel\"]}}}}}\n}\n\ntodo_test_later if false\n",
	})
	if err != nil {
		t.Fatal(err)
	}
	if b.Tests() != 1 {
		t.Fatalf("Tests() = %d, want 1", b.Tests())
	}
	res, err := b.Test(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 2 || res[0].Outcome != TestPass || res[0].Name != "org.admins.test_wheel_fires" || res[1].Outcome != TestSkip {
		t.Fatalf("%+v", res)
	}
}
