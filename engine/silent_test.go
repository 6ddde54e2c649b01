package engine

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"testing/fstest"
)

// adminsMeta is a rule's METADATA, for a package of the user's own.
const adminsMeta = `# METADATA
# title: a non-admin is in wheel
# custom:
#   id: ORG900
#   severity: high
#   options: [users.users.*.extraGroups]
`

const adminsDeny = `deny contains {"path": sprintf("users.users.%s.extraGroups", [name]), "msg": "in wheel"} if {
	some name, u in input.config.users.users
	"wheel" in u.extraGroups
}
`

// A policy that would load and run nothing, or half a rule, is an error
// with its file and line, never a silent pass.
func TestSilentPolicies(t *testing.T) {
	cases := map[string]struct {
		files map[string]string
		want  string
	}{
		"deny without METADATA": {map[string]string{"a.rego": "package org.admins\n\n" + adminsDeny},
			"pol/a.rego:3: deny in package org.admins has no rule METADATA, so it would never run"},
		"deny under documentation METADATA": {map[string]string{"a.rego": "# METADATA\n# title: admins\npackage org.admins\n\n" + adminsDeny},
			"pol/a.rego:5: deny in package org.admins has no rule METADATA"},
		"deny[msg], old style": {map[string]string{"a.rego": "package org.admins\n\ndeny[msg] if {\n\tmsg := \"x\"\n}\n"},
			"pol/a.rego:3: deny in package org.admins has no rule METADATA"},
		"METADATA without deny": {map[string]string{"a.rego": adminsMeta + "package org.admins\n\nallowed := {\"admin\"}\n"},
			"pol/a.rego:1: rule ORG900 (package org.admins) has no deny rule"},
		"nixsec.rules METADATA without deny": {map[string]string{"a.rego": strings.Replace(adminsMeta, "ORG900", "ORG901", 1) + "package nixsec.rules.org.org901\n\nallowed := 1\n"},
			"pol/a.rego:1: rule ORG901 (package nixsec.rules.org.org901) has no deny rule"},
		"custom.id on a helper rule": {map[string]string{"a.rego": "package org.admins\n\n" + adminsMeta + "allowed := {\"admin\"}\n"},
			"pol/a.rego:3: METADATA with custom.id on org.admins.allowed: a rule's METADATA goes on its package or on its deny rule"},
		"two rule METADATA": {map[string]string{"a.rego": adminsMeta + "package org.admins\n\n" + strings.Replace(adminsMeta, "ORG900", "ORG902", 1) + adminsDeny},
			"pol/a.rego:9: a second rule METADATA for package org.admins (the first is at pol/a.rego:1)"},
		"two packages, one id": {map[string]string{
			"a.rego": adminsMeta + "package org.admins\n\n" + adminsDeny,
			"b.rego": adminsMeta + "package org.sudoers\n\n" + adminsDeny,
		}, "pol/b.rego:1: rule id ORG900 is already used by pol/a.rego:1"},
		"a built-in id": {map[string]string{"a.rego": strings.Replace(adminsMeta, "ORG900", "SSH001", 1) + "package org.admins\n\n" + adminsDeny},
			"pol/a.rego:1: rule id SSH001 is already used by builtin:ssh/ssh001.rego:1"},
		"a reserved prefix": {map[string]string{"a.rego": strings.Replace(adminsMeta, "ORG900", "USR900", 1) + "package org.admins\n\n" + adminsDeny},
			"pol/a.rego:1: rule id USR900: the prefix USR is reserved"},
		"a reserved prefix on deny": {map[string]string{"a.rego": "package org.admins\n\n" + strings.Replace(adminsMeta, "ORG900", "USR900", 1) + adminsDeny},
			"pol/a.rego:3: rule id USR900: the prefix USR is reserved"},
		"METADATA lacks options": {map[string]string{"a.rego": strings.Replace(adminsMeta, "#   options: [users.users.*.extraGroups]\n", "", 1) + "package org.admins\n\n" + adminsDeny},
			"pol/a.rego:1: METADATA lacks custom.options"},
		"violation head": {map[string]string{"a.rego": "package team.checks\n\nviolation contains \"x\" if true\n"},
			"pol/a.rego:3: violation in package team.checks would never run"},
		"warn beside a rule": {map[string]string{"a.rego": adminsMeta + "package org.admins\n\n" + adminsDeny + "\nwarn contains \"x\" if true\n"},
			"pol/a.rego:14: warn in package org.admins would never run"},
		"deny in nixsec's namespace": {map[string]string{"a.rego": adminsMeta + "package nixsec.acme\n\n" + adminsDeny},
			"pol/a.rego:9: deny in package nixsec.acme would never run: the nixsec namespace is nixsec's own"},
		// conftest's rule names: deny_<x>, violation_<x>, warn_<x>.
		"conftest deny_<x>": {map[string]string{"a.rego": "package org.conftest\n\ndeny_ssh contains msg if {\n\tinput.config.services.openssh.enable\n\tmsg := \"ssh\"\n}\n"},
			"pol/a.rego:3: deny_ssh in package org.conftest would never run: nixsec runs only deny, the set of violations of a package with rule METADATA"},
		"conftest violation_<x> beside a rule": {map[string]string{"a.rego": adminsMeta + "package org.admins\n\n" + adminsDeny + "\nviolation_wheel contains \"x\" if true\n"},
			"pol/a.rego:14: violation_wheel in package org.admins would never run: nixsec runs only deny"},
		"conftest warn_<x> as a complete rule": {map[string]string{"o.rego": orgRule, "a.rego": "package org.conftest\n\nwarn_tz := \"x\" if input.config.time.timeZone\n"},
			"pol/a.rego:3: warn_tz in package org.conftest would never run"},
		// Ref heads and packages that put rules inside a deny.
		"ref head into deny": {map[string]string{"o.rego": orgRule, "a.rego": "package org.nested\n\ndeny.ssh contains v if {\n\tinput.config.services.openssh.enable\n\tv := {\"path\": \"services.openssh.enable\", \"msg\": \"on\"}\n}\n"},
			"pol/a.rego:3: rule org.nested.deny.ssh would never run: \"deny\" in its path makes it neither the deny of a rule nor a helper; nixsec runs only deny"},
		"ref head into warn beside a rule": {map[string]string{"a.rego": adminsMeta + "package org.admins\n\n" + adminsDeny + "\nwarn[\"x\"] := 1\n"},
			"pol/a.rego:14: rule org.admins.warn.x would never run"},
		"package inside deny": {map[string]string{"o.rego": orgRule, "a.rego": "package org.nested.deny\n\nssh contains 1 if true\n\nother := 2\n"},
			"pol/a.rego:1: package org.nested.deny: \"deny\" in a package path is refused"},
		"deny below a rule package": {map[string]string{"a.rego": orgRule + "\nx.deny contains {\"path\": \"time.timeZone\", \"msg\": \"m\"} if true\n"},
			"pol/a.rego:13: deny in package nixsec.rules.org.org002.x would never run: nixsec runs only deny, the set of violations of a package with rule METADATA"},
		// A test file holds tests: a rule in one never runs in check.
		"a rule in a test file": {map[string]string{"o.rego": orgRule, "ssh_test.rego": adminsMeta + "package org.ssh\n\n" + adminsDeny},
			"pol/ssh_test.rego:1: rule METADATA (custom.id, custom.severity) in a test file"},
		"a deny in a test file": {map[string]string{"o.rego": orgRule, "ssh_test.rego": adminsMeta + "package org.ssh\n\n" + adminsDeny},
			"pol/ssh_test.rego:9: org.ssh.deny is in a test file, so `nixsec check` would never run it"},
		"a deny in a test package": {map[string]string{"o.rego": orgRule, "ssh_test.rego": "package org.ssh_test\n\ndeny contains 1 if true\n"},
			"pol/ssh_test.rego:3: org.ssh_test.deny is in a test file"},
		"a helper in a test file outside a test package": {map[string]string{"o.rego": orgRule, "o_test.rego": "package nixsec.rules.org.org002\n\nzone := \"UTC\"\n\ntest_x if zone == \"UTC\"\n"},
			"pol/o_test.rego:3: nixsec.rules.org.org002.zone is in a test file, so `nixsec check` would never run it: nixsec loads *_test.rego only for `nixsec policy test`. A test file holds tests: test_ rules, and their helpers in a test package (package nixsec.rules.org.org002_test)"},
		// Under nixsec.rules the entrypoint reads deny with `some v in`.
		"boolean deny under nixsec.rules": {map[string]string{"a.rego": strings.Replace(adminsMeta, "ORG900", "ORG904", 1) + "package nixsec.rules.org.org904\n\ndeny if input.config.x\n"},
			"pol/a.rego:9: deny of nixsec.rules.org.org904 is a boolean (deny if ...), not a set of violations: the entrypoint reads each rule's deny as a set"},
		"single-value deny under nixsec.rules": {map[string]string{"a.rego": strings.Replace(adminsMeta, "ORG900", "ORG904", 1) + "package nixsec.rules.org.org904\n\ndeny := {{\"path\": \"a\", \"msg\": \"b\"}}\n"},
			"pol/a.rego:9: deny of nixsec.rules.org.org904 is a single value (deny := ...)"},
		"helpers only":        {map[string]string{"h.rego": "package acme.helpers\n\nzone := \"UTC\"\n"}, "pol: no rule in this policy directory (1 policy files)"},
		"tests only, no rule": {map[string]string{"h_test.rego": "package acme.helpers_test\n\ntest_x if true\n"}, "pol: no rule in this policy directory (0 policy files)"},
		"empty":               {map[string]string{}, "pol: no rule in this policy directory (0 policy files)"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, err := userBundle(t, c.files)
			var pe *PolicyError
			if !errors.As(err, &pe) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want a PolicyError with %q", err, c.want)
			}
		})
	}
	// A rule package with a helper package beside it loads, and so do
	// names that only start like a finding's, functions (helpers whatever
	// their name), and tests beside the rule in its own package.
	if _, err := userBundle(t, map[string]string{
		"o.rego":      orgRule,
		"h.rego":      "package acme.helpers\n\nzone := \"UTC\"\n\ndenylist := {\"x\"}\n\nwarnings := 1\n\ndeny_reason(x) := x\n",
		"o_test.rego": "package nixsec.rules.org.org002\n\ntest_own_package if count(deny) == 0 with input as {}\n",
	}); err != nil {
		t.Fatal(err)
	}
}

