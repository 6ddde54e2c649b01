package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nixsec/nixsec/internal/testenv"
)

// TestReadmeOutput keeps the README's example output true: the block that
// starts with `$ nixsec check ./examples/insecure` must be what that
// command prints, lines elided with "..." aside (the rest in order), and
// it must end with the run's summary.
func TestReadmeOutput(t *testing.T) {
	testenv.Slow(t)
	testenv.RequireNix(t)
	t.Parallel()
	b, err := os.ReadFile(filepath.Join(repoRoot(t), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	const cmd = "$ nixsec check ./examples/insecure"
	_, block, ok := strings.Cut(string(b), cmd+"\n")
	if !ok {
		t.Fatalf("README.md has no %q block", cmd)
	}
	block, _, _ = strings.Cut(block, "```")
	want := strings.Split(strings.TrimRight(block, "\n"), "\n")

	// Positions are relative to the flake: the checkout's place does not show.
	r := nixsec(t, "check", filepath.Join(workspace(t), "examples", "insecure"))
	if r.code != 1 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	got := strings.Split(strings.TrimRight(r.stdout, "\n"), "\n")
	i := 0
	for _, w := range want {
		if w == "..." {
			continue
		}
		for i < len(got) && got[i] != w {
			i++
		}
		if i == len(got) {
			t.Fatalf("README.md line %q is not in the output (in this order); the output is:\n%s", w, r.stdout)
		}
		i++
	}
	if want[len(want)-1] == "..." || i != len(got) {
		t.Errorf("README.md's block must end with the output's last line %q", got[len(got)-1])
	}
}
