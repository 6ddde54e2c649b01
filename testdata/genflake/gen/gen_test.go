package gen

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nixsec/nixsec/internal/testenv"
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

func TestBulkModules(t *testing.T) {
	lib, _ := filepath.Abs("../../../examples/lib")
	dir := filepath.Join(t.TempDir(), "f")
	if err := Generate(Options{Hosts: 1, Out: dir, Lib: lib, NoGit: true, Modules: 45}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "lib", "nixpkgs-bulk.nix"))
	if err != nil {
		t.Fatal(err)
	}
	bulk := string(b)
	if n := strings.Count(bulk, "(module \""); n != 45 {
		t.Errorf("%d modules, want 45", n)
	}
	for i := 1; i <= 45; i++ {
		if !strings.Contains(bulk, fmt.Sprintf("(module %q ", BulkModuleFile(i))) {
			t.Errorf("no module for %s", BulkModuleFile(i))
		}
	}
	// Attributed to nixpkgs, not to the flake's file.
	if !strings.Contains(bulk, `_file = "${nixpkgs}/${file}"; key = "${nixpkgs}/${file}";`) ||
		!strings.Contains(bulk, `nixpkgs = "`+nixpkgsModules+`";`) {
		t.Error("modules are not attributed to the nixpkgs store path")
	}
	if n := strings.Count(bulk, "default = true;"); n != 2 {
		t.Errorf("%d modules enabled by default, want 2 (every 20th)", n)
	}
	flake, _ := os.ReadFile(filepath.Join(dir, "flake.nix"))
	if !strings.Contains(string(flake), "shared = bulk ++ [") {
		t.Error("flake.nix does not import the bulk modules")
	}

	// Modules 0 writes none of it.
	dir0 := filepath.Join(t.TempDir(), "f")
	if err := Generate(Options{Hosts: 1, Out: dir0, Lib: lib, NoGit: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir0, "lib", "nixpkgs-bulk.nix")); err == nil {
		t.Error("Modules 0 wrote lib/nixpkgs-bulk.nix")
	}
	if flake, _ := os.ReadFile(filepath.Join(dir0, "flake.nix")); strings.Contains(string(flake), "bulk") {
		t.Error("Modules 0 changed flake.nix")
	}
	if err := Generate(Options{Hosts: 1, Out: t.TempDir(), Lib: lib, Modules: -1}); err == nil {
		t.Error("negative Modules accepted")
	}
}

// TestBulkModulesEvaluate evaluates a host with bulk modules with real nix:
// the enabled-by-default ones define their unit and account, attributed to
// nixpkgs. A slow test (NIXSEC_SLOW=1); skipped without nix, unless
// NIXSEC_REQUIRE_NIX=1.
func TestBulkModulesEvaluate(t *testing.T) {
	testenv.Slow(t)
	testenv.RequireNix(t)
	lib, _ := filepath.Abs("../../../examples/lib")
	dir := filepath.Join(t.TempDir(), "f")
	if err := Generate(Options{Hosts: 1, Out: dir, Lib: lib, NoGit: true, Modules: 25}); err != nil {
		t.Fatal(err)
	}
	const apply = `h: {
	  services = builtins.filter (n: builtins.substring 0 5 n == "bulk-") (builtins.attrNames h.config.systemd.services);
	  execStart = h.config.systemd.services.bulk-0020.serviceConfig.ExecStart;
	  user = h.config.users.users.bulk-0020.isSystemUser;
	  port = h.config.services.bulk-0005.port;
	  files = map (d: toString d.file) (builtins.filter (d: d.value ? bulk-0020) h.options.systemd.services.definitionsWithLocations);
	}`
	cmd := exec.Command("nix", "--extra-experimental-features", "nix-command flakes", "eval", "--json", "--no-eval-cache",
		"path:"+dir+"#nixosConfigurations."+HostName(0), "--apply", apply)
	out, err := cmd.Output()
	if err != nil {
		var stderr []byte
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = ee.Stderr
		}
		t.Fatalf("nix eval: %v\n%s", err, stderr)
	}
	var got struct {
		Services  []string
		ExecStart string
		User      bool
		Port      int
		Files     []string
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if fmt.Sprint(got.Services) != "[bulk-0020]" {
		t.Errorf("bulk services %v, want only the enabled-by-default bulk-0020", got.Services)
	}
	if !strings.Contains(got.ExecStart, "/bin/bulk-0020 --port 20020 --config ") || !got.User || got.Port != 20005 {
		t.Errorf("unexpected values: %+v", got)
	}
	if want := nixpkgsModules + "/" + BulkModuleFile(20); fmt.Sprint(got.Files) != "["+want+"]" {
		t.Errorf("bulk-0020 defined in %v, want %s", got.Files, want)
	}
}