// A built-in rule's deny is read by rules/main.rego with `some v in`, which
// yields nothing from a boolean: the bundle itself is refused.
func TestBuiltinDenyMustBeASet(t *testing.T) {
	fs := fstest.MapFS{
		"main.rego": {Data: []byte(mainRego)},
		"a.rego":    {Data: []byte(ruleSrc("TST010", "high", "deny if input.config.services.openssh.enable\n"))},
	}
	_, err := Load([]Source{{Name: "builtin", FS: fs, Builtin: true}})
	want := "builtin:a.rego:13: deny of nixsec.rules.test.tst010x is a boolean (deny if ...), not a set of violations"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("error %v, want %q", err, want)
	}
}

// A boolean deny of a rule of one's own is refused when compiled, at its
// file and line (not at the query's ":1").
func TestBooleanDeny(t *testing.T) {
	b, err := userBundle(t, map[string]string{"a.rego": adminsMeta + "package org.b\n\ndeny if input.config.x\n"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = b.Prepare(context.Background())
	want := "policy error:\n  pol/a.rego:9: deny of rule ORG900 is a boolean (deny if ...), not a set of violations: write `deny contains v if {...}`"
	var pe *PolicyError
	if !errors.As(err, &pe) || len(pe.Errs) != 1 || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("error %v, want %q", err, want)
	}
}

// A deny whose type the checker cannot tell (object.get) is checked when
// evaluated: defined and not a set fails the host, naming the rule, its
// file:line and the type; a set, or undefined, is fine.
func TestDenyNotASetAtRunTime(t *testing.T) {
	b, err := userBundle(t, map[string]string{
		"a.rego": adminsMeta + "package org.weird\n\ndeny := object.get(input, [\"config\", \"weird\"], false) if not input.config.undefined\n",
		"s.rego": strings.Replace(adminsMeta, "ORG900", "ORG905", 1) + "package org.set\n\ndeny := {v | some v in object.get(input, [\"config\", \"set\"], [])}\n",
	})
	if err != nil {
		t.Fatal(err)
	}
	e, err := b.Prepare(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for in, want := range map[string]string{
		`{"config": {}}`:                  "ORG900 (pol/a.rego:9): deny is a boolean (false), not a set of violations: write `deny contains v if {...}`",
		`{"config": {"weird": [1]}}`:      "ORG900 (pol/a.rego:9): deny is an array ([1]), not a set of violations",
		`{"config": {"weird": {"a": 1}}}`: "ORG900 (pol/a.rego:9): deny is an object",
		`{"config": {"undefined": true}}`: "",
		`{"config": {"undefined": true, "set": [{"path": "a", "msg": "b"}]}}`: "ORG905 a: b",
	} {
		var input map[string]any
		if err := json.Unmarshal([]byte(in), &input); err != nil {
			t.Fatal(err)
		}
		vs, err := e.Eval(context.Background(), input)
		got := ""
		switch {
		case err != nil:
			got = err.Error()
		case len(vs) > 0:
			var lines []string
			for _, v := range vs {
				if !v.Rule.Builtin {
					lines = append(lines, v.Rule.ID+" "+v.Path+": "+v.Message)
				}
			}
			got = strings.Join(lines, "\n")
		}
		if (want == "") != (got == "") || !strings.Contains(got, want) {
			t.Errorf("%s: got %q, want %q", in, got, want)
		}
	}
}

// conftest's `deny contains msg` with a string: refused when the policy
// is compiled (policy check), at the deny's line; and when the type
// checker cannot tell, at evaluation, naming the rule.
func TestMessageDeny(t *testing.T) {
	msgDeny := "deny contains msg if {\n\tinput.config.services.openssh.enable\n\tmsg := \"ssh is on\"\n}\n"
	for _, pkg := range []string{"org.admins", "nixsec.rules.org.org900"} {
		b, err := userBundle(t, map[string]string{"a.rego": adminsMeta + "package " + pkg + "\n\n" + msgDeny})
		if err != nil {
			t.Fatal(err)
		}
		_, err = b.Prepare(context.Background())
		want := `pol/a.rego:9: deny of rule ORG900 holds values of type string, not violations: nixsec needs objects {"path": "<option path>", "msg": "..."}`
		var pe *PolicyError
		if !errors.As(err, &pe) || !strings.Contains(err.Error(), want) {
			t.Fatalf("%s: error %v, want %q", pkg, err, want)
		}
	}
	b, err := userBundle(t, map[string]string{"a.rego": adminsMeta + "package org.admins\n\ndeny contains input.msg if input.msg\n"})
	if err != nil {
		t.Fatal(err)
	}
	e, err := b.Prepare(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.Eval(context.Background(), map[string]any{"msg": "ssh is on"})
	want := `ORG900 (pol/a.rego:9): deny holds "ssh is on", not a violation: nixsec needs objects {"path": "<option path>", "msg": "..."}`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("error %v, want %q", err, want)
	}
}
