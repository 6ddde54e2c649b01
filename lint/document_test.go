package lint

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nixsec/nixsec/inputerr"
)

func readDoc(t *testing.T, js string) error {
	t.Helper()
	p := filepath.Join(t.TempDir(), "doc.json")
	if err := os.WriteFile(p, []byte(js), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := ReadDocument(p)
	return err
}

// A value of the wrong type is a usage error (exit 2) naming the host,
// the option or field, and what belongs there; never a pass.
func TestReadDocumentTypes(t *testing.T) {
	for _, c := range []struct {
		name, hosts string
		want        []string
	}{
		{"string for a bool", `{"host": "web", "config": {"services": {"openssh": {"enable": "yes"}}}}`,
			[]string{`host "web"`, "services.openssh.enable", `a string ("yes")`, "bool"}},
		{"string in a port list", `{"host": "web", "config": {"networking": {"firewall": {"allowedTCPPorts": [22, "80"]}}}}`,
			[]string{`host "web"`, "networking.firewall.allowedTCPPorts", "element 1", "list of int"}},
		{"a set where a bool belongs, under a star", `{"host": "db", "config": {"users": {"users": {"alice": {"password": true}}}}}`,
			[]string{`host "db"`, "users.users.alice.password", "null or str"}},
		{"a scalar where a set belongs", `{"host": "db", "config": {"services": {"openssh": "on"}}}`,
			[]string{`host "db"`, "services.openssh", "attrs"}},
		{"config is a list", `{"host": "h", "config": [1]}`, []string{`host "h"`, `"config" is a list`, "doc.json:1:"}},
		{"defined is not a bool", `{"host": "h", "defined": {"a.b": "yes"}}`, []string{`host "h"`, `defined["a.b"] is a string`, "a boolean"}},
		{"files hold numbers", `{"host": "h", "files": {"a": [1]}}`, []string{`host "h"`, `files["a"]`, "a list of strings"}},
		{"errors hold objects", `{"host": "h", "errors": {"a": {}}}`, []string{`host "h"`, `errors["a"] is an object`, "a string"}},
		{"second host", `{"host": "ok"}, {"host": "bad", "defined": {"x": 1}}`, []string{`host "bad"`, `defined["x"]`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := readDoc(t, `{"nixsec_eval": 1, "hosts": [`+c.hosts+`]}`)
			var ue *inputerr.Error
			if !errors.As(err, &ue) {
				t.Fatalf("got %v, want a usage error", err)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("%q lacks %q", err, w)
				}
			}
		})
	}
	// Values of the right types, nulls and options no table lists pass.
	ok := `{"nixsec_eval": 1, "hosts": [{"host": "h", "config": {"services": {"openssh": {"enable": true, "ports": [22],
		"settings": {"PasswordAuthentication": null, "AllowUsers": ["a"], "Extra": 1}}}, "org": {"x": "y"}},
		"defined": {"a": true}, "errors": {"b": "boom"}, "files": {"a": ["h.nix"], "c": null}}]}`
	if err := readDoc(t, ok); err != nil {
		t.Errorf("a well-typed document: %v", err)
	}
}

// Every option a built-in rule reads has a type, and every type parses.
func TestOptionTypesCoverBuiltinRules(t *testing.T) {
	b, _, err := LoadRules(Config{Select: Selection{Profile: "paranoid"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range b.Rules() {
		for _, o := range r.Options {
			if OptionTypes[o.Path] == "" {
				t.Errorf("%s reads %s, which has no type in OptionTypes", r.ID, o.Path)
			}
			for _, a := range o.Aliases {
				if OptionTypes[a] != OptionTypes[o.Path] {
					t.Errorf("%s reads %s under its older name %s: OptionTypes gives it %q, want %q", r.ID, o.Path, a, OptionTypes[a], OptionTypes[o.Path])
				}
			}
		}
	}
	for p, ty := range OptionTypes {
		for _, alt := range strings.Split(ty, " or ") {
			alt = strings.TrimPrefix(alt, "list of ")
			switch alt {
			case "bool", "int", "str", "null", "attrs", "list", "any":
			default:
				t.Errorf("%s: unknown type %q", p, alt)
			}
		}
	}
}
