package rego

import (
	"errors"
	"strings"
	"testing"
)

// A policy that would load and run nothing is an error, not a silent
// pass: a conftest-style deny in a package of its own, and a directory
// without a nixsec rule.
func TestSilentPolicies(t *testing.T) {
	conftest := `# METADATA
# custom:
#   id: ORG900
#   severity: high
package org.admins

deny contains msg if {
	input.config.services.openssh.enable
	msg := "ssh is on"
}
`
	cases := map[string]struct {
		files map[string]string
		want  string
	}{
		"conftest package":    {map[string]string{"a.rego": conftest}, "pol/a.rego:7: deny in package org.admins would never run"},
		"violation head":      {map[string]string{"a.rego": "package team.checks\n\nviolation contains \"x\" if true\n"}, "pol/a.rego:3: violation in package team.checks would never run"},
		"helpers only":        {map[string]string{"h.rego": "package acme.helpers\n\nzone := \"UTC\"\n"}, "pol: no nixsec rule in this policy directory (1 policy files)"},
		"tests only, no rule": {map[string]string{"h_test.rego": "package acme.helpers_test\n\ntest_x if true\n"}, "no nixsec rule in this policy directory (0 policy files)"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := userBundle(t, c.files)
			var pe *PolicyError
			if !errors.As(err, &pe) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want a PolicyError with %q", err, c.want)
			}
		})
	}
	// A rule package with a helper package beside it loads.
	if _, err := userBundle(t, map[string]string{"o.rego": orgRule, "h.rego": "package acme.helpers\n\nzone := \"UTC\"\n"}); err != nil {
		t.Fatal(err)
	}
}
