package engine

import (
	"context"
	"errors"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/types"
)

// limited prepares mainRego and one rule whose deny body is body, with lim.
func limited(t *testing.T, lim Limits, body string) *Engine {
	t.Helper()
	fs := fstest.MapFS{
		"main.rego": {Data: []byte(mainRego)},
		"a.rego":    {Data: []byte(ruleSrc("TST001", "high", body))},
	}
	b, err := Load([]Source{{Name: "pol", FS: fs}})
	if err != nil {
		t.Fatal(err)
	}
	e, err := b.WithLimits(lim).Prepare(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// dbl is Rego that binds v to 2^k copies of the one-character string c,
// doubling it k times: one call each, quick even with -race.
func dbl(v, c string, k int) string {
	var b strings.Builder
	b.WriteString(v + "0 := \"" + c + "\"\n\t")
	for i := 1; i <= k; i++ {
		p := v + strconv.Itoa(i-1)
		b.WriteString(v + strconv.Itoa(i) + " := concat(\"\", [" + p + ", " + p + "])\n\t")
	}
	b.WriteString(v + " := " + v + strconv.Itoa(k) + "\n\t")
	return b.String()
}

func hostInput(n int) map[string]any {
	return map[string]any{"host": "h1", "config": map[string]any{"n": n}}
}

// Each builtin that can build a huge value in one call fails with the cap,
// quickly (no allocation happens), and the same builtin on a normal size
// gives OPA's result.
func TestBuiltinCaps(t *testing.T) {
	cases := []struct {
		name, over, under, want string
	}{
		{"range", `count(numbers.range(0, 1e9)) > 0`, `count(numbers.range(0, 9)) == 10`, "numbers.range: would build 1000000001 elements"},
		{"range_step", `count(numbers.range_step(0, 1e12, 2)) > 0`, `numbers.range_step(0, 9, 3) == [0, 3, 6, 9]`, "numbers.range_step: would build"},
		{"cidr_expand", `count(net.cidr_expand("10.0.0.0/8")) > 0`, `count(net.cidr_expand("10.0.0.0/24")) == 256`, "net.cidr_expand: would build 16777216 elements"},
		{"cidr_expand v6", `count(net.cidr_expand("fd00::/64")) > 0`, `count(net.cidr_expand("fd00::/120")) == 256`, "net.cidr_expand: would build"},
		{"sprintf width", `sprintf("%1000000000d", [1]) != ""`, `sprintf("%5d|%-3s|%.2f", [42, "a", 3.14159]) == "   42|a  |3.14"`, "sprintf: would build a field of 1000000000 width"},
		{"sprintf star", `sprintf("%*d", [900000, 1]) != ""`, `sprintf("%*d", [3, 1]) == "  1"`, "sprintf: would build a field of 900000 width"},
		{"sprintf many", `sprintf(concat("", [s | some _ in numbers.range(1, 8000); s := "%9999d"]), numbers.range(1, 8000)) != ""`, `sprintf("%[1]s-%[1]s", ["x"]) == "x-x"`, "sprintf: would build about"},
		{"concat doubling", dbl("s", "x", 20) + `count(concat("", [s | some _ in numbers.range(1, 65)])) > 0`, `concat(", ", ["a", "b"]) == "a, b"`, "concat: would build 68157440 bytes"},
		{"replace", `s := concat("", [x | some _ in numbers.range(1, 10000); x := "x"]); t := concat("", [x | some _ in numbers.range(1, 10000); x := "y"]); count(replace(s, "", t)) > 0`, `replace("a.b", ".", "::") == "a::b"`, "replace: would build about"},
		{"replace_n", `s := concat("", [x | some _ in numbers.range(1, 10000); x := "ab"]); t := concat("", [x | some _ in numbers.range(1, 10000); x := "y"]); count(strings.replace_n({"a": t}, s)) > 0`, `strings.replace_n({"a": "1", "b": "2"}, "abc") == "12c"`, "strings.replace_n: would build about"},
		{"regex.replace", dbl("s", "a", 14) + dbl("t", "x", 13) + `count(regex.replace(s, "(a)", t)) > 0`, `regex.replace("a-b", "(\\w)", "<$1>") == "<a>-<b>"`, "regex.replace: would build about"},
		{"json.marshal", `s := concat("", [x | some _ in numbers.range(1, 65536); x := "x"]); count(json.marshal([s | some _ in numbers.range(1, 1100)])) > 0`, `json.marshal({"a": [1, true, null]}) == "{\"a\":[1,true,null]}"`, "json.marshal: would build about"},
		{"marshal indent", `count(json.marshal_with_options(numbers.range(1, 200000), {"indent": concat("", [x | some _ in numbers.range(1, 1000); x := " "])})) > 0`, `json.marshal_with_options([1], {"pretty": true, "indent": " "}) == "[\n 1\n]"`, "json.marshal_with_options: would build about"},
		{"render_template", dbl("s", "x", 16) + `count(strings.render_template(concat("", ["{{range 1000000000}}", s, "{{end}}"]), {})) > 0`, `strings.render_template("{{.a}}-{{range .l}}{{.}}{{end}}-{{.b}}", {"a": 1, "l": [1, 2]}) == "1-12-<undefined>"`, "strings.render_template: would build more than 67108864 bytes"},
		{"reachable_paths", `g := {sprintf("%d", [i]): {sprintf("%d", [i + 1]), sprintf("%d", [i + 2])} | some i in numbers.range(0, 60)}; count(graph.reachable_paths(g, {"0"})) > 0`, `graph.reachable_paths({"a": ["b"], "b": []}, {"a"}) == {["a", "b"]}`, "graph.reachable_paths: would build more than 1000000 elements"},
		{"split", dbl("s", "x", 21) + `count(split(s, "")) > 0`, `split("a.b", ".") == ["a", "b"]`, "split: would build 2097152 elements"},
		{"regex pattern", `p := concat("", [x | some _ in numbers.range(1, 70000); x := "a"]); regex.match(p, "a")`, `regex.match("^a+$", "aaa")`, "regex.match: would build a pattern of 70000 pattern bytes"},
		{"json.unmarshal", dbl("s", " ", 25) + `count(json.unmarshal(s)) > 0`, `json.unmarshal("[1]") == [1]`, "json.unmarshal: an input of 33554432 bytes"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// The deadline only stops a cap that failed to hold; it has headroom
			// for building 32 MiB strings under -race on a busy machine.
			e := limited(t, Limits{Timeout: 2 * time.Minute}, "deny contains {\"path\": \"a\", \"msg\": \"m\"} if {\n\t"+c.over+"\n}\n\ndeny contains {\"path\": \"b\", \"msg\": \"ok\"} if {\n\t"+c.under+"\n}\n")
			_, err := e.Eval(context.Background(), hostInput(1))
			var ce *CapError
			if !errors.As(err, &ce) || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "nixsec's cap") {
				t.Fatalf("over the cap: %v, want a CapError with %q", err, c.want)
			}
			e = limited(t, Limits{}, "deny contains {\"path\": \"b\", \"msg\": \"ok\"} if {\n\t"+c.under+"\n}\n")
			vs, err := e.Eval(context.Background(), hostInput(1))
			if err != nil || len(vs) != 1 {
				t.Fatalf("under the cap: %v %+v", err, vs)
			}
		})
	}
}

