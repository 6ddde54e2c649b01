package nixsyntax

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"
)

// Every .nix file nixsec parses comes from a pull request: these tests
// hold that parsing is linear in time and bounded in stack for any input.
// They assert no wall-clock time; go test's timeout is the guard, and
// each input parses in well under a second when parsing is linear (the
// quadratic parser took minutes on the same inputs).

// bigTerms is the length of the longest chains: a million terms, or a
// tenth of that under the race detector.
func bigTerms() int {
	if raceEnabled {
		return 100_000
	}
	return 1_000_000
}

// exercise runs what the linter runs on a parsed file (Locate, LocateAny,
// Walk) and, if print, Print; it returns how many nodes Walk saw.
func exercise(t *testing.T, f *File, print bool) int {
	t.Helper()
	nodes := 0
	Walk(f.Expr, func(Expr) bool { nodes++; return true })
	Locate(f, []string{"services", "openssh", "enable"})
	LocateAny(f, [][]string{{"a", "b"}, {"nixosConfigurations", "h"}})
	if print {
		if err := PrintWith(io.Discard, f, PrintOptions{BaseDir: "/", Home: "/"}); err != nil {
			t.Fatal(err)
		}
	}
	return nodes
}

func TestMillionTermSum(t *testing.T) {
	n := bigTerms()
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
	if got := exercise(t, f, false); got != 2*n-1 {
		t.Fatalf("Walk saw %d nodes, want %d", got, 2*n-1)
	}
	var b strings.Builder
	if err := PrintWith(&b, f, PrintOptions{BaseDir: "/", Home: "/"}); err != nil {
		t.Fatal(err)
	}
	want := strings.Repeat("(", n-1) + "1" + strings.Repeat(" + 1)", n-1) + "\n"
	if b.String() != want {
		t.Fatalf("printed %.40q…, want %.40q…", b.String(), want)
	}
}

// longInputs are inputs of about size bytes (or terms) that must parse,
// in linear time: chains that do not nest.
var longInputs = []struct {
	name string
	gen  func(n int) string // n terms
	err  string             // expected error, if any
}{
	{"selectors", func(n int) string { return "a" + strings.Repeat(".b", n) }, ""},
	{"selectors-or", func(n int) string { return "a" + strings.Repeat(".b", n) + " or 1" }, ""},
	{"selectors-dynamic", func(n int) string { return "a" + strings.Repeat(".${x}", n) }, ""},
	{"selectors-quoted", func(n int) string { return "a" + strings.Repeat(`."b"`, n) }, ""},
	{"hasattr", func(n int) string { return "a ? b" + strings.Repeat(".c", n) }, ""},
	{"negations", func(n int) string { return strings.Repeat("-", n) + "1" }, ""},
	{"negations-spaced", func(n int) string { return strings.Repeat("- ", n) + "1" }, ""},
	{"nots", func(n int) string { return strings.Repeat("!", n) + "x" }, ""},
	{"mixed-prefix", func(n int) string { return strings.Repeat("!-", n) + "x + 1 == y" }, ""},
	{"minus-unspaced", func(n int) string { return "1" + strings.Repeat("-1", n) }, ""},
	{"plus-unspaced", func(n int) string { return "1" + strings.Repeat("+1", n) }, ""},
	{"plus-negated", func(n int) string { return "1" + strings.Repeat("+-1", n) }, ""},
	{"times", func(n int) string { return "a" + strings.Repeat(" * a", n) }, ""},
	{"divisions", func(n int) string { return "a" + strings.Repeat(" / a", n) }, ""},
	{"and", func(n int) string { return "a" + strings.Repeat(" && !a", n) }, ""},
	{"or", func(n int) string { return "a" + strings.Repeat(" || a", n) }, ""},
	{"pipes", func(n int) string { return "a" + strings.Repeat(" |> f", n) }, ""},
	{"applications", func(n int) string { return "f" + strings.Repeat(" a", n) }, ""},
	{"modifier-applications", func(n int) string { return "{ a.b = lib.mkIf" + strings.Repeat(" a", n) + "; }" }, ""},
	{"mixed-precedence", func(n int) string { return "x" + strings.Repeat(" + f a.b.c * -2 - g", n) }, ""},
	{"list", func(n int) string { return "[" + strings.Repeat(" a", n) + " ]" }, ""},
	{"attrs", func(n int) string {
		var b strings.Builder
		b.WriteString("{")
		for i := range n {
			fmt.Fprintf(&b, " a%d = 1;", i)
		}
		return b.String() + " }"
	}, ""},
	{"attrpath", func(n int) string { return "{ a" + strings.Repeat(".b", n) + " = 1; }" }, ""},
	{"inherit", func(n int) string { return "{ inherit (x)" + strings.Repeat(" a", n) + "; }" }, "already defined"},
	{"interpolations", func(n int) string { return `"` + strings.Repeat("${a}x", n) + `"` }, ""},
	{"indented", func(n int) string { return "''" + strings.Repeat("${a}x''$'''", n) + "''" }, ""},
	{"path-interpolations", func(n int) string { return "./a" + strings.Repeat("/${b}", n) }, ""},
	{"dots", func(n int) string { return strings.Repeat("a.", n) + "b" }, ""},
	{"unclosed-comments", func(n int) string { return strings.Repeat("/* ", n) }, "unexpected '/'"},
	{"uri-like", func(n int) string { return strings.Repeat("a+", n) + "b" }, ""},
	{"nested-modules", func(n int) string {
		d := min(n, MaxNesting/4)
		return strings.Repeat("{ modules = [ (lib.mkIf c ", d) + "{ a.b = 1; }" + strings.Repeat(") ]; }", d)
	}, ""},
}

