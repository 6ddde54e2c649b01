// Command nixsec checks NixOS configurations of a flake against hardening
// practice. This package only parses flags, picks the output and maps
// results to exit codes; the work is in lint, rego and evalbridge.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/pflag"

	"github.com/nixsec/nixsec/evalbridge"
	"github.com/nixsec/nixsec/lint"
	"github.com/nixsec/nixsec/lint/format"
	"github.com/nixsec/nixsec/lint/format/escape"
	"github.com/nixsec/nixsec/rego"
)

// version is set at link time (-ldflags "-X main.version=1.2.3").
var version = ""

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	if ctx.Err() != nil {
		// Stopped (a cancelled CI job): whatever was reported is
		// incomplete, and an incomplete run must never pass the gate.
		fmt.Fprintf(os.Stderr, "nixsec: stopped: %v; the run is incomplete\n", context.Cause(ctx))
		code = lint.ExitError
	}
	stop()
	os.Exit(code)
}

const usage = `nixsec checks the NixOS hosts of a flake against hardening practice.

Usage:
  nixsec check [FLAKE]      evaluate the hosts and report violations (default FLAKE ".")
  nixsec eval [FLAKE]       write the evaluated input documents as JSON
  nixsec rules              list the rules
  nixsec explain RULE       show a rule's description, remediation and references
  nixsec baseline [FLAKE]   write today's findings as a baseline for check --baseline
  nixsec merge REPORT...    combine the JSON reports of sharded checks (check --shard I/N)
  nixsec cache clean|info   empty or describe the evaluation cache
  nixsec policy test [DIR]  run the Rego tests of your policies (--policy directories)
  nixsec policy check [DIR] load, validate and compile your policies
  nixsec version            print the version

Run "nixsec COMMAND --help" for a command's flags.
Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 usage, policy or evaluation error.
`

// panicHook, when set, runs at the start of every command: tests inject a
// panic with it.
var panicHook func(cmd string)

// run is the whole command line. A panic anywhere below is a bug: it is
// reported as an internal error with exit 2, never a crash that a CI gate
// could misread; the hidden global flag --debug adds the stack.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) (code int) {
	args, debugging := debugFlag(args)
	defer func() {
		if p := recover(); p != nil {
			fmt.Fprintf(stderr, "nixsec: internal error: %s\n", escape.Block(fmt.Sprint(p)))
			if debugging {
				_, _ = stderr.Write(debug.Stack())
			} else {
				fmt.Fprintln(stderr, "nixsec: this is a bug in nixsec; run with --debug for the stack trace")
			}
			code = lint.ExitError
		}
	}()
	if len(args) > 0 && panicHook != nil {
		panicHook(args[0])
	}
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return lint.ExitError
	}
	cmd, rest := args[0], args[1:]
	var err error
	code = lint.ExitOK
	switch cmd {
	case "check":
		code, err = runCheck(ctx, rest, stdout, stderr)
	case "eval":
		err = runEval(ctx, rest, stdout)
	case "rules":
		err = runRules(ctx, rest, stdout)
	case "explain":
		err = runExplain(ctx, rest, stdout)
	case "merge":
		code, err = runMerge(ctx, rest, stdout, stderr)
	case "cache":
		err = runCache(rest, stdout, stderr)
	case "baseline":
		code, err = runBaseline(ctx, rest, stdout, stderr)
	case "version", "--version":
		fmt.Fprintf(stdout, "nixsec %s\n", versionString())
	case "policy":
		code, err = runPolicy(ctx, rest, stdout, stderr)
	case "debug":
		return runDebug(rest, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
	default:
		fmt.Fprintf(stderr, "nixsec: unknown command %q\n\n%s", cmd, usage)
		return lint.ExitError
	}
	if errors.Is(err, pflag.ErrHelp) {
		return lint.ExitOK
	}
	if err != nil {
		// Errors carry the flake's text (nix's messages, file and host
		// names): escaped, so that they cannot drive the terminal or the CI.
		fmt.Fprintf(stderr, "nixsec %s: %s\n", cmd, escape.Block(err.Error()))
		return lint.ExitError
	}
	return code
}

