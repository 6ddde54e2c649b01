package nixtest

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// NixResult is what `nix-instantiate --parse FILE` printed.
type NixResult struct {
	Out string // stdout when nix accepted the file
	Err string // stderr when nix failed
}

// RunNixParse runs the nix-instantiate binary bin on file.
func RunNixParse(bin, file string) NixResult {
	cmd := exec.Command(bin, "--parse", file)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return NixResult{Err: stderr.String() + err.Error()}
	}
	return NixResult{Out: stdout.String()}
}

// RepoRoot returns the directory of go.mod above the working directory.
func RepoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found")
		}
		dir = parent
	}
}

// NixFilesUnder lists the .nix files below root, outside .git and
// node_modules.
func NixFilesUnder(t testing.TB, root string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(path, ".nix") {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}
