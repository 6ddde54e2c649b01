// Command genflake writes a synthetic NixOS fleet as a git-initialised
// flake, for nixsec's benchmarks (scripts/bench.sh, docs/performance.md):
//
//	go run ./testdata/genflake -hosts 100 -out /tmp/fleet100
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/nixsec/nixsec/testdata/genflake/gen"
)

func main() {
	hosts := flag.Int("hosts", 10, "number of hosts")
	out := flag.String("out", "", "directory to write (created; must be empty)")
	lib := flag.String("lib", "", "examples/lib to copy into the flake (default: found from the current directory up)")
	users := flag.Int("users", 40, "shared users")
	services := flag.Int("services", 24, "shared systemd services")
	modules := flag.Int("modules", 0, "stand-in nixpkgs modules imported by every host (a real NixOS system: ~1900)")
	noGit := flag.Bool("no-git", false, "do not git init and commit")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "genflake: -out is required")
		os.Exit(2)
	}
	if *lib == "" {
		*lib = findLib()
	}
	if err := gen.Generate(gen.Options{Hosts: *hosts, Out: *out, Lib: *lib, Users: *users, Services: *services, Modules: *modules, NoGit: *noGit}); err != nil {
		fmt.Fprintln(os.Stderr, "genflake:", err)
		os.Exit(1)
	}
}

// findLib looks for examples/lib in the current directory and its parents.
func findLib() string {
	dir, _ := os.Getwd()
	for {
		p := filepath.Join(dir, "examples", "lib")
		if fi, err := os.Stat(filepath.Join(p, "nixos-system.nix")); err == nil && !fi.IsDir() {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}
