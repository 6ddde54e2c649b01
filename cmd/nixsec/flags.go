package main

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/nixsec/nixsec/compliance"
	"github.com/nixsec/nixsec/evalbridge"
	"github.com/nixsec/nixsec/lint"
	"github.com/nixsec/nixsec/rule"
)

func newFlagSet(name, args string) *pflag.FlagSet {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SortFlags = false
	fs.Usage = func() {
		if described != nil { // completion and man read the flags
			described(args, fs)
			return
		}
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
	framework  string
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
	fs.StringVar(&e.framework, "framework", "", "run exactly the rules of a compliance framework (stig), with its severities, findings tagged with its controls (docs/compliance.md)")
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
	if e.untrusted && len(e.overrides) > 0 {
		return lint.Config{}, fmt.Errorf("--override-input cannot be used with --untrusted: the lock file decides every input")
	}
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
	if !contains(rule.Profiles, e.profile) {
		return lint.Config{}, fmt.Errorf("--profile %q: want one of %s", e.profile, strings.Join(rule.Profiles, ", "))
	}
	if e.jobs < 0 {
		return lint.Config{}, fmt.Errorf("--jobs must be positive")
	}
	if e.framework != "" {
		if _, err := compliance.Get(e.framework); err != nil {
			return lint.Config{}, fmt.Errorf("--framework: %w", err)
		}
	}
	return lint.Config{
		Untrusted: e.untrusted, File: file,
		Eval: lint.EvalConfig{Flake: flake, Hosts: e.hosts, Jobs: e.jobs, Timeout: e.timeout, Nix: e.nix,
			MaxMemory: e.maxMemory, NixFlags: nixFlags},
		Select: lint.Selection{Profile: e.profile, PolicyDirs: e.policies, DataFiles: e.data, Rules: e.rules, SkipRules: e.skipRules, Framework: e.framework},
		Gate:   lint.GateConfig{AllowInlineSuppressions: e.allowSups},
	}, nil
}

// cliError puts the command line's words on a library's error: the flag a
// bad rule pattern came from, and what to do instead when there is no nix
// or no cache directory. Libraries do not know the flags.
func cliError(err error) error {
	var pe lint.PatternErrors
	if errors.As(err, &pe) {
		msgs := make([]string, len(pe))
		for i, e := range pe {
			flag := "--rule"
			if e.Skip {
				flag = "--skip-rule"
			}
			if errors.Is(e, lint.ErrNoRule) {
				msgs[i] = fmt.Sprintf("%s %s: %v", flag, e.Pattern, e.Err)
			} else {
				msgs[i] = fmt.Sprintf("%s %q: %v", flag, e.Pattern, e.Err)
			}
		}
		return errors.New(strings.Join(msgs, "\n"))
	}
	var nm *evalbridge.NixMissingError
	if errors.As(err, &nm) {
		return fmt.Errorf("%w, or lint an evaluated document with --from-json", err)
	}
	if errors.Is(err, evalbridge.ErrNoCacheDir) {
		return fmt.Errorf("%w; or use --no-cache", err)
	}
	return err
}