// debugFlag removes the hidden --debug flag, accepted anywhere before a
// "--", and reports whether it was there.
func debugFlag(args []string) ([]string, bool) {
	out := make([]string, 0, len(args))
	found := false
	for i, a := range args {
		if a == "--" {
			out = append(out, args[i:]...)
			break
		}
		if a == "--debug" {
			found = true
			continue
		}
		out = append(out, a)
	}
	return out, found
}

func versionString() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

// evalFlags are shared by check, eval and baseline.
type evalFlags struct {
	fs         *pflag.FlagSet
	configFile string
	hosts      []string
	jobs       int
	timeout    time.Duration
	nix        string
	policies   []string
	data       []string
	rules      []string
	skipRules  []string
	profile    string
	maxMemory  int64
	overrides  [][2]string // --override-input INPUT REF
	nixOptions [][2]string // --nix-option NAME VALUE
	untrusted  bool
	allowSups  bool
}

func (e *evalFlags) register(fs *pflag.FlagSet) {
	e.fs = fs
	fs.StringVar(&e.configFile, "config", "", "config file (default: .nixsec.toml or .nixsec.yaml in the current or the flake's directory; none under --untrusted)")
	fs.BoolVar(&e.allowSups, "allow-inline-suppressions", false, "with --untrusted: let the checkout's nixsec:ignore comments silence findings (a pull request can then silence its own)")
	fs.BoolVar(&e.untrusted, "untrusted", false, "check a flake you do not trust (a pull request): sandboxed evaluation of its own source and locked remote inputs only, and no config, policy or data from the repository unless named on the command line (docs/security.md)")
	fs.StringArrayVar(&e.hosts, "host", nil, "evaluate only this host (repeatable); default: every host of nixosConfigurations")
	fs.IntVar(&e.jobs, "jobs", 0, "hosts evaluated at once (default: CPUs, at most 4)")
	fs.DurationVar(&e.timeout, "timeout", 5*time.Minute, "time limit for one host's evaluation")
	fs.StringVar(&e.nix, "nix", "nix", "the nix binary")
	fs.StringArrayVar(&e.policies, "policy", nil, "directory of extra Rego rules (repeatable)")
	fs.StringArrayVar(&e.data, "data", nil, "JSON or YAML file that policies read under data.nixsec.user (repeatable)")
	fs.StringArrayVar(&e.rules, "rule", nil, "run only the rules with this id or glob, e.g. SSH* (repeatable)")
	fs.StringArrayVar(&e.skipRules, "skip-rule", nil, "never run the rules with this id or glob (repeatable)")
	fs.StringVar(&e.profile, "profile", "server", "rule profile: server, workstation or paranoid")
	// Shown in --help; parse takes them out first, as they have two values.
	fs.StringArray("override-input", nil, "use REF for the flake input INPUT, as nix's flag (two values: `INPUT REF`; repeatable)")
	fs.StringArray("nix-option", nil, "pass an allow-listed nix setting, e.g. max-jobs 4 (two values: `NAME VALUE`; repeatable)")
	fs.Int64Var(&e.maxMemory, "max-memory", 4<<30, "memory limit in bytes for one nix evaluation: its heap, and its address space plus 1 GiB (0: none)")
}

// parse parses the flags; --override-input and --nix-option take two
// values each, as nix's own flags do, which pflag cannot express.
func (e *evalFlags) parse(fs *pflag.FlagSet, args []string) error {
	var rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i:]...)
			break
		}
		if a != "--override-input" && a != "--nix-option" {
			rest = append(rest, a)
			continue
		}
		if i+2 >= len(args) {
			return fmt.Errorf("%s needs two values", a)
		}
		pair := [2]string{args[i+1], args[i+2]}
		if a == "--override-input" {
			e.overrides = append(e.overrides, pair)
		} else {
			e.nixOptions = append(e.nixOptions, pair)
		}
		i += 2
	}
	return fs.Parse(rest)
}

// load parses the command line and builds the run's config for the flake
// argument (default ".").
func (e *evalFlags) load(fs *pflag.FlagSet, args []string) (lint.Config, error) {
	if err := e.parse(fs, args); err != nil {
		return lint.Config{}, err
	}
	flake, err := flakeArg(fs)
	if err != nil {
		return lint.Config{}, err
	}
	return e.config(flake)
}

