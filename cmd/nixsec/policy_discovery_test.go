package main

// Rules found by what they declare: a policy directory written as conftest
// and Trivy policies are (package org.admins, METADATA, deny), end to end.

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/nixsec/nixsec/internal/testenv"
)

func TestPolicyDiscoveryConftestStyle(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(repoRoot(t), "examples/policies-conftest")
	empty := t.TempDir()
	helpers := t.TempDir()
	copyFile(t, filepath.Join(dir, "lib.rego"), filepath.Join(helpers, "lib.rego"))
	// conftest's own layout, unchanged: deny without rule METADATA.
	conftest := t.TempDir()
	if err := os.WriteFile(filepath.Join(conftest, "admins.rego"), []byte("package org.admins\n\ndeny contains msg if {\n\tsome name, _ in input.config.users.users\n\tmsg := name\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// conftest's messages: deny holds strings, which name no option.
	messages := t.TempDir()
	meta := "# METADATA\n# title: admins\n# custom:\n#   id: ORG011\n#   severity: high\n#   options: [users.users.*.extraGroups]\n"
	if err := os.WriteFile(filepath.Join(messages, "admins.rego"), []byte(meta+"package org.admins\n\ndeny contains msg if {\n\tsome name, _ in input.config.users.users\n\tmsg := sprintf(\"%s is in wheel\", [name])\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	objectDeny := "deny contains {\"path\": \"services.openssh.enable\", \"msg\": \"on\"} if input.config.services.openssh.enable\n"
	// What loads and never runs, each refused at its file and line:
	// conftest's deny_<x>; a rule in a *_test.rego; a ref head into deny;
	// a boolean deny.
	conftestNames := policyDir(t, map[string]string{"ssh.rego": "package org.conftest\n\ndeny_ssh contains msg if {\n\tinput.config.services.openssh.enable\n\tmsg := \"ssh is on\"\n}\n"})
	ruleInTest := policyDir(t, map[string]string{
		"admins.rego":   meta + "package org.admins\n\n" + objectDeny,
		"ssh_test.rego": strings.Replace(meta, "ORG011", "ORG012", 1) + "package org.ssh\n\n" + objectDeny,
	})
	refHead := policyDir(t, map[string]string{"nested.rego": "package org.nested\n\ndeny.ssh contains v if {\n\tinput.config.services.openssh.enable\n\tv := {\"path\": \"services.openssh.enable\", \"msg\": \"on\"}\n}\n"})
	boolean := policyDir(t, map[string]string{"b.rego": meta + "package org.b\n\ndeny if input.config.services.openssh.enable\n"})
	bad := map[string]string{
		messages:      filepath.Join(messages, "admins.rego") + ":9: deny of rule ORG011 holds values of type string, not violations",
		empty:         empty + ": no rule in this policy directory (0 policy files)",
		helpers:       helpers + ": no rule in this policy directory (1 policy files)",
		conftest:      filepath.Join(conftest, "admins.rego") + ":3: deny in package org.admins has no rule METADATA, so it would never run",
		conftestNames: filepath.Join(conftestNames, "ssh.rego") + ":3: deny_ssh in package org.conftest would never run: nixsec runs only deny",
		ruleInTest:    filepath.Join(ruleInTest, "ssh_test.rego") + ":9: org.ssh.deny is in a test file, so `nixsec check` would never run it",
		refHead:       filepath.Join(refHead, "nested.rego") + `:3: rule org.nested.deny.ssh would never run: "deny" in its path`,
		boolean:       filepath.Join(boolean, "b.rego") + ":9: deny of rule ORG011 is a boolean (deny if ...), not a set of violations",
	}

	t.Run("policy check and test", func(t *testing.T) {
		t.Parallel()
		if r := nixsec(t, "policy", "check", dir); r.code != 0 || r.stdout != "ok: "+dir+": 1 rule (ORG010), 1 test file\n" {
			t.Errorf("policy check: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		r := nixsec(t, "policy", "test", dir)
		pass := regexp.MustCompile(`(?m)^PASS  org\.admins_test\.test_\w+ \(.+/admins_test\.rego:\d+\)$`)
		n := len(pass.FindAllString(r.stdout, -1))
		if r.code != 0 || n != 5 || !strings.Contains(r.stdout, "PASS: 5/5") {
			t.Errorf("policy test: exit %d, %d PASS lines\n%s%s", r.code, n, r.stdout, r.stderr)
		}
	})
	t.Run("refused", func(t *testing.T) {
		t.Parallel()
		for d, want := range bad {
			for _, sub := range []string{"check", "test"} {
				if r := nixsec(t, "policy", sub, d); r.code != 2 || !strings.Contains(r.stderr, want) {
					t.Errorf("policy %s %s: exit %d, want 2 and %q\n%s%s", sub, d, r.code, want, r.stdout, r.stderr)
				}
			}
		}
	})
	t.Run("deny not a set at run time", func(t *testing.T) {
		t.Parallel()
		// object.get: the type checker cannot tell, the host's evaluation
		// refuses the boolean it yields (no nix: an eval document).
		weird := policyDir(t, map[string]string{"w.rego": meta + "package org.weird\n\ndeny := object.get(input, [\"config\", \"weird\"], false)\n"})
		if r := nixsec(t, "policy", "check", weird); r.code != 0 {
			t.Fatalf("policy check: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		doc := filepath.Join(t.TempDir(), "doc.json")
		if err := os.WriteFile(doc, []byte(`{"nixsec_eval": 1, "hosts": [{"host": "web", "config": {}}]}`), 0o644); err != nil {
			t.Fatal(err)
		}
		want := "host web: ORG011 (" + filepath.Join(weird, "w.rego") + ":9): deny is a boolean (false), not a set of violations"
		r := nixsec(t, "check", "--policy", weird, "--from-json", doc, "--nix", "/nonexistent/nix")
		if r.code != 2 || !strings.Contains(r.stdout+r.stderr, want) {
			t.Errorf("check: exit %d, want 2 and %q\n%s%s", r.code, want, r.stdout, r.stderr)
		}
	})
	t.Run("check", func(t *testing.T) { // real nix: one flake, one host
		t.Parallel()
		testenv.Slow(t)
		testenv.RequireNix(t)
		ws := workspace(t)
		fleet := filepath.Join(ws, "examples/policies-conftest/fleet")
		rep, r := checkJSON(t, "--policy", filepath.Join(ws, "examples/policies-conftest"), "--rule", "ORG010", fleet)
		want := "ORG010 ci hosts/ci.nix:15 users.users.contractor.extraGroups"
		if got := strings.Join(orgFindings(rep.Findings), "\n"); r.code != 1 || got != want || len(rep.Errors) > 0 {
			t.Fatalf("exit %d, findings:\n%s\nwant:\n%s\nerrors %+v\n%s", r.code, got, want, rep.Errors, r.stderr)
		}
		if f := rep.Findings[0]; f.Severity != "high" || f.Message != `user "contractor" is in wheel but not on the admin list (org.lib.wheel_admins)` {
			t.Errorf("finding %+v", f)
		}
		// The text report, as docs/writing-policies.md shows it.
		text := nixsec(t, "check", "--policy", filepath.Join(ws, "examples/policies-conftest"), "--rule", "ORG010", fleet)
		line := `hosts/ci.nix:15:5: HIGH ORG010 ci: user "contractor" is in wheel but not on the admin list (org.lib.wheel_admins)`
		if text.code != 1 || !strings.Contains(text.stdout, line+"\n") {
			t.Errorf("text: exit %d, want the line %q\n%s%s", text.code, line, text.stdout, text.stderr)
		}
		// Each refused directory fails check too, with the same message.
		for d, want := range bad {
			if r := nixsec(t, "check", "--policy", d, fleet); r.code != 2 || !strings.Contains(r.stderr, want) {
				t.Errorf("check --policy %s: exit %d, want 2 and %q\n%s", d, r.code, want, r.stderr)
			}
		}
	})
}

// policyDir is a temporary policy directory holding files.
func policyDir(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, b, 0o644); err != nil {
		t.Fatal(err)
	}
}
