package sshd

import (
	"context"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
)

// call evaluates nixsec.sshd_config(arg) as the engine does (strict
// builtin errors).
func call(t *testing.T, arg string) (ast.Value, error) {
	t.Helper()
	caps := ast.CapabilitiesForThisVersion()
	caps.Builtins = append(caps.Builtins, Decl)
	rs, err := rego.New(rego.Query("x := nixsec.sshd_config("+arg+")"), rego.Capabilities(caps),
		rego.StrictBuiltinErrors(true), rego.SetRegoVersion(ast.RegoV1), Impl).Eval(context.Background())
	if err != nil {
		return nil, err
	}
	if len(rs) != 1 {
		t.Fatalf("%s: %d results", arg, len(rs))
	}
	return ast.InterfaceToValue(rs[0].Bindings["x"])
}

// A value of the wrong type anywhere reads as absent: no error, no panic.
func TestBadTypes(t *testing.T) {
	empty := `{"extra": {}, "setting_match": {}, "unreadable": []}`
	for _, arg := range []string{
		`null`, `true`, `1`, `"x"`, `[]`, `["settings"]`, `{}`, `{1, 2}`,
		`{"settings": null}`, `{"settings": []}`, `{"settings": "PasswordAuthentication yes"}`, `{"settings": 1}`,
		`{"settings": {}, "extraConfig": null}`, `{"extraConfig": 1}`, `{"extraConfig": ["PasswordAuthentication yes"]}`,
		`{"extraConfig": {"a": "b"}}`, `{"settings": {"X": null}}`, `{"settings": {"X": {1, 2}}}`,
	} {
		v, err := call(t, arg)
		if err != nil {
			t.Errorf("%s: %v", arg, err)
			continue
		}
		if v.String() != empty {
			t.Errorf("%s: %v, want %s", arg, v, empty)
		}
	}
}

// Odd values render as sshd.nix writes them; a set (only Rego has one)
// writes nothing, in a list too.
func TestRender(t *testing.T) {
	for arg, want := range map[string]string{
		`{"settings": {"X": [null, {1}, [], "a", 1.5, true, {}]}}`: `X a 1 yes <derivation>`,
		`{"settings": {"Ciphers": ["a", "b"], "Macs": []}}`:        `Ciphers a,b`,
		`{"settings": {"Port": -0.5, "Q": 1e400}}`:                 `Port 0`,
		`{"settings": {"a b": 12345678901234567890123}}`:           `a\ b 12345678901234567890123`,
	} {
		v, err := call(t, arg)
		if err != nil {
			t.Errorf("%s: %v", arg, err)
			continue
		}
		extra := v.(ast.Object).Get(ast.StringTerm("extra")).Value.(ast.Object)
		var texts []string
		extra.Foreach(func(_, es *ast.Term) {
			es.Value.(*ast.Array).Foreach(func(e *ast.Term) {
				texts = append(texts, string(e.Value.(*ast.Array).Elem(2).Value.(ast.String)))
			})
		})
		if got := strings.Join(texts, " "); !strings.HasPrefix(got, want) {
			t.Errorf("%s: %q, want %q first", arg, got, want)
		}
	}
}

// A settings name that is not a string (only a Rego value has one) is the
// error the lib's path rendering raised; with a null value it is left out
// first, as sshd.nix leaves it out.
func TestNonStringName(t *testing.T) {
	if _, err := call(t, `{"settings": {1: true}}`); err == nil || !strings.Contains(err.Error(), "not a string") {
		t.Errorf("error %v, want one for the name 1", err)
	}
	if _, err := call(t, `{"settings": {1: null}}`); err != nil {
		t.Error(err)
	}
}

// Every byte string reads without a panic, in settings and extraConfig.
func FuzzReadConfig(f *testing.F) {
	for _, s := range []string{"", "PasswordAuthentication yes", "Match all\n\"a\"=b 'c\\", "\\\\\n$`EOL\r\n#"} {
		f.Add(s, s)
	}
	f.Fuzz(func(t *testing.T, name, text string) {
		o := ast.NewObject(
			ast.Item(ast.StringTerm("settings"), ast.ObjectTerm(ast.Item(ast.StringTerm(name), ast.StringTerm(text)))),
			ast.Item(ast.StringTerm("extraConfig"), ast.StringTerm(text)),
		)
		if _, err := readConfig(o); err != nil {
			t.Error(err)
		}
	})
}

// BenchmarkReadConfig reads a host's services.openssh as NixOS's defaults
// and a hardened configuration write it: about thirty settings, no
// extraConfig.
func BenchmarkReadConfig(b *testing.B) {
	v := ast.MustParseTerm(`{"enable": true, "extraConfig": "", "settings": {
		"AcceptEnv": null, "AllowGroups": ["wheel", "ssh-users"], "AllowUsers": ["user01", "user02", "user03"],
		"AuthorizedPrincipalsFile": "none", "Ciphers": ["chacha20-poly1305@openssh.com", "aes256-gcm@openssh.com", "aes128-gcm@openssh.com"],
		"DenyGroups": null, "DenyUsers": null, "GatewayPorts": "no", "KbdInteractiveAuthentication": false,
		"KexAlgorithms": ["mlkem768x25519-sha256", "sntrup761x25519-sha512", "curve25519-sha256"], "LogLevel": "VERBOSE",
		"Macs": ["hmac-sha2-512-etm@openssh.com", "hmac-sha2-256-etm@openssh.com", "umac-128-etm@openssh.com"],
		"PasswordAuthentication": false, "PermitRootLogin": "no", "PrintMotd": false, "StrictModes": true,
		"UseDns": false, "UsePAM": true, "X11Forwarding": false}}`).Value
	b.ReportAllocs()
	for b.Loop() {
		if _, err := readConfig(v); err != nil {
			b.Fatal(err)
		}
	}
}
