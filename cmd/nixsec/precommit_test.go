package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/nixsec/nixsec/internal/testenv"
)

// TestPreCommitHook runs the hook's entry exactly as .pre-commit-hooks.yaml
// writes it, the way pre-commit does: the installed binary on PATH, in the
// repository root, without file names.
func TestPreCommitHook(t *testing.T) {
	testenv.Slow(t)
	testenv.RequireNix(t)
	t.Parallel()
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
	// pre-commit's golang language installs the module's commands: the
	// shared build, alone in its directory, first on PATH. PATH is set on
	// the command, not the process, so that the test can run in parallel.
	bin := filepath.Dir(buildNixsec(t))
	ws := workspace(t)
	path := bin + string(os.PathListSeparator) + os.Getenv("PATH")
	env := append(os.Environ(), "PATH="+path)
	argv := strings.Fields(hooks[0].Entry)
	// The entry's command is found on that PATH, as pre-commit finds it.
	entry, err := lookPathIn(argv[0], path)
	if err != nil {
		t.Fatal(err)
	}
	for dir, want := range map[string]int{"examples/insecure": 1, "examples/hardened": 0} {
		cmd := exec.Command(entry, argv[1:]...)
		cmd.Dir, cmd.Env = filepath.Join(ws, dir), env
		out, code := combinedExit(t, cmd)
		if code != want {
			t.Errorf("%s: exit %d, want %d\n%s", dir, code, want, out)
		}
	}
}

// combinedExit runs cmd: its combined output and exit code (a command
// that cannot run at all fails the test).
func combinedExit(t *testing.T, cmd *exec.Cmd) ([]byte, int) {
	t.Helper()
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); ok {
		return out, ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out, 0
}

// lookPathIn is exec.LookPath on the list of directories path, which the
// test passes to the command instead of setting the process's PATH.
func lookPathIn(name, path string) (string, error) {
	if strings.Contains(name, "/") {
		return name, nil
	}
	for _, dir := range filepath.SplitList(path) {
		p := filepath.Join(dir, name)
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0 {
			return p, nil
		}
	}
	return "", fmt.Errorf("%s is not in %s", name, path)
}

// exampleRepo makes a git repository whose root is a copy of an example
// flake, with the imitation of nixpkgs it imports inside it (a hook runs
// at a repository's root).
func exampleRepo(t *testing.T, example string) string {
	t.Helper()
	dir := t.TempDir()
	copyTree(t, filepath.Join(repoRoot(t), "examples", example), dir)
	copyTree(t, filepath.Join(repoRoot(t), "examples", "lib"), filepath.Join(dir, "lib"))
	flake := filepath.Join(dir, "flake.nix")
	if err := os.WriteFile(flake, []byte(strings.ReplaceAll(readFile(t, flake), "../lib/", "./lib/")), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"init", "-q"}, {"add", "-A"}, {"commit", "-q", "-m", "example"}} {
		if out, err := gitCmd(dir, args...).CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	return dir
}

// The real pre-commit (pre-commit try-repo) installs the hook from this
// repository with its golang language and runs it on an example flake:
// the hook fails with the findings, and passes on a hardened flake.
func TestPreCommitTryRepo(t *testing.T) {
	testenv.Slow(t)
	testenv.RequireNix(t)
	precommit := testenv.RequireProgram(t, "pre-commit", "NIXSEC_REQUIRE_PRECOMMIT")
	t.Parallel()
	// pre-commit builds the hook in a GOPATH of its own: share the module
	// cache, so that it does not download every module again. Set on the
	// commands, not the process, so that the test can run in parallel.
	modcache, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "GOMODCACHE="+strings.TrimSpace(string(modcache)))
	// Each try-repo clones and builds the hook on its own: the two run at
	// once.
	for example, want := range map[string]int{"insecure": 1, "hardened": 0} {
		t.Run(example, func(t *testing.T) {
			t.Parallel()
			repo := exampleRepo(t, example)
			ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, precommit, "try-repo", repoRoot(t), "nixsec", "--all-files")
			cmd.Dir, cmd.Env = repo, env
			out, code := combinedExit(t, cmd)
			if code != want {
				t.Errorf("%s: pre-commit exit %d, want %d\n%s", example, code, want, out)
			}
			if want == 1 && !strings.Contains(string(out), "HIGH SSH001 legacy") {
				t.Errorf("%s: the hook's output lacks the findings:\n%s", example, out)
			}
		})
	}
}