// A cap error fails a `not` and a negated call too: a rule must not pass
// because its check could not run.
func TestCapFailsNegation(t *testing.T) {
	e := limited(t, Limits{}, `deny contains {"path": "a", "msg": "m"} if not count(numbers.range(0, 1e9)) > 0
`)
	_, err := e.Eval(context.Background(), hostInput(1))
	var ce *CapError
	if !errors.As(err, &ce) {
		t.Fatalf("err = %v, want a CapError", err)
	}
}

func TestTimeout(t *testing.T) {
	// 1e10 iterations; no element is kept, so only the deadline stops it.
	e := limited(t, Limits{Timeout: 200 * time.Millisecond, MaxHeap: -1}, `deny contains {"path": "a", "msg": "m"} if {
	r := numbers.range(0, 99999)
	count([1 | some x in r; some y in r; x == y + input.config.n]) > 0
}
`)
	_, err := e.Eval(context.Background(), hostInput(1e9))
	var le *LimitError
	if !errors.As(err, &le) || le.Host != "h1" || le.Timeout != 200*time.Millisecond {
		t.Fatalf("err = %#v (%v), want a LimitError for h1 after 200ms", err, err)
	}
	if !strings.Contains(err.Error(), "the rules took too long: stopped after 200ms") {
		t.Errorf("message %q", err)
	}
	// The engine still works, for the other hosts.
	if _, err := e.Eval(context.Background(), hostInput(-1)); err == nil || !errors.As(err, &le) {
		t.Fatalf("second run: %v", err)
	}
}

