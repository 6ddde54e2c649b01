package nixsyntax

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nixsec/nixsec/internal/testenv"
	"github.com/nixsec/nixsec/lint/nixsyntax/internal/nixtest"
)

// Every .nix file nixsec parses comes from a pull request: these tests
// hold that parsing is linear in time and bounded in stack for any input.
// They assert no wall-clock time; go test's timeout is the guard, and
// each input parses in well under a second when parsing is linear (the
// quadratic parser took minutes on the same inputs). The inputs are that
// large only with the slow tests selected (nixtest.BigTerms); nixprint's
// tests print the same inputs.

// exercise runs what the linter runs on a parsed file (Locate, LocateAny,
// Walk); it returns how many nodes Walk saw.
func exercise(f *File) int {
	nodes := 0
	Walk(f.Expr, func(Expr) bool { nodes++; return true })
	Locate(f, []string{"services", "openssh", "enable"})
	LocateAny(f, [][]string{{"a", "b"}, {"nixosConfigurations", "h"}})
	return nodes
}

func TestSharedMaxNesting(t *testing.T) {
	if nixtest.MaxNesting != MaxNesting {
		t.Fatalf("nixtest.MaxNesting is %d, MaxNesting %d", nixtest.MaxNesting, MaxNesting)
	}
}

func TestMillionTermSum(t *testing.T) {
	n := nixtest.BigTerms()
	src := "1" + strings.Repeat(" + 1", n-1)
	f, err := ParseString("sum.nix", src)
	if err != nil {
		t.Fatal(err)
	}
	// a left-leaning tree as deep as the chain is long
	depth := 0
	for e := f.Expr; ; depth++ {
		b, ok := e.(*BinOp)
		if !ok {
			break
		}
		if b.Op != PLUS {
			t.Fatalf("op %v", b.Op)
		}
		e = b.L
	}
	if depth != n-1 {
		t.Fatalf("depth %d, want %d", depth, n-1)
	}
	if got := exercise(f); got != 2*n-1 {
		t.Fatalf("Walk saw %d nodes, want %d", got, 2*n-1)
	}
}