func (e *evalFlags) config(flake string) (lint.Config, error) {
	nixFlags, err := evalbridge.PassThrough(e.overrides, e.nixOptions)
	if err != nil {
		return lint.Config{}, err
	}
	file, err := readFileConfig(e.configFile, flake, e.untrusted)
	if err != nil {
		return lint.Config{}, err
	}
	if file != nil && file.Profile != "" && !e.fs.Changed("profile") {
		e.profile = file.Profile
	}
	if !contains(rego.Profiles, e.profile) {
		return lint.Config{}, fmt.Errorf("--profile %q: want one of %s", e.profile, strings.Join(rego.Profiles, ", "))
	}
	if e.jobs < 0 {
		return lint.Config{}, fmt.Errorf("--jobs must be positive")
	}
	return lint.Config{
		Flake: flake, Hosts: e.hosts, Profile: e.profile, PolicyDirs: e.policies,
		DataFiles: e.data, Rules: e.rules, SkipRules: e.skipRules,
		Jobs: e.jobs, Timeout: e.timeout, Nix: e.nix, MaxMemory: e.maxMemory, File: file, NixFlags: nixFlags,
		Untrusted: e.untrusted, AllowInlineSuppressions: e.allowSups,
	}, nil
}

func newFlagSet(name, args string) *pflag.FlagSet {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SortFlags = false
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: nixsec %s %s\n\nFlags:\n%s", name, args, fs.FlagUsages())
	}
	return fs
}

func flakeArg(fs *pflag.FlagSet) (string, error) {
	switch fs.NArg() {
	case 0:
		return ".", nil
	case 1:
		return fs.Arg(0), nil
	}
	return "", fmt.Errorf("one flake reference expected, got %q", fs.Args())
}

func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) (int, error) {
	fs := newFlagSet("check", "[FLAKE]")
	fs.SetOutput(stderr)
	var ef evalFlags
	ef.register(fs)
	formatName := fs.String("format", "text", "output format: text, json, sarif (code scanning, editors) or github (Actions annotations)")
	output := fs.String("output", "", "write the report to this file")
	quiet := fs.Bool("quiet", false, "text: print only evaluation errors and the summary")
	noColor := fs.Bool("no-color", false, "text: no colours (also when NO_COLOR is set)")
	failOn := fs.String("fail-on", "low", "lowest severity that fails the run: critical, high, medium or low (info never fails)")
	fromJSON := fs.String("from-json", "", "lint a document written by 'nixsec eval' instead of running nix")
	now := fs.String("now", "", "the date rules compare with, RFC 3339 or YYYY-MM-DD (default: now)")
	baseline := fs.String("baseline", "", "report only findings that are not in this baseline file ('nixsec baseline' writes it)")
	var scale scaleFlags
	scale.register(fs)
	cfg, err := ef.load(fs, args)
	if err != nil {
		return lint.ExitError, err
	}
	cfg.FailOnFrom = "default"
	if fs.Changed("fail-on") {
		cfg.FailOnFrom = "--fail-on"
	} else if cfg.File != nil && cfg.File.FailOn != "" {
		*failOn = cfg.File.FailOn
		cfg.FailOnFrom = cfg.File.Path()
	}
	if cfg.FailOn, err = rego.ParseSeverity(*failOn); err != nil {
		return lint.ExitError, fmt.Errorf("--fail-on: %w", err)
	}
	if !contains([]string{"text", "json", "sarif", "github"}, *formatName) {
		return lint.ExitError, fmt.Errorf("--format %q: want text, json, sarif or github", *formatName)
	}
	if *fromJSON != "" && fs.NArg() > 0 {
		return lint.ExitError, fmt.Errorf("--from-json and a flake reference exclude each other")
	}
	cfg.FromJSON = *fromJSON
	if err := scale.apply(&cfg, stderr, *quiet); err != nil {
		return lint.ExitError, err
	}
	if *baseline != "" {
		if cfg.Baseline, err = lint.ReadBaseline(*baseline); err != nil {
			return lint.ExitError, err
		}
	}
	if *now != "" {
		if cfg.Now, err = parseDate(*now); err != nil {
			return lint.ExitError, err
		}
	}

	rep, err := lint.Run(ctx, cfg)
	scale.done()
	if err != nil {
		return lint.ExitError, err
	}
	if err := writeReport(rep, *formatName, *output, stdout, !*noColor, *quiet); err != nil {
		return lint.ExitError, err
	}
	return rep.ExitCode(), nil
}

