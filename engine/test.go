package engine

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/tester"
	"github.com/open-policy-agent/opa/v1/topdown"
	"github.com/open-policy-agent/opa/v1/types"
)

// Test outcomes.
const (
	TestPass  = "PASS"
	TestFail  = "FAIL"
	TestError = "ERROR"
	TestSkip  = "SKIP"
)

// TestResult is the outcome of one test rule (test_*) of a user policy.
type TestResult struct {
	Name    string // "nixsec.rules.org.org001_test.test_denies_contractor"
	File    string // as LoadModules names it
	Line    int
	Outcome string // TestPass, TestFail, TestError or TestSkip
	// FailedAt is "file:line" of the test's expression that failed (FAIL),
	// or the test rule's own place when that cannot be told.
	FailedAt string
	Message  string // the error of an ERROR
	Output   string // what print() wrote
	Duration time.Duration
}

// testCompiler is the compiler of policy tests: the production
// capabilities (no network, no clock, the bundle's custom builtins),
// strict, print() allowed.
func (b *Bundle) testCompiler() *ast.Compiler {
	return ast.NewCompiler().WithCapabilities(Capabilities(b.builtins)).WithStrict(true).
		WithEnablePrintStatements(true).WithDefaultRegoVersion(ast.RegoV1)
}

// modules is every module the tests compile with: the built-in bundle
// (its lib, main and rules) and the user policies with their tests.
func (b *Bundle) allModules() map[string]*ast.Module {
	mods := map[string]*ast.Module{}
	for _, m := range b.mods {
		mods[m.File] = m.Module
	}
	for _, m := range b.tests {
		mods[m.File] = m.Module
	}
	return mods
}

// Tests is how many user test files the bundle holds.
func (b *Bundle) Tests() int { return len(b.tests) }

// CompileTests compiles the user policies' tests with the rules, as Test
// would, without running them: a test that calls a builtin nixsec refuses
// or that does not compile is a PolicyError (file:line).
func (b *Bundle) CompileTests() error {
	c := b.testCompiler()
	if c.Compile(b.allModules()); c.Failed() {
		return &PolicyError{Errs: astErrors(c.Errors)}
	}
	var errs []string
	for _, m := range b.tests {
		errs = append(errs, ComparisonsInWith(m.File, m.Module)...)
	}
	if len(errs) > 0 {
		return &PolicyError{Errs: errs}
	}
	return nil
}

// ComparisonsInWith finds a trap of Rego tests: in `x with input as y == z`
// the comparison is the with's value, so the expression only evaluates x
// (any value but false passes) and the test cannot fail. Each is
// "file:line: message".
func ComparisonsInWith(file string, m *ast.Module) []string {
	var out []string
	ast.WalkExprs(m, func(e *ast.Expr) bool {
		for _, w := range e.With {
			call, ok := w.Value.Value.(ast.Call)
			if !ok {
				continue
			}
			if b := ast.BuiltinMap[call[0].String()]; b != nil && b.Infix != "" && types.Compare(b.Decl.Result(), types.B) == 0 {
				out = append(out, fmt.Sprintf("%s:%d: the comparison %s is the value of `with %s as`, so this expression cannot fail; write the comparison before the with, or bind the result first",
					file, w.Location.Row, b.Infix, w.Target))
			}
		}
		return false
	})
	return out
}

// Test runs the test rules of the user policies, as `opa test` would,
// with the built-in bundle loaded (so tests can use data.nixsec.lib and
// data.nixsec.main), the production capabilities, the bundle's custom
// builtins and the --data document under data.nixsec.user. filter, when
// not empty, is a regular expression the test's name must match. Results
// are sorted by file and line. A policy or test that does not compile is a
// PolicyError.
func (b *Bundle) Test(ctx context.Context, filter string) ([]TestResult, error) {
	var custom []*tester.Builtin
	for _, fn := range b.builtins {
		custom = append(custom, &tester.Builtin{Decl: fn.Decl, Func: fn.Impl})
	}
	user := map[string]bool{}
	for _, m := range b.tests {
		user[m.File] = true
	}
	for _, m := range b.mods {
		if !m.Builtin {
			user[m.File] = true
		}
	}
	runner := tester.NewRunner().SetCompiler(b.testCompiler()).SetModules(b.allModules()).
		AddCustomBuiltins(custom).SetStore(dataStore(b.data)).CapturePrintOutput(true).
		EnableTracing(true).RaiseBuiltinErrors(true).Filter(filter)
	ch, err := runner.RunTests(ctx, nil)
	if err != nil {
		return nil, &PolicyError{Errs: astErrors(err)}
	}
	var out []TestResult
	for r := range ch {
		if r.Location == nil || !user[r.Location.File] {
			continue // a test of the built-in bundle
		}
		tr := TestResult{
			Name:     strings.TrimPrefix(r.Package, "data.") + "." + r.Name,
			File:     r.Location.File,
			Line:     r.Location.Row,
			Output:   string(r.Output),
			Duration: r.Duration,
		}
		switch {
		case r.Skip:
			tr.Outcome = TestSkip
		case r.Error != nil:
			tr.Outcome = TestError
			tr.Message = strings.Join(astErrors(r.Error), "; ")
			tr.FailedAt = fmt.Sprintf("%s:%d", tr.File, tr.Line)
		case r.Fail:
			tr.Outcome = TestFail
			tr.FailedAt = failedAt(r)
		default:
			tr.Outcome = TestPass
		}
		out = append(out, tr)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].File != out[j].File {
			return out[i].File < out[j].File
		}
		if out[i].Line != out[j].Line {
			return out[i].Line < out[j].Line
		}
		return out[i].Name < out[j].Name
	})
	return out, nil
}

// failedAt is where a failed test failed: the last expression of the
// test's own body (its file, its lines) that the trace shows failing.
func failedAt(r *tester.Result) string {
	loc := r.Location
	at := fmt.Sprintf("%s:%d", loc.File, loc.Row)
	last := loc.Row + strings.Count(string(loc.Text), "\n")
	for _, ev := range r.Trace {
		if ev.Op != topdown.FailOp || ev.Location == nil || ev.Location.File != loc.File {
			continue
		}
		if _, ok := ev.Node.(*ast.Expr); !ok {
			continue
		}
		if ev.Location.Row >= loc.Row && ev.Location.Row <= last {
			at = fmt.Sprintf("%s:%d", ev.Location.File, ev.Location.Row)
		}
	}
	return at
}
