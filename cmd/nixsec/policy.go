package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/nixsec/nixsec/engine"
	"github.com/nixsec/nixsec/format/escape"
	"github.com/nixsec/nixsec/lint"
	"github.com/nixsec/nixsec/report"
)

const policyUsage = `Usage:
  nixsec policy test [DIR...]    run the *_test.rego of your policies, like opa test
  nixsec policy check [DIR...]   load, validate and compile your policies
  nixsec policy new ID --option PATH...   write a rule and its test to start from

DIR defaults to the config file's policies. A rule is a package with
METADATA (custom.id, custom.severity, custom.options) and a set deny, in a
package of your own (org.admins) or nixsec.rules.<family>.<rule>; a
directory without one is an error, and so is what would never run (a
warn or deny_<x> rule, a rule in a *_test.rego, which holds tests only).
Both load the built-in bundle beside
your policies (tests can use data.nixsec.lib), with the capabilities and
custom builtins of 'nixsec check'.
Exit codes: 0 ok, 1 a test failed, 2 a policy, data or usage error.
`

// runPolicy is `nixsec policy test|check`.
func runPolicy(ctx context.Context, args []string, stdout, stderr io.Writer) (int, error) {
	if len(args) == 0 {
		fmt.Fprint(stderr, policyUsage)
		return report.ExitError, nil
	}
	sub, rest := args[0], args[1:]
	switch sub {
	case "new":
		return runPolicyNew(rest, stdout, stderr)
	case "test", "check":
	case "help", "-h", "--help":
		fmt.Fprint(stdout, policyUsage)
		return report.ExitOK, nil
	default:
		return report.ExitError, fmt.Errorf("unknown subcommand %q (want test, check or new)", sub)
	}
	fs := newFlagSet("policy "+sub, "[DIR...]")
	fs.SetOutput(stderr)
	configFile := fs.String("config", "", "config file (default: .nixsec.toml or .nixsec.yaml in the current directory)")
	data := fs.StringArray("data", nil, "JSON or YAML file mounted under data.nixsec.user (repeatable)")
	var runFilter *string
	var verbose *bool
	if sub == "test" {
		runFilter = fs.String("run", "", "run only the tests whose name matches this regular expression")
		verbose = fs.BoolP("verbose", "v", false, "also print the print() output of tests that pass")
	}
	if err := fs.Parse(rest); err != nil {
		return report.ExitError, err
	}
	file, err := readFileConfig(*configFile, ".", false)
	if err != nil {
		return report.ExitError, err
	}
	cfg := lint.Config{Select: lint.Selection{PolicyDirs: fs.Args(), DataFiles: *data}, File: file}
	if len(cfg.Select.PolicyDirs) == 0 && (file == nil || len(file.Policies) == 0) {
		return report.ExitError, fmt.Errorf("no policy directory: give one (nixsec policy %s DIR) or set policies in the config file", sub)
	}
	dirs := append(append([]string{}, cfg.Select.PolicyDirs...), configPolicies(file)...)
	for _, d := range dirs {
		if fi, err := os.Stat(d); err != nil || !fi.IsDir() {
			return report.ExitError, fmt.Errorf("%s: not a directory", d)
		}
	}
	// The rules load as check loads them: the same bundle, config checks
	// and data.
	bundle, _, err := lint.LoadRules(cfg)
	if err != nil {
		return report.ExitError, err
	}
	if _, err := bundle.Prepare(ctx); err != nil {
		return report.ExitError, err
	}
	var ids []string
	for _, r := range bundle.Rules() {
		if !r.Builtin {
			ids = append(ids, r.ID)
		}
	}
	if err := bundle.CompileTests(); err != nil {
		return report.ExitError, err
	}
	if sub == "check" {
		// Reads that can find nothing: warnings, since a policy may read
		// an option another rule of the run declares.
		for _, w := range bundle.InputWarnings() {
			fmt.Fprintf(stderr, "nixsec policy: warning: %s\n", escape.Line(w))
		}
		// Load refuses a directory without a rule, so ids is never empty.
		fmt.Fprintf(stdout, "ok: %s: %s (%s), %s\n", escape.Line(strings.Join(dirs, ", ")), plural(len(ids), "rule"),
			escape.Line(strings.Join(ids, ", ")), plural(bundle.Tests(), "test file"))
		return report.ExitOK, nil
	}
	if bundle.Tests() == 0 {
		return report.ExitError, fmt.Errorf("no *_test.rego in %s", strings.Join(dirs, ", "))
	}
	results, err := bundle.Test(ctx, *runFilter)
	if err != nil {
		return report.ExitError, err
	}
	if len(results) == 0 {
		return report.ExitError, fmt.Errorf("no test matches --run %q", *runFilter)
	}
	return printTests(stdout, results, *verbose), nil
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

func configPolicies(file *lint.FileConfig) []string {
	if file == nil {
		return nil
	}
	return file.Policies
}

// printTests prints one line per test, `opa test` style, the failing
// place of each failure, and a summary; it returns the exit code.
func printTests(w io.Writer, results []engine.TestResult, verbose bool) int {
	counts := map[string]int{}
	for _, r := range results {
		counts[r.Outcome]++
		// Policies and their tests come from the repository: escaped.
		r.Name, r.File, r.FailedAt, r.Message = escape.Line(r.Name), escape.Line(r.File), escape.Line(r.FailedAt), escape.Line(r.Message)
		switch r.Outcome {
		case engine.TestPass, engine.TestSkip:
			fmt.Fprintf(w, "%-5s %s (%s:%d)\n", r.Outcome, r.Name, r.File, r.Line)
		case engine.TestFail:
			fmt.Fprintf(w, "%-5s %s\n      %s: the test fails here", r.Outcome, r.Name, r.FailedAt)
			if r.FailedAt != fmt.Sprintf("%s:%d", r.File, r.Line) {
				fmt.Fprintf(w, " (the test starts at line %d)", r.Line)
			}
			fmt.Fprintln(w)
		case engine.TestError:
			fmt.Fprintf(w, "%-5s %s\n      %s: %s\n", r.Outcome, r.Name, r.FailedAt, r.Message)
		}
		if r.Output != "" && (verbose || r.Outcome == engine.TestFail || r.Outcome == engine.TestError) {
			for _, l := range strings.Split(strings.TrimRight(r.Output, "\n"), "\n") {
				fmt.Fprintf(w, "      | %s\n", escape.Code(l))
			}
		}
	}
	fmt.Fprintln(w, strings.Repeat("-", 72))
	run := len(results) - counts[engine.TestSkip]
	bad := counts[engine.TestFail] + counts[engine.TestError]
	fmt.Fprintf(w, "PASS: %d/%d", counts[engine.TestPass], run)
	if counts[engine.TestFail] > 0 {
		fmt.Fprintf(w, "  FAIL: %d/%d", counts[engine.TestFail], run)
	}
	if counts[engine.TestError] > 0 {
		fmt.Fprintf(w, "  ERROR: %d/%d", counts[engine.TestError], run)
	}
	if counts[engine.TestSkip] > 0 {
		fmt.Fprintf(w, "  SKIPPED: %d", counts[engine.TestSkip])
	}
	fmt.Fprintln(w)
	if bad > 0 {
		return report.ExitFindings
	}
	return report.ExitOK
}