func runEval(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlagSet("eval", "[FLAKE]")
	var ef evalFlags
	ef.register(fs)
	output := fs.String("output", "", "write the document to this file")
	cfg, err := ef.load(fs, args)
	if err != nil {
		return err
	}
	bundle, _, err := lint.LoadRules(cfg)
	if err != nil {
		return err
	}
	// Every rule's paths, whatever the profile, so that the document can be
	// checked later under any profile.
	// --rule and --skip-rule narrow it.
	rules, err := lint.SelectRules(bundle.Rules(), bundle.Rules(), cfg)
	if err != nil {
		return err
	}
	doc, _, err := lint.Evaluate(ctx, cfg, rules)
	if err != nil {
		return err
	}
	w, _, closeOut, err := openOutput(*output, stdout)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(escape.JSONWriter{W: w}) // the flake's strings, printable
	enc.SetIndent("", " ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		_ = closeOut()
		return err
	}
	if err := closeOut(); err != nil {
		return err
	}
	for _, h := range doc.Hosts {
		if h.Error != "" || len(h.Errors) > 0 {
			return fmt.Errorf("host %s did not evaluate completely (see its error fields in the document)", h.Host)
		}
	}
	return nil
}

func runRules(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlagSet("rules", "")
	formatName := fs.String("format", "text", "output format: text or json")
	policies := fs.StringArray("policy", nil, "directory of extra Rego rules (repeatable)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	eng, err := lint.NewEngine(ctx, *policies)
	if err != nil {
		return err
	}
	switch *formatName {
	case "json":
		return format.RulesJSON(stdout, eng.Rules())
	case "text":
		return format.RulesText(stdout, eng.Rules())
	}
	return fmt.Errorf("--format %q: want text or json", *formatName)
}

func runExplain(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlagSet("explain", "RULE")
	policies := fs.StringArray("policy", nil, "directory of extra Rego rules (repeatable)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("one rule id expected, e.g. nixsec explain SSH001")
	}
	eng, err := lint.NewEngine(ctx, *policies)
	if err != nil {
		return err
	}
	r := eng.Rule(strings.ToUpper(fs.Arg(0)))
	if r == nil {
		return fmt.Errorf("no rule %s; 'nixsec rules' lists them", fs.Arg(0))
	}
	return format.Explain(stdout, r)
}

// writeReport writes the report in the format asked for, to the file
// given or to stdout (colour only on a terminal, and when allowed).
func writeReport(rep *lint.Report, formatName, output string, stdout io.Writer, colourOK, quiet bool) error {
	w, colour, closeOut, err := openOutput(output, stdout)
	if err != nil {
		return err
	}
	switch formatName {
	case "json":
		err = format.JSON(w, rep, versionString())
	case "sarif":
		err = format.SARIF(w, rep, versionString())
	case "github":
		err = format.GitHub(w, rep)
	default:
		err = format.TextWith(w, rep, format.TextOptions{Colour: colour && colourOK, Quiet: quiet})
	}
	if cerr := closeOut(); err == nil {
		err = cerr
	}
	return err
}

// openOutput returns the report's writer and whether it is a terminal.
func openOutput(file string, stdout io.Writer) (io.Writer, bool, func() error, error) {
	if file == "" {
		return stdout, isTerminal(stdout), func() error { return nil }, nil
	}
	f, err := os.Create(file)
	if err != nil {
		return nil, false, nil, fmt.Errorf("--output: %w", err)
	}
	return f, false, f.Close, nil
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || os.Getenv("NO_COLOR") != "" {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

func parseDate(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339, time.DateOnly} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("--now %q: want RFC 3339 (2026-01-02T15:04:05Z) or YYYY-MM-DD", s)
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