// A cancellation by the caller is not a limit.
func TestCallerCancel(t *testing.T) {
	e := limited(t, Limits{Timeout: time.Hour}, `deny contains {"path": "a", "msg": "m"} if {
	r := numbers.range(0, 99999)
	count([1 | some x in r; some y in r; x == y + input.config.n]) > 0
}
`)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := e.Eval(ctx, hostInput(1e9))
	var le *LimitError
	if err == nil || errors.As(err, &le) {
		t.Fatalf("err = %v, want the caller's cancellation", err)
	}
}

func heapNow() int64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return int64(s[0].Value.Uint64())
}

// A policy that doubles a string up to 32 MiB (under the cap) and keeps
// copies of it: the watchdog stops it.
func TestHeapWatchdog(t *testing.T) {
	var b strings.Builder
	b.WriteString("deny contains {\"path\": \"a\", \"msg\": \"m\"} if {\n\tx0 := \"xx\"\n")
	for i := 1; i <= 24; i++ {
		b.WriteString("\tx" + strconv.Itoa(i) + " := concat(\"\", [x" + strconv.Itoa(i-1) + ", x" + strconv.Itoa(i-1) + "])\n")
	}
	b.WriteString("\tcopies := [c | some i in numbers.range(1, 100000); c := concat(\"\", [x24, format_int(i, 10)])]\n\tcount(copies) > 0\n}\n")
	e := limited(t, Limits{Timeout: time.Hour, MaxHeap: heapNow() + 256<<20}, b.String())
	_, err := e.Eval(context.Background(), hostInput(1))
	var le *LimitError
	if !errors.As(err, &le) || le.Host != "h1" || le.Heap <= le.MaxHeap {
		t.Fatalf("err = %v, want the heap limit", err)
	}
	if !strings.Contains(err.Error(), "the rules used too much memory") {
		t.Errorf("message %q", err)
	}
}

func TestLimitsResolve(t *testing.T) {
	l := Limits{}.resolve()
	if l.Timeout != DefaultTimeout || l.MaxHeap <= 0 {
		t.Errorf("defaults: %+v", l)
	}
	l = Limits{Timeout: -1, MaxHeap: -1}.resolve()
	if l.Timeout != 0 || l.MaxHeap != 0 {
		t.Errorf("none: %+v", l)
	}
}

