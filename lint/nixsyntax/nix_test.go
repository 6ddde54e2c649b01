package nixsyntax

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
)

// needNix returns the nix-instantiate binary or skips the test; with
// NIXSEC_REQUIRE_NIX=1 a missing binary fails the test instead.
func needNix(t testing.TB) string {
	t.Helper()
	bin, err := exec.LookPath("nix-instantiate")
	if err != nil {
		if os.Getenv("NIXSEC_REQUIRE_NIX") == "1" {
			t.Fatalf("nix-instantiate not found and NIXSEC_REQUIRE_NIX=1: %v", err)
		}
		t.Skip("nix-instantiate not found")
	}
	return bin
}

type nixResult struct {
	out string
	err string // stderr when nix failed
}

func runNixParse(bin, file string) nixResult {
	cmd := exec.Command(bin, "--parse", file)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nixResult{err: stderr.String() + err.Error()}
	}
	return nixResult{out: stdout.String()}
}

// runNixAll runs nix-instantiate --parse on every file, in parallel.
func runNixAll(bin string, files []string) map[string]nixResult {
	res := make(map[string]nixResult, len(files))
	var mu sync.Mutex
	var wg sync.WaitGroup
	ch := make(chan string)
	for i := 0; i < runtime.NumCPU()*2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range ch {
				r := runNixParse(bin, f)
				mu.Lock()
				res[f] = r
				mu.Unlock()
			}
		}()
	}
	for _, f := range files {
		ch <- f
	}
	close(ch)
	wg.Wait()
	return res
}

func ourPrint(file string) (string, error) {
	src, err := os.ReadFile(file)
	if err != nil {
		return "", err
	}
	f, err := Parse(file, src)
	if err != nil {
		return "", err
	}
	abs, _ := filepath.Abs(file)
	var b bytes.Buffer
	if err := PrintWith(&b, f, PrintOptions{BaseDir: filepath.Dir(abs)}); err != nil {
		return "", err
	}
	return b.String(), nil
}

// semanticOnly reports Nix errors that come from variable binding, which
// nixsyntax (a syntax parser) does not check.
func semanticOnly(msg string) bool {
	return strings.Contains(msg, "undefined variable")
}

// compareWithNix checks files against nix-instantiate --parse: where Nix
// prints an expression ours must be identical; where Nix reports a
// syntax error ours must report one too.
func compareWithNix(t *testing.T, bin string, files []string) (same, skipped, orderDiffs int) {
	t.Helper()
	results := runNixAll(bin, files)
	sort.Strings(files)
	for _, file := range files {
		r := results[file]
		got, err := ourPrint(file)
		switch {
		case r.err != "" && semanticOnly(r.err):
			skipped++
		case r.err != "":
			if err == nil {
				t.Errorf("%s: nix rejects it, we accept it\nnix: %s\nours: %s", file, firstLine(r.err), got)
			} else {
				same++
			}
		case err != nil:
			t.Errorf("%s: nix accepts it, we reject it: %v\nnix: %s", file, err, r.out)
		case got != r.out:
			if orderOnly(got, r.out) {
				orderDiffs++
				t.Logf("%s: differs from nix only in the order of let bindings or formals (Nix 2.8 orders them by symbol address)", file)
				continue
			}
			t.Errorf("%s: output differs\nnix:  %q\nours: %q", file, r.out, got)
		default:
			same++
		}
	}
	return same, skipped, orderDiffs
}

// orderOnly reports whether two printed ASTs are equal once let bindings
// and formals are sorted by name.
func orderOnly(a, b string) bool {
	ca, err1 := canonical(a)
	cb, err2 := canonical(b)
	return err1 == nil && err2 == nil && ca == cb
}

func canonical(printed string) (string, error) {
	f, err := ParseOptions("canonical.nix", printed, Options{printed: true})
	if err != nil {
		return "", err
	}
	var b bytes.Buffer
	err = PrintWith(&b, f, PrintOptions{BaseDir: "/", Home: "/", canonical: true})
	return b.String(), err
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

func repoRoot(t testing.TB) string {
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

func nixFilesUnder(t testing.TB, root string) []string {
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

// TestNixEquivalenceRepo compares every .nix file of the repository.
func TestNixEquivalenceRepo(t *testing.T) {
	bin := needNix(t)
	files := nixFilesUnder(t, repoRoot(t))
	same, skipped, order := compareWithNix(t, bin, files)
	t.Logf("repository: %d files, %d identical (or both rejected), %d differ only in let/formals order, %d skipped (unbound variables)", len(files), same, order, skipped)
}

// TestNixEquivalenceGenerated compares generated expressions.
func TestNixEquivalenceGenerated(t *testing.T) {
	bin := needNix(t)
	dir := t.TempDir()
	var files []string
	for i, src := range generateCorpus(400) {
		f := filepath.Join(dir, fmt.Sprintf("gen%03d.nix", i))
		if err := os.WriteFile(f, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	same, skipped, order := compareWithNix(t, bin, files)
	t.Logf("generated: %d files, %d identical (or both rejected), %d differ only in let/formals order, %d skipped", len(files), same, order, skipped)
	if skipped > 0 {
		t.Errorf("generated cases must bind all variables; %d skipped", skipped)
	}
}
