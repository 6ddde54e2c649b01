package engine

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/nixsec/nixsec/inputerr"
)

func writeFile(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoadDataMerges(t *testing.T) {
	dir := t.TempDir()
	a := writeFile(t, dir, "a.yaml", "ssh_allowed_users: [admin]\nhosts:\n  web:\n    tags: [public]\nport: 8080\n")
	b := writeFile(t, dir, "b.json", `{"hosts": {"db": {"tags": ["internal"]}}, "ratio": 0.5}`)
	d, err := LoadData([]string{a, b})
	if err != nil {
		t.Fatal(err)
	}
	hosts := d["hosts"].(map[string]any)
	if _, ok := hosts["web"]; !ok {
		t.Errorf("web lost: %v", d)
	}
	if _, ok := hosts["db"]; !ok {
		t.Errorf("db lost: %v", d)
	}
	if d["port"].(interface{ String() string }).String() != "8080" {
		t.Errorf("port: %#v", d["port"])
	}
	if empty, err := LoadData(nil); err != nil || len(empty) != 0 {
		t.Errorf("no files: %v %v", empty, err)
	}
}

func TestLoadDataErrors(t *testing.T) {
	dir := t.TempDir()
	a := writeFile(t, dir, "a.yaml", "hosts:\n  web:\n    tags: [public]\n")
	b := writeFile(t, dir, "b.json", `{"hosts": {"web": {"tags": ["internal"]}}}`)
	list := writeFile(t, dir, "list.yaml", "- a\n- b\n")
	bad := writeFile(t, dir, "bad.json", "{\n\"a\": 1,\n}")
	badYAML := writeFile(t, dir, "bad.yaml", "a: [1\nb: 2\n")
	intKeys := writeFile(t, dir, "keys.yaml", "hosts:\n  1: x\n")
	cases := []struct {
		files []string
		want  []string
	}{
		{[]string{a, b}, []string{"key hosts.web.tags is set in both " + a + " and " + b}},
		{[]string{list}, []string{list, "top level must be an object"}},
		{[]string{bad}, []string{bad + ":3:"}},
		{[]string{badYAML}, []string{badYAML, "line"}},
		{[]string{intKeys}, []string{intKeys, "not a string"}},
		{[]string{filepath.Join(dir, "missing.yaml")}, []string{"missing.yaml"}},
	}
	for _, c := range cases {
		_, err := LoadData(c.files)
		var de *inputerr.Error
		if !errors.As(err, &de) {
			t.Errorf("%v: error %v, want an *inputerr.Error", c.files, err)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%v: %q lacks %q", c.files, err, w)
			}
		}
	}
}

// The data is mounted under data.nixsec.user when the bundle is prepared.
func TestDataMounted(t *testing.T) {
	fs := fstest.MapFS{
		"main.rego": {Data: []byte(mainRego)},
		"a.rego": {Data: []byte(ruleSrc("ORG001", "high", `deny contains {"path": "services.openssh.enable", "msg": sprintf("host %s not allowed", [input.host])} if {
	not input.host in data.nixsec.user.allowed
}
`))},
	}
	b, err := Load([]Source{{Name: "pol", FS: fs}})
	if err != nil {
		t.Fatal(err)
	}
	e, err := b.WithData(map[string]any{"allowed": []any{"web"}}).Prepare(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for host, want := range map[string]int{"web": 0, "db": 1} {
		vs, err := e.Eval(context.Background(), map[string]any{"host": host})
		if err != nil || len(vs) != want {
			t.Errorf("%s: %v, %v", host, vs, err)
		}
	}
}

func TestIDPrefix(t *testing.T) {
	for id, want := range map[string]string{"SSH001": "SSH", "ORG-001": "ORG", "NIXSEC-EXPIRED": "NIXSEC", "K8S001": "K8S", "fw002": "FW"} {
		if got := IDPrefix(id); got != want {
			t.Errorf("IDPrefix(%s) = %s, want %s", id, got, want)
		}
	}
}
