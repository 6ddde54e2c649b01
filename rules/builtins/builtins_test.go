package builtins_test

import (
	"context"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/nixsec/nixsec/rules/builtins"
)

// Every row pairs a declaration with its implementation: a call by the
// declared name, with only that row's implementation and declaration,
// evaluates. Names are nixsec's and unique.
func TestTable(t *testing.T) {
	calls := map[string]string{
		"nixsec.ssh_key_info":     `nixsec.ssh_key_info("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPDp7Q10FlO99TrmBYRjnHAdgqLID1TZRuPYEHx7JO56 a").bits`,
		"nixsec.systemd_exposure": `nixsec.systemd_exposure({"User": "app"}).tenths`,
		"nixsec.systemd_user":     `nixsec.systemd_user({"User": ["0"], "DynamicUser": "yes"})`,
		"nixsec.systemd_bool":     `nixsec.systemd_bool(["on", "bogus"])`,
	}
	want := map[string]any{
		"nixsec.ssh_key_info":     "256",
		"nixsec.systemd_exposure": "92",
		"nixsec.systemd_user":     `{"dynamic": true, "name": "0", "root": true}`,
		"nixsec.systemd_bool":     "true",
	}
	seen := map[string]bool{}
	for _, b := range builtins.All {
		name := b.Decl.Name
		if seen[name] || !strings.HasPrefix(name, "nixsec.") || b.Impl == nil {
			t.Errorf("%s: declared twice, outside nixsec., or without an implementation", name)
			continue
		}
		seen[name] = true
		call, ok := calls[name]
		if !ok {
			t.Errorf("%s: no call in this test", name)
			continue
		}
		caps := ast.CapabilitiesForThisVersion()
		caps.Builtins = append(caps.Builtins, b.Decl)
		rs, err := rego.New(rego.Query("x := "+call), rego.Capabilities(caps), rego.StrictBuiltinErrors(true), b.Impl).Eval(context.Background())
		if err != nil || len(rs) != 1 {
			t.Errorf("%s: %v %v", name, rs, err)
			continue
		}
		if got := rs[0].Bindings["x"]; got == nil || ast.MustInterfaceToValue(got).String() != want[name] {
			t.Errorf("%s: %v, want %v", name, got, want[name])
		}
	}
	if len(seen) != len(calls) {
		t.Errorf("%d builtins, %d calls", len(seen), len(calls))
	}
}
