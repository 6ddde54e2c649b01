package engine

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/nixsec/nixsec/rules"
)

// What a policy reads that the input document cannot hold is a warning
// at its line; reads of declared options, through input or lib, are not.
func TestInputWarnings(t *testing.T) {
	pol := fstest.MapFS{"r.rego": {Data: []byte(`# METADATA
# title: t
# custom:
#   id: ORG777
#   severity: low
#   options:
#     - services.openssh.enable
#     - users.users.*.extraGroups
package org.typo

import data.nixsec.lib as l

deny contains v if {
	input.confg.services.openssh.enable
	input.config.services.opensshd.enable
	l.is_true(["services", "nginx", "enable"])
	l.cfg(["services", "openssh", "settings", "X"], null) != null
	input.config.services.openssh.enable
	l.is_true(["services", "openssh", "enable"])
	some n, u in input.config.users.users
	u.extraGroups
	input.config.users.users[n].extraGroups
	input.host != ""
	v := {"path": "services.openssh.enable", "msg": "x"}
}
`)}}
	b, err := Load([]Source{{Name: "builtin", FS: rules.FS, Builtin: true}, {Name: "pol", FS: pol}})
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(b.InputWarnings(), "\n")
	for _, want := range []string{
		"pol/r.rego:14: input.confg is not in the input document",
		"pol/r.rego:15: input.config reads option services.opensshd.enable",
		"pol/r.rego:16: l.is_true reads option services.nginx.enable",
		"pol/r.rego:17: l.cfg reads option services.openssh.settings.X",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
	if n := len(b.InputWarnings()); n != 4 {
		t.Errorf("%d warnings, want 4:\n%s", n, got)
	}
}

// The built-in rules, checked as if they were user policies, read nothing
// they do not declare: the check has no false alarms on 64 real rules.
func TestInputWarningsBuiltinRulesClean(t *testing.T) {
	b, err := Load([]Source{{Name: "builtin", FS: rules.FS, Builtin: true}})
	if err != nil {
		t.Fatal(err)
	}
	for i := range b.mods {
		b.mods[i].Builtin = false
	}
	for _, r := range b.rules {
		r.Builtin = false
	}
	if w := b.InputWarnings(); len(w) > 0 {
		t.Errorf("built-in rules read undeclared options:\n%s", strings.Join(w, "\n"))
	}
}
