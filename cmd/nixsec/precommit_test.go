package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/nixsec/nixsec/internal/testenv"
)

// TestPreCommitHook runs the hook's entry exactly as .pre-commit-hooks.yaml
// writes it, the way pre-commit does: the installed binary on PATH, in the
// repository root, without file names.
func TestPreCommitHook(t *testing.T) {
	testenv.Slow(t)
	testenv.RequireNix(t)
	raw, err := os.ReadFile(filepath.Join(repoRoot(t), ".pre-commit-hooks.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var hooks []struct {
		ID            string `yaml:"id"`
		Entry         string `yaml:"entry"`
		Language      string `yaml:"language"`
		Files         string `yaml:"files"`
		PassFilenames *bool  `yaml:"pass_filenames"`
	}
	if err := yaml.Unmarshal(raw, &hooks); err != nil {
		t.Fatal(err)
	}
	if len(hooks) != 1 || hooks[0].ID != "nixsec" || hooks[0].Language != "golang" || hooks[0].PassFilenames == nil || *hooks[0].PassFilenames {
		t.Fatalf("hooks: %+v", hooks)
	}
	files := regexp.MustCompile(hooks[0].Files)
	for name, want := range map[string]bool{"hosts/web.nix": true, "flake.lock": true, "sub/flake.lock": true, "README.md": false, "notflake.lock": false} {
		if files.MatchString(name) != want {
			t.Errorf("files pattern on %s: %v", name, !want)
		}
	}
	// pre-commit's golang language installs the module's commands.
	bin := t.TempDir()
	build := exec.Command("go", "build", "-o", filepath.Join(bin, "nixsec"), ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	ws := workspace(t)
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	argv := strings.Fields(hooks[0].Entry)
	for dir, want := range map[string]int{"examples/insecure": 1, "examples/hardened": 0} {
		cmd := exec.Command(argv[0], argv[1:]...)
		cmd.Dir = filepath.Join(ws, dir)
		out, err := cmd.CombinedOutput()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if code != want {
			t.Errorf("%s: exit %d, want %d\n%s", dir, code, want, out)
		}
	}
}
