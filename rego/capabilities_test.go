package rego

import (
	"errors"
	"fmt"
	"strings"
	"testing"
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
			src := rule("TST001", "high", fmt.Sprintf("deny contains {\"path\": \"services.openssh.enable\", \"msg\": sprintf(\"%%v\", [x])} if {\n\tx := %s\n}\n", call))
			_, err := engine(t, map[string]string{"a.rego": src})
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
		src := rule("TST001", "high", fmt.Sprintf("deny contains {\"path\": \"services.openssh.enable\", \"msg\": sprintf(\"%%v\", [x])} if {\n\tx := %s\n}\n", call))
		if _, err := engine(t, map[string]string{"a.rego": src}); err != nil {
			t.Errorf("%s: %v", call, err)
		}
	}
	for _, b := range Capabilities().Builtins {
		if _, out := Excluded[b.Name]; out || b.Nondeterministic {
			t.Errorf("%s is in the capabilities", b.Name)
		}
	}
}
