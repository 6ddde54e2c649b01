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
		"nixsec.ssh_key_info":         `nixsec.ssh_key_info("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPDp7Q10FlO99TrmBYRjnHAdgqLID1TZRuPYEHx7JO56 a").bits`,
		"nixsec.ssh_weak_keys":        `nixsec.ssh_weak_keys({"a": {"authorizedKeys": {"keys": ["x", "ssh-rsa AAAAB3NzaC1yc2EAAAABAwAAAAMA/wE= c"]}}}, 3072)`,
		"nixsec.systemd_exposure":     `nixsec.systemd_exposure({"User": "app"}).tenths`,
		"nixsec.systemd_user":         `nixsec.systemd_user({"User": ["0"], "DynamicUser": "yes"})`,
		"nixsec.systemd_bool":         `nixsec.systemd_bool(["on", "bogus"])`,
		"nixsec.option_path":          `nixsec.option_path(["users", "users", "alice.smith", "*"])`,
		"nixsec.systemd_own_services": `nixsec.systemd_own_services({"a.b": {}, "c": {}}, {"systemd.services.\"a.b\".script": ["f.nix"]})`,
		"nixsec.systemd_own_units":    `nixsec.systemd_own_units({"a": {"serviceConfig": {"User": "app"}}}, {"systemd.services.a.script": ["f.nix"]}).a.tenths`,
		"nixsec.systemd_misplaced":    `nixsec.systemd_misplaced({"a": {"serviceConfig": {"After": "x", "User": "app"}}})`,
		"nixsec.transpose":            `nixsec.transpose({"a": {"x": 1}, "b": {"x": 2, "y": 3}, "c": null})`,
		"nixsec.sshd_config":          `nixsec.sshd_config({"settings": {"Match": "User x", "UsePAM": true}}).setting_match`,
	}
	want := map[string]any{
		"nixsec.ssh_key_info":         "256",
		"nixsec.ssh_weak_keys":        `[{"bits": 16, "comment": "c", "key": 2, "type": "ssh-rsa", "user": "a"}]`,
		"nixsec.systemd_exposure":     "92",
		"nixsec.systemd_user":         `{"dynamic": true, "name": "0", "root": true}`,
		"nixsec.systemd_bool":         "true",
		"nixsec.option_path":          `"users.users.\"alice.smith\".*"`,
		"nixsec.systemd_own_services": `{"a.b": "\"a.b\""}`,
		"nixsec.systemd_own_units":    "92",
		"nixsec.systemd_misplaced":    `[["a", "After", ["after"]]]`,
		"nixsec.transpose":            `{"x": {"a": 1, "b": 2}, "y": {"b": 3}}`,
		"nixsec.sshd_config":          `{"UsePAM": {"condition": "User x", "path": "services.openssh.settings.Match"}}`,
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
