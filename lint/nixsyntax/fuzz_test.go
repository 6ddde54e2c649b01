package nixsyntax

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/nixsec/nixsec/lint/nixsyntax/internal/nixtest"
)

func addSeeds(f *testing.F) {
	files, _ := filepath.Glob("testdata/parse/*.nix")
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(string(b))
		}
	}
	for _, c := range errorCases {
		f.Add(c.src)
	}
	for _, s := range nixtest.GenerateCorpus(50) {
		f.Add(s)
	}
}

func FuzzLex(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, src string) {
		toks, comments, err := Lex("fuzz.nix", src)
		prev := 0
		for _, tk := range toks {
			if tk.Range.Start.Offset < prev || tk.Range.End.Offset < tk.Range.Start.Offset || tk.Range.End.Offset > len(src) {
				t.Fatalf("bad token range %v after %d", tk.Range, prev)
			}
			prev = tk.Range.End.Offset
		}
		if err == nil && (len(toks) == 0 || toks[len(toks)-1].Kind != EOF) {
			t.Fatal("no EOF token")
		}
		for _, c := range comments {
			if src[c.Range.Start.Offset:c.Range.End.Offset] != c.Text {
				t.Fatalf("comment text mismatch")
			}
		}
	})
}

func FuzzParse(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, src string) {
		file, err := ParseString("fuzz.nix", src)
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("error of type %T", err)
			}
			return
		}
		Walk(file.Expr, func(e Expr) bool {
			r := e.Span()
			if r.Start.Offset > r.End.Offset || r.End.Offset > len(src) {
				t.Fatalf("bad range %v for %T", r, e)
			}
			return true
		})
		Locate(file, []string{"a", "b"})
		Locate(file, []string{"services", "openssh", "enable"})
	})
}
