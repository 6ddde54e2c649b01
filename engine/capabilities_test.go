package engine

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/types"

	"github.com/nixsec/nixsec/rules/builtins"
)

// A policy that calls a builtin reaching outside the input does not
// compile: the error names the builtin and the policy's file:line.
func TestCapabilitiesExclude(t *testing.T) {
	calls := map[string]string{
		"http.send":            `http.send({"method": "GET", "url": "http://127.0.0.1:1/"})`,
		"net.lookup_ip_addr":   `net.lookup_ip_addr("example.com")`,
		"opa.runtime":          `opa.runtime()`,
		"time.now_ns":          `time.now_ns()`,
		"rand.intn":            `rand.intn("x", 10)`,
		"uuid.rfc4122":         `uuid.rfc4122("x")`,
		"io.jwt.decode_verify": `io.jwt.decode_verify("a.b.c", {"secret": "s"})`,
		"crypto.x509.parse_and_verify_certificates": `crypto.x509.parse_and_verify_certificates("x")`,
		"json.match_schema":                         `json.match_schema({}, {"$ref": "http://127.0.0.1:1/s.json"})`,
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			src := ruleSrc("TST001", "high", fmt.Sprintf("deny contains {\"path\": \"services.openssh.enable\", \"msg\": sprintf(\"%%v\", [x])} if {\n\tx := %s\n}\n", call))
			_, err := testEngine(t, map[string]string{"a.rego": src})
			var pe *PolicyError
			if !errors.As(err, &pe) {
				t.Fatalf("compiled: %v", err)
			}
			if msg := pe.Error(); !strings.Contains(msg, "pol/a.rego:14") || !strings.Contains(msg, name) {
				t.Errorf("error lacks pol/a.rego:14 or %s:\n%s", name, msg)
			}
		})
	}
}

// Builtins that are pure functions of their arguments stay available.
func TestCapabilitiesKeepPure(t *testing.T) {
	for _, call := range []string{
		`net.cidr_contains("10.0.0.0/8", "10.1.2.3")`,
		`uuid.parse("6ba7b810-9dad-11d1-80b4-00c04fd430c8")`,
		`trace("x")`,
		`io.jwt.decode("eyJhbGciOiJIUzI1NiJ9.e30.x")`,
		`time.parse_rfc3339_ns("2026-01-01T00:00:00Z")`,
		`nixsec.ssh_key_info("ssh-ed25519 AAAA")`,
	} {
		src := ruleSrc("TST001", "high", fmt.Sprintf("deny contains {\"path\": \"services.openssh.enable\", \"msg\": sprintf(\"%%v\", [x])} if {\n\tx := %s\n}\n", call))
		// with nixsec's builtins, as lint.Sources passes them
		pol := fstest.MapFS{"main.rego": {Data: []byte(mainRego)}, "a.rego": {Data: []byte(src)}}
		if _, err := New(context.Background(), []Source{{Name: "pol", FS: pol, Builtins: builtins.All}}); err != nil {
			t.Errorf("%s: %v", call, err)
		}
	}
	for _, b := range Capabilities(builtins.All).Builtins {
		if _, out := Excluded[b.Name]; out || b.Nondeterministic {
			t.Errorf("%s is in the capabilities", b.Name)
		}
	}
}

// double is a custom builtin for the tests of the engine's plumbing:
// test.double(n) is 2n.
var double = Builtin{
	Decl: &ast.Builtin{Name: "test.double", Decl: types.NewFunction(types.Args(types.N), types.N)},
	Impl: rego.Function1(&rego.Function{Name: "test.double", Decl: types.NewFunction(types.Args(types.N), types.N)},
		func(_ rego.BuiltinContext, a *ast.Term) (*ast.Term, error) {
			n, ok := a.Value.(ast.Number)
			if !ok {
				return nil, nil
			}
			i, _ := n.Int()
			return ast.IntNumberTerm(2 * i), nil
		}),
}

// A source's builtins are in the capabilities and callable by the
// policies of every source, in evaluation and in tests; without them a
// call does not compile, and a builtin declared twice is refused.
func TestSourceBuiltins(t *testing.T) {
	user := fstest.MapFS{
		"a.rego":      {Data: []byte(ruleSrc("TST001", "high", "deny contains {\"path\": \"services.openssh.enable\", \"msg\": sprintf(\"%v\", [test.double(21)])} if input.config.services.openssh.enable\n"))},
		"a_test.rego": {Data: []byte("package nixsec.rules.test.tst001x_test\n\ntest_double if test.double(2) == 4\n")},
	}
	entry := fstest.MapFS{"main.rego": {Data: []byte(mainRego)}}
	b, err := Load([]Source{{Name: "main", FS: entry, Builtin: true, Builtins: []Builtin{double}}, {Name: "pol", FS: user}})
	if err != nil {
		t.Fatal(err)
	}
	if !hasBuiltin(Capabilities(b.builtins), "test.double") || hasBuiltin(Capabilities(nil), "test.double") {
		t.Error("test.double is not in the bundle's capabilities, or is in the engine's own")
	}
	e, err := b.Prepare(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	vs, err := e.Eval(context.Background(), map[string]any{"config": map[string]any{"services": map[string]any{"openssh": map[string]any{"enable": true}}}})
	if err != nil || len(vs) != 1 || vs[0].Message != "42" {
		t.Errorf("Eval: %+v, %v; want one violation with msg 42", vs, err)
	}
	res, err := b.Test(context.Background(), "")
	if err != nil || len(res) != 1 || res[0].Outcome != TestPass {
		t.Errorf("Test: %+v, %v; want test_double to pass", res, err)
	}

	without, err := Load([]Source{{Name: "main", FS: entry, Builtin: true}, {Name: "pol", FS: user}})
	if err != nil {
		t.Fatal(err)
	}
	var pe *PolicyError
	if _, err := without.Prepare(context.Background()); !errors.As(err, &pe) || !strings.Contains(err.Error(), "undefined function test.double") {
		t.Errorf("without the builtin: %v", err)
	}

	_, err = Load([]Source{{Name: "main", FS: entry, Builtin: true, Builtins: []Builtin{double}}, {Name: "pol", FS: user, Builtins: []Builtin{double}}})
	if err == nil || !strings.Contains(err.Error(), "builtin test.double is declared by main too") {
		t.Errorf("a builtin declared twice: %v", err)
	}
}

func hasBuiltin(caps *ast.Capabilities, name string) bool {
	for _, b := range caps.Builtins {
		if b.Name == name {
			return true
		}
	}
	return false
}
