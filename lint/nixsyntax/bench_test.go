package nixsyntax

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/nixsec/nixsec/internal/testenv"
	"github.com/nixsec/nixsec/lint/nixsyntax/internal/nixtest"
)

func benchCorpus(tb testing.TB) ([]string, [][]byte, int) {
	files, err := filepath.Glob("testdata/parse/*.nix")
	if err != nil {
		tb.Fatal(err)
	}
	more, _ := filepath.Glob("../../testdata/realshape/*.nix")
	files = append(files, more...)
	ex := nixtest.NixFilesUnder(tb, filepath.Join(nixtest.RepoRoot(tb), "examples"))
	files = append(files, ex...)
	var srcs [][]byte
	total := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		srcs = append(srcs, b)
		total += len(b)
	}
	return files, srcs, total
}

// BenchmarkParse parses the corpus (testdata, realshape and examples);
// MB/s is reported through SetBytes.
func BenchmarkParse(b *testing.B) {
	files, srcs, total := benchCorpus(b)
	b.SetBytes(int64(total))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for j, src := range srcs {
			ParseString(files[j], string(src))
		}
	}
}

// TestNixParseSpeed measures nix-instantiate --parse on the same corpus
// (one process per file, as nix has no batch mode that survives a
// rejected file) and Parse, and logs both rates. Run with -v.
func TestNixParseSpeed(t *testing.T) {
	testenv.Slow(t)
	bin := testenv.RequireNixInstantiate(t)
	files, srcs, total := benchCorpus(t)
	start := time.Now()
	for _, f := range files {
		exec.Command(bin, "--parse", f).Run()
	}
	nixDur := time.Since(start)
	start = time.Now()
	const rounds = 20
	for r := 0; r < rounds; r++ {
		for j, src := range srcs {
			ParseString(files[j], string(src))
		}
	}
	ourDur := time.Since(start) / rounds
	mb := float64(total) / 1e6
	t.Logf("corpus: %d files, %d bytes", len(files), total)
	t.Logf("nix-instantiate --parse: %v (%.3f MB/s, process start included)", nixDur, mb/nixDur.Seconds())
	t.Logf("nixsyntax.Parse:         %v (%.1f MB/s), ratio %.0fx", ourDur, mb/ourDur.Seconds(), nixDur.Seconds()/ourDur.Seconds())
}