func TestLongInputs(t *testing.T) {
	n := bigTerms() / 10
	for _, c := range longInputs {
		t.Run(c.name, func(t *testing.T) {
			src := c.gen(n)
			f, err := ParseString("long.nix", src)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("error %v, want %q", err, c.err)
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
			exercise(t, f, true)
		})
	}
}

// The selector chain and the negations of the brief, at their sizes.
func TestHugeSelectorAndNegation(t *testing.T) {
	mb := 1 << 20
	if raceEnabled {
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
		exercise(t, f, true)
	}
}

// deepInputs nest for real: past MaxNesting they must fail with the
// nesting error, at a position, rather than crash.
var deepInputs = []struct {
	name           string
	open, mid, end string // end closes one open
}{
	{name: "parens", open: "(", mid: "1", end: ")"},
	{name: "lists", open: "[", mid: "1", end: "]"},
	{name: "attrs", open: "{a=", mid: "1", end: ";}"},
	{name: "rec-attrs", open: "rec{a=", mid: "1", end: ";}"},
	{name: "lambdas", open: "x: ", mid: "x"},
	{name: "formal-lambdas", open: "{ a ? 1 }: ", mid: "x"},
	{name: "formal-defaults", open: "{ a ? ", mid: "1", end: " }: a"},
	{name: "lets", open: "let in ", mid: "a"},
	{name: "lets-with-bindings", open: "let a = 1; in ", mid: "a"},
	{name: "let-values", open: "let a = ", mid: "1", end: "; in a"},
	{name: "withs", open: "with a; ", mid: "a"},
	{name: "asserts", open: "assert a; ", mid: "a"},
	{name: "ifs", open: "if a then a else ", mid: "a"},
	{name: "interpolations", open: `"${`, mid: "a", end: `}"`},
	{name: "indented-interpolations", open: `''${`, mid: "a", end: `}''`},
	{name: "dynamic-attrs", open: "{ ${", mid: "a", end: "} = 1; }"},
	{name: "implications", open: "a -> ", mid: "a"},
	{name: "concatenations", open: "a ++ ", mid: "a"},
	{name: "updates", open: "a // ", mid: "a"},
	{name: "pipe-from", open: "f <| ", mid: "a"},
	{name: "or-defaults", open: "a.b or ", mid: "a"},
	{name: "negated-parens", open: "-(", mid: "1", end: ")"},
	{name: "apply-parens", open: "f (", mid: "1", end: ")"},
	{name: "paths", open: "./a/${", mid: "a", end: "}"},
}

func nest(open, mid, end string, n int) string {
	return strings.Repeat(open, n) + mid + strings.Repeat(end, n)
}

func TestDeepNesting(t *testing.T) {
	want := fmt.Sprintf("nesting deeper than %d", MaxNesting)
	for _, c := range deepInputs {
		primary := c.name == "parens" || c.name == "lists" || c.name == "lambdas" || c.name == "lets"
		t.Run(c.name, func(t *testing.T) {
			if raceEnabled && !primary {
				t.Skip("slow under the race detector; tested without")
			}
			// at the limit: parses
			ok := nest(c.open, c.mid, c.end, MaxNesting-1)
			f, err := ParseString("deep.nix", ok)
			if err != nil {
				t.Fatalf("%d levels: %v", MaxNesting-1, err)
			}
			exercise(t, f, true)
			// far past it: the nesting error, at a position within the
			// first MaxNesting+1 repetitions. A million levels for the
			// plainest forms; the others are longer per level and need
			// not be as many.
			n := bigTerms() / 10
			if primary {
				n = bigTerms()
			}
			_, err = ParseString("deep.nix", nest(c.open, c.mid, c.end, n))
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("error %v (%T), want *Error", err, err)
			}
			if pe.Msg != want {
				t.Fatalf("error %v, want %q", err, want)
			}
			if pe.Pos.Line != 1 || pe.Pos.Offset > (MaxNesting+1)*len(c.open)+len(c.mid) {
				t.Fatalf("error at %v (offset %d)", pe.Pos, pe.Pos.Offset)
			}
		})
	}
}

func TestDeepNestingPosition(t *testing.T) {
	// level MaxNesting+1 is the innermost parenthesis' content.
	src := nest("(", "1", ")", MaxNesting+5)
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
	n := bigTerms()
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
	// cancelled at every point of the way (lexing, parsing, lowering):
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