func TestLongInputs(t *testing.T) {
	n := nixtest.BigTerms() / 10
	for _, c := range nixtest.LongInputs {
		t.Run(c.Name, func(t *testing.T) {
			src := c.Gen(n)
			f, err := ParseString("long.nix", src)
			if c.Err != "" {
				if err == nil || !strings.Contains(err.Error(), c.Err) {
					t.Fatalf("error %v, want %q", err, c.Err)
				}
				var pe *Error
				if !errors.As(err, &pe) {
					t.Fatalf("error of type %T", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			exercise(f)
		})
	}
}

// The selector chain and the negations of the brief, at their sizes
// with the slow tests selected.
func TestHugeSelectorAndNegation(t *testing.T) {
	mb := 1 << 20
	switch {
	case !testenv.SlowSelected():
		mb /= 64
	case nixtest.RaceEnabled:
		mb /= 8
	}
	for _, src := range []string{
		"a" + strings.Repeat(".b", mb), // 2 MB
		strings.Repeat("-", mb) + "1",  // 1 MB
	} {
		f, err := ParseString("huge.nix", src)
		if err != nil {
			t.Fatal(err)
		}
		exercise(f)
	}
}

func TestDeepNesting(t *testing.T) {
	want := fmt.Sprintf("nesting deeper than %d", MaxNesting)
	for _, c := range nixtest.DeepInputs {
		primary := c.Name == "parens" || c.Name == "lists" || c.Name == "lambdas" || c.Name == "lets"
		t.Run(c.Name, func(t *testing.T) {
			if nixtest.RaceEnabled && !primary {
				t.Skip("slow under the race detector; tested without")
			}
			// at the limit: parses
			ok := nixtest.Nest(c.Open, c.Mid, c.End, MaxNesting-1)
			f, err := ParseString("deep.nix", ok)
			if err != nil {
				t.Fatalf("%d levels: %v", MaxNesting-1, err)
			}
			exercise(f)
			// far past it: the nesting error, at a position within the
			// first MaxNesting+1 repetitions. A million levels for the
			// plainest forms (with the slow tests selected); the others
			// are longer per level and need not be as many.
			n := max(nixtest.BigTerms()/10, 2*MaxNesting)
			if primary {
				n = nixtest.BigTerms()
			}
			_, err = ParseString("deep.nix", nixtest.Nest(c.Open, c.Mid, c.End, n))
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("error %v (%T), want *Error", err, err)
			}
			if pe.Msg != want {
				t.Fatalf("error %v, want %q", err, want)
			}
			if pe.Pos.Line != 1 || pe.Pos.Offset > (MaxNesting+1)*len(c.Open)+len(c.Mid) {
				t.Fatalf("error at %v (offset %d)", pe.Pos, pe.Pos.Offset)
			}
		})
	}
}

func TestDeepNestingPosition(t *testing.T) {
	// level MaxNesting+1 is the innermost parenthesis' content.
	src := nixtest.Nest("(", "1", ")", MaxNesting+5)
	_, err := ParseString("deep.nix", src)
	wantErr := fmt.Sprintf("deep.nix:1:%d: nesting deeper than %d", MaxNesting+1, MaxNesting)
	if err == nil || err.Error() != wantErr {
		t.Fatalf("got %v, want %s", err, wantErr)
	}
}

// countingCtx is a context that turns cancelled after its Err has been
// asked after times: it shows that parsing looks at it periodically and
// stops at once, without depending on timing.
type countingCtx struct {
	context.Context
	mu           sync.Mutex
	calls, after int
}

func (c *countingCtx) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls++
	if c.calls > c.after {
		return context.Canceled
	}
	return nil
}

func TestParseContextCancel(t *testing.T) {
	// large enough for the context to be looked at 20 times
	n := max(nixtest.BigTerms(), 100_000)
	src := "[" + strings.Repeat(" (a.b + -1)", n/20) + " ]"
	// how often a full parse looks at the context
	full := &countingCtx{Context: cancelled(), after: 1 << 30}
	f, err := ParseOptionsContext(full, "big.nix", src, Options{})
	if err != nil || f == nil {
		t.Fatal(err)
	}
	total := full.calls
	if total < 20 {
		t.Fatalf("the context was looked at only %d times", total)
	}
	// cancelled at every point of the way (lexing, parsing, checking):
	// parsing returns at the next look
	for _, after := range []int{0, 1, total / 4, total / 2, 3 * total / 4, total - 2} {
		c := &countingCtx{Context: cancelled(), after: after}
		f, err := ParseOptionsContext(c, "big.nix", src, Options{})
		if !errors.Is(err, context.Canceled) || f != nil {
			t.Fatalf("after %d: got %v, %v", after, f, err)
		}
		if c.calls > after+2 {
			t.Fatalf("after %d: went on for %d more looks", after, c.calls-after-1)
		}
	}
	// a real cancelled context
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ParseContext(ctx, "big.nix", []byte(src)); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled: %v", err)
	}
	ctx, cancel = context.WithTimeout(context.Background(), time.Nanosecond)
	defer cancel()
	<-ctx.Done()
	if _, err := ParseContext(ctx, "big.nix", []byte(src)); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("deadline: %v", err)
	}
	// and a live one parses as Parse does
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	f2, err := ParseContext(ctx, "small.nix", []byte("{ a = 1; }"))
	if err != nil || f2 == nil {
		t.Fatal(err)
	}
}

// cancelled returns a context with a Done channel (so that parsing
// watches it); countingCtx decides what its Err says.
func cancelled() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	_ = cancel
	return ctx
}

// BenchmarkChains parses each kind of long chain at n and 4n terms: with
// a linear parser the 4n case takes about 4 times as long (compare ns/op,
// or MB/s, which should stay about the same).
//
//	go test ./lint/nixsyntax -run '^$' -bench Chains -benchtime 5x
func BenchmarkChains(b *testing.B) {
	const n = 50_000
	kinds := []struct {
		name string
		gen  func(n int) string
	}{
		{"plus", func(n int) string { return "1" + strings.Repeat(" + 1", n) }},
		{"selectors", func(n int) string { return "a" + strings.Repeat(".b", n) }},
		{"negations", func(n int) string { return strings.Repeat("-", n) + "1" }},
		{"nots", func(n int) string { return strings.Repeat("!", n) + "x" }},
		{"applications", func(n int) string { return "f" + strings.Repeat(" a", n) }},
		{"minus-unspaced", func(n int) string { return "1" + strings.Repeat("-1", n) }},
		{"hasattr", func(n int) string { return "a ? b" + strings.Repeat(".c", n) }},
		{"interpolations", func(n int) string { return `"` + strings.Repeat("${a}x", n) + `"` }},
		{"list", func(n int) string { return "[" + strings.Repeat(" a", n) + " ]" }},
		{"concat-nested", func(n int) string { return "[" + strings.Repeat(" (a ++ a // b)", n) + " ]" }},
	}
	for _, k := range kinds {
		for _, size := range []int{n, 4 * n} {
			src := k.gen(size)
			b.Run(fmt.Sprintf("%s/n=%d", k.name, size), func(b *testing.B) {
				b.SetBytes(int64(len(src)))
				for b.Loop() {
					f, err := ParseString("bench.nix", src)
					if err != nil {
						b.Fatal(err)
					}
					Locate(f, []string{"a", "b"})
				}
			})
		}
	}
}
