package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPolicyNew: the scaffold passes policy check and policy test as
// written, with odd option names and a title YAML would misread, and bad
// input is exit 2 without writing anything.
func TestPolicyNew(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "pol")
	r := nixsec(t, "policy", "new", "ORG042", "--dir", dir, "--severity", "high", "--title", "Lab: no telnet",
		"--option", `boot.kernel.sysctl."kernel.x"`, "--option", "users.users.*.extraGroups", "--option", `"a.b".c`)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if c := nixsec(t, "policy", "check", dir); c.code != 0 || !strings.Contains(c.stdout, "1 rule (ORG042), 1 test file") {
		t.Fatalf("policy check: exit %d\n%s%s", c.code, c.stdout, c.stderr)
	}
	if c := nixsec(t, "policy", "test", dir); c.code != 0 || !strings.Contains(c.stdout, "PASS: 2/2") {
		t.Fatalf("policy test: exit %d\n%s%s", c.code, c.stdout, c.stderr)
	}
	// Never overwritten, whatever else is asked.
	before, _ := os.ReadFile(filepath.Join(dir, "org042.rego"))
	if c := nixsec(t, "policy", "new", "ORG042", "--dir", dir, "--option", "a.b"); c.code != 2 || !strings.Contains(c.stderr, "never overwrites") {
		t.Errorf("second run: exit %d: %s", c.code, c.stderr)
	}
	if after, _ := os.ReadFile(filepath.Join(dir, "org042.rego")); string(after) != string(before) {
		t.Error("the rule file changed")
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"org001", "--option", "a.b"}, "want capital letters"},
		{[]string{"ORG1", "--option", "a.b"}, "three or more digits"},
		{[]string{"ORG001"}, "give the option"},
		{[]string{"ORG001", "--option", "users.users.*.x"}, "cannot have a *"},
		{[]string{"ORG001", "--option", "a..b"}, "--option"},
		{[]string{"ORG001", "--option", "a.b", "--package", "nixsec.rules.x.y"}, "outside nixsec"},
		{[]string{"ORG001", "--option", "a.b", "--severity", "urgent"}, "severity"},
		{[]string{"ORG001", "ORG002", "--option", "a.b"}, "one rule id"},
	} {
		empty := filepath.Join(t.TempDir(), "x")
		r := nixsec(t, append([]string{"policy", "new", "--dir", empty}, c.args...)...)
		if r.code != 2 || !strings.Contains(r.stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q, want %q", c.args, r.code, r.stderr, c.want)
		}
		if _, err := os.Stat(empty); err == nil {
			t.Errorf("%v: wrote %s", c.args, empty)
		}
	}
}
