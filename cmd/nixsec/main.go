// Command nixsec checks NixOS configurations of a flake against hardening
// practice. This package only parses flags, picks the output and maps
// results to exit codes; the work is in lint, engine and evalbridge.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"github.com/spf13/pflag"

	"github.com/nixsec/nixsec/format/escape"
	"github.com/nixsec/nixsec/report"
)

// version is set at link time (-ldflags "-X main.version=1.2.3").
var version = ""

// softMemoryLimit is the heap size past which Go's collector works harder
// (runtime/debug.SetMemoryLimit) unless GOMEMLIMIT says otherwise. Without
// it the heap of a 1000-host check grows to twice what is live before a
// collection; with it nixsec stays near 200 MiB where less than that is
// live, and past it pays at most half its CPU to the collector, never an
// out-of-memory error (docs/performance.md).
const softMemoryLimit = 160 << 20

// gcPercent is the collector's GOGC under that limit, unless GOGC or
// GOMEMLIMIT say otherwise: the heap may grow to five times what is live
// before a collection (Go's default is twice), the limit still bounding
// it. A re-check of a large fleet from the cache is short and allocates
// most of what it keeps: at the default, a collection whose marking
// overlapped the report's sort doubled the run's time in about one run
// of three (docs/performance.md).
const gcPercent = 400

func main() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(softMemoryLimit)
		if os.Getenv("GOGC") == "" {
			debug.SetGCPercent(gcPercent)
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	if ctx.Err() != nil {
		// Stopped (a cancelled CI job): whatever was reported is
		// incomplete, and an incomplete run must never pass the gate.
		fmt.Fprintf(os.Stderr, "nixsec: stopped: %v; the run is incomplete\n", context.Cause(ctx))
		code = report.ExitError
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
  nixsec why [FLAKE] --host HOST OPTION
                            how the module system arrived at an option's value:
                            every definition, its priority, which one won
  nixsec fix [FLAKE]        apply the findings' fixes to the Nix source, then check again
                            (--dry-run, --diff; rolled back if a host stops evaluating)
  nixsec baseline [FLAKE]   write today's findings as a baseline for check --baseline
  nixsec report --framework stig [FLAKE]
                            each host's compliance checklist: every control pass, fail,
                            not applicable or manual (table, json, html, ckl for STIG Viewer)
  nixsec merge REPORT...    combine the JSON reports of sharded checks (check --shard I/N)
  nixsec cache clean|info   empty or describe the evaluation cache
  nixsec policy test [DIR]  run the Rego tests of your policies (--policy directories)
  nixsec policy check [DIR] load, validate and compile your policies
  nixsec init [DIR]         write a commented .nixsec.toml (--pre-commit, --github: hook and workflow too)
  nixsec completion SHELL   shell completion for bash, zsh or fish
  nixsec man                the manual page (roff)
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
			code = report.ExitError
		}
	}()
	if len(args) > 0 && panicHook != nil {
		panicHook(args[0])
	}
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return report.ExitError
	}
	cmd, rest := args[0], args[1:]
	var err error
	code = report.ExitOK
	switch cmd {
	case "check":
		code, err = runCheck(ctx, rest, stdout, stderr)
	case "eval":
		err = runEval(ctx, rest, stdout)
	case "rules":
		err = runRules(ctx, rest, stdout)
	case "explain":
		err = runExplain(ctx, rest, stdout)
	case "why":
		err = runWhy(ctx, rest, stdout)
	case "fix":
		code, err = runFix(ctx, rest, stdout, stderr)
	case "init":
		err = runInit(rest, stdout)
	case "completion":
		err = runCompletion(ctx, rest, stdout)
	case "man":
		err = runMan(rest, stdout)
	case "merge":
		code, err = runMerge(ctx, rest, stdout, stderr)
	case "cache":
		err = runCache(rest, stdout, stderr)
	case "baseline":
		code, err = runBaseline(ctx, rest, stdout, stderr)
	case "report":
		code, err = runReport(ctx, rest, stdout, stderr)
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
		return report.ExitError
	}
	if errors.Is(err, pflag.ErrHelp) {
		return report.ExitOK
	}
	if err != nil {
		err = cliError(err)
		// Errors carry the flake's text (nix's messages, file and host
		// names): escaped, so that they cannot drive the terminal or the CI.
		fmt.Fprintf(stderr, "nixsec %s: %s\n", cmd, escape.Block(err.Error()))
		return report.ExitError
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
