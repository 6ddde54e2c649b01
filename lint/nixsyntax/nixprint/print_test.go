package nixprint

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nixsec/nixsec/internal/testenv"
	"github.com/nixsec/nixsec/lint/nixsyntax"
	"github.com/nixsec/nixsec/lint/nixsyntax/internal/nixtest"
)

func printString(t *testing.T, src string) string {
	t.Helper()
	f, err := nixsyntax.ParseString("p.nix", src)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := PrintWith(&b, f, Options{BaseDir: "/", Home: "/"}); err != nil {
		t.Fatal(err)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// TestPrintOrder shows the order Print chooses where Nix 2.8's depends on
// its allocator: let bindings and formals sorted by name, as Nix sorts a
// set's attributes.
func TestPrintOrder(t *testing.T) {
	for src, want := range map[string]string{
		"let b = 1; a.x = 2; inherit c; in { z, y ? 1, ... }@w: a": "(let a = { x = 2; }; b = 1; inherit c; in ({ y ? 1, z, ... } @ w: a))",
		"{ b = 1; a.y = 2; a.x = 3; ${c} = 4; }":                   `{ a = { x = 3; y = 2; }; b = 1; "${c}" = 4; }`,
	} {
		if got := printString(t, src); got != want {
			t.Errorf("%s: got %s, want %s", src, got, want)
		}
	}
}

func TestPipes(t *testing.T) {
	for src, want := range map[string]string{
		"x |> f":        "(f x)",
		"x |> f |> g":   "(g (f x))",
		"x |> f a":      "(f a x)",
		"f <| x":        "(f x)",
		"f <| g <| x":   "(f (g x))",
		"a + 1 |> f":    "(f (a + 1))",
		"a -> b |> f":   "(f (a -> b))",
		"f <| a || b":   "(f (a || b))",
		"(x |> f) |> g": "(g (f x))",
		"[ (x |> f) ]":  "[ ((f x)) ]",
		"f <| (x |> g)": "(f (g x))",
		"a // b |> f":   "(f (a // b))",
	} {
		f, err := nixsyntax.ParseString("p.nix", src)
		if err != nil {
			t.Errorf("%s: %v", src, err)
			continue
		}
		var b strings.Builder
		if err := PrintWith(&b, f, Options{BaseDir: "/", Home: "/"}); err != nil {
			t.Fatal(err)
		}
		if got := strings.TrimSuffix(b.String(), "\n"); got != want {
			t.Errorf("%s: got %s, want %s", src, got, want)
		}
	}
	if _, err := nixsyntax.ParseOptions("p.nix", "x |> f", nixsyntax.Options{NoPipes: true}); err == nil {
		t.Error("NoPipes accepts |>")
	}
	if _, err := nixsyntax.ParseString("p.nix", "x: x |> f"); err != nil {
		t.Error(err)
	}
}

// The printer writes from an explicit stack: it prints what nixsyntax
// parses (see nixsyntax's dos_test.go), however long the chains. The
// inputs are large only with the slow tests selected (nixtest.BigTerms).

func TestPrintMillionTermSum(t *testing.T) {
	n := nixtest.BigTerms()
	want := strings.Repeat("(", n-1) + "1" + strings.Repeat(" + 1)", n-1)
	if got := printString(t, "1"+strings.Repeat(" + 1", n-1)); got != want {
		t.Fatalf("printed %.40q…, want %.40q…", got, want)
	}
}

func printDiscard(t *testing.T, src string) {
	t.Helper()
	f, err := nixsyntax.ParseString("long.nix", src)
	if err != nil {
		t.Fatal(err)
	}
	if err := PrintWith(io.Discard, f, Options{BaseDir: "/", Home: "/"}); err != nil {
		t.Fatal(err)
	}
}

func TestPrintLongInputs(t *testing.T) {
	n := nixtest.BigTerms() / 10
	for _, c := range nixtest.LongInputs {
		if c.Err != "" {
			continue
		}
		t.Run(c.Name, func(t *testing.T) { printDiscard(t, c.Gen(n)) })
	}
	mb := 1 << 20
	switch {
	case !testenv.SlowSelected():
		mb /= 64
	case nixtest.RaceEnabled:
		mb /= 8
	}
	printDiscard(t, "a"+strings.Repeat(".b", mb))
	printDiscard(t, strings.Repeat("-", mb)+"1")
}

func TestPrintDeepNesting(t *testing.T) {
	for _, c := range nixtest.DeepInputs {
		primary := c.Name == "parens" || c.Name == "lists" || c.Name == "lambdas" || c.Name == "lets"
		t.Run(c.Name, func(t *testing.T) {
			if nixtest.RaceEnabled && !primary {
				t.Skip("slow under the race detector; tested without")
			}
			printDiscard(t, nixtest.Nest(c.Open, c.Mid, c.End, nixsyntax.MaxNesting-1))
		})
	}
}

// FuzzPrint prints whatever nixsyntax parses.
func FuzzPrint(f *testing.F) {
	files, _ := filepath.Glob("../testdata/parse/*.nix")
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(string(b))
		}
	}
	for _, s := range nixtest.GenerateCorpus(50) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		file, err := nixsyntax.ParseString("fuzz.nix", src)
		if err != nil {
			return
		}
		var b bytes.Buffer
		if err := PrintWith(&b, file, Options{BaseDir: "/base", Home: "/home"}); err != nil {
			t.Fatal(err)
		}
	})
}
