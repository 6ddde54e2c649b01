package gen

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestGenerateIsDeterministicAndSelfContained(t *testing.T) {
	lib, _ := filepath.Abs("../../../examples/lib")
	read := func(dir string) map[string]string {
		out := map[string]string{}
		_ = filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
			if err == nil && !fi.IsDir() {
				b, _ := os.ReadFile(p)
				rel, _ := filepath.Rel(dir, p)
				out[rel] = string(b)
			}
			return nil
		})
		return out
	}
	var runs []map[string]string
	for i := 0; i < 2; i++ {
		dir := filepath.Join(t.TempDir(), "f")
		if err := Generate(Options{Hosts: 12, Out: dir, Lib: lib, NoGit: true}); err != nil {
			t.Fatal(err)
		}
		runs = append(runs, read(dir))
	}
	a, b := runs[0], runs[1]
	if len(a) != len(b) {
		t.Fatalf("%d vs %d files", len(a), len(b))
	}
	for k, v := range a {
		if b[k] != v {
			t.Errorf("%s differs between runs", k)
		}
	}
	for _, want := range []string{"flake.nix", "lib/nixos-system.nix", "lib/modules.nix", "modules/common.nix", "modules/users.nix", "modules/roles/dns.nix", "hosts/host0012.nix"} {
		if _, ok := a[want]; !ok {
			t.Errorf("no %s", want)
		}
	}
	if n := strings.Count(a["flake.nix"], "= host ./modules/roles/"); n != 12 {
		t.Errorf("%d hosts in flake.nix", n)
	}
	if strings.Contains(a["flake.nix"], "../") {
		t.Error("the flake reaches outside itself")
	}
	if err := Generate(Options{Hosts: 0, Out: t.TempDir(), Lib: lib}); err == nil {
		t.Error("0 hosts accepted")
	}
}