// An evaluation that does not stop is abandoned with its worker (evalOn):
// the next host's evaluation runs on another one and does not wait for
// it. Once released, the abandoned worker ends, and so do the idle ones.
func TestAbandonedEvaluationKeepsItsWorker(t *testing.T) {
	release := make(chan struct{})
	block := Builtin{
		Decl: &ast.Builtin{Name: "test.block", Decl: types.NewFunction(types.Args(types.N), types.N)},
		Impl: rego.Function1(&rego.Function{Name: "test.block", Decl: types.NewFunction(types.Args(types.N), types.N)},
			func(_ rego.BuiltinContext, n *ast.Term) (*ast.Term, error) {
				<-release // deaf to cancellation, as a long comparison is
				return n, nil
			}),
	}
	before := runtime.NumGoroutine()
	fs := fstest.MapFS{
		"main.rego": {Data: []byte(mainRego)},
		"a.rego": {Data: []byte(ruleSrc("TST001", "high", `deny contains {"path": "a", "msg": "m"} if {
	input.config.n == 1
	test.block(input.config.n) == 1
}
`))},
	}
	b, err := Load([]Source{{Name: "pol", FS: fs, Builtins: []Builtin{block}}})
	if err != nil {
		t.Fatal(err)
	}
	e, err := b.WithLimits(Limits{Timeout: 50 * time.Millisecond, MaxHeap: -1}).Prepare(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var le *LimitError
	if _, err := e.Eval(context.Background(), hostInput(1)); !errors.As(err, &le) {
		t.Fatalf("blocked host: %v, want a LimitError", err)
	}
	for i := range 20 {
		start := time.Now()
		vs, err := e.Eval(context.Background(), hostInput(0))
		if err != nil || len(vs) != 0 || time.Since(start) > abandonAfter/2 {
			t.Fatalf("host %d after the abandoned one: %v %v after %v", i, vs, err, time.Since(start))
		}
	}
	close(release)
	deadline := time.Now().Add(10 * (workerIdle + time.Second))
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(workerIdle / 4)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Errorf("%d goroutines remain after the evaluations, %d before", n, before)
	}
}

// Evaluations one after another run on one worker (evalOn): a new
// goroutine per host grew its stack anew for OPA's deep recursion.
func TestEvaluationsReuseTheirWorker(t *testing.T) {
	gid := Builtin{
		Decl: &ast.Builtin{Name: "test.goroutine", Decl: types.NewFunction(types.Args(types.N), types.S)},
		Impl: rego.Function1(&rego.Function{Name: "test.goroutine", Decl: types.NewFunction(types.Args(types.N), types.S)},
			func(_ rego.BuiltinContext, _ *ast.Term) (*ast.Term, error) {
				buf := make([]byte, 64)
				id, _, _ := strings.Cut(strings.TrimPrefix(string(buf[:runtime.Stack(buf, false)]), "goroutine "), " ")
				return ast.StringTerm(id), nil
			}),
	}
	fs := fstest.MapFS{
		"main.rego": {Data: []byte(mainRego)},
		"a.rego":    {Data: []byte(ruleSrc("TST001", "high", "deny contains {\"path\": \"a\", \"msg\": test.goroutine(input.config.n)} if true\n"))},
	}
	e, err := New(context.Background(), []Source{{Name: "pol", FS: fs, Builtins: []Builtin{gid}}})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for range 5 {
		vs, err := e.Eval(context.Background(), hostInput(1))
		if err != nil || len(vs) != 1 {
			t.Fatal(vs, err)
		}
		seen[vs[0].Message] = true
	}
	if len(seen) != 1 {
		t.Errorf("5 evaluations in a row ran on %d goroutines, want 1: %v", len(seen), seen)
	}
}

// The worker pool under callers whose pauses straddle workerIdle, so that
// workers time out while evaluations claim them: every evaluation runs
// once and reaches its caller, and once the callers stop, every worker
// ends (run with -race).
func TestWorkersUnderTimeouts(t *testing.T) {
	e := &Engine{jobs: make(chan func() func())}
	before := runtime.NumGoroutine()
	var ran atomic.Int64
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 12 {
				done := make(chan int, 1)
				e.evalOn(func() func() {
					ran.Add(1)
					return func() { done <- i }
				})
				if got := <-done; got != i {
					t.Errorf("caller %d got result %d, want %d", g, got, i)
				}
				if i%3 == 0 {
					time.Sleep(workerIdle - 5*time.Millisecond + time.Duration(g)*2*time.Millisecond)
				}
			}
		}()
	}
	wg.Wait()
	if ran.Load() != 8*12 {
		t.Errorf("%d evaluations ran, want %d", ran.Load(), 8*12)
	}
	deadline := time.Now().Add(20 * workerIdle)
	for (runtime.NumGoroutine() > before || e.idle.Load() != 0) && time.Now().Before(deadline) {
		time.Sleep(workerIdle / 4)
	}
	if n := runtime.NumGoroutine(); n > before || e.idle.Load() != 0 {
		t.Errorf("%d goroutines remain (%d before), %d counted idle", n, before, e.idle.Load())
	}
}
