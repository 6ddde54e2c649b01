package nixsyntax

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

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

// BenchmarkNixInstantiateParse parses the same corpus with
// `nix-instantiate --parse`, one process per file (nix has no batch mode
// that survives a rejected file): compare its MB/s with BenchmarkParse's.
// Both are reported by `go test -bench Parse ./lint/nixsyntax`.
func BenchmarkNixInstantiateParse(b *testing.B) {
	bin := testenv.RequireNixInstantiate(b)
	files, _, total := benchCorpus(b)
	b.SetBytes(int64(total))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, f := range files {
			_ = exec.Command(bin, "--parse", f).Run() // rejected files count too
		}
	}
}
