package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/spf13/pflag"

	"github.com/nixsec/nixsec/format"
	"github.com/nixsec/nixsec/lint"
	"github.com/nixsec/nixsec/report"
	"github.com/nixsec/nixsec/rule"
)

// applyFailOn sets the gate's severity: --fail-on, else the config
// file's, else the flag's default.
func applyFailOn(fs *pflag.FlagSet, cfg *lint.Config, failOn string) error {
	cfg.Gate.FailOnFrom = "default"
	// Under --framework the config's fail-on is not read: a repository's
	// `fail-on = "critical"` would let every CAT II and III control fail
	// the checklist and pass the gate (docs/compliance.md).
	if fs.Changed("fail-on") {
		cfg.Gate.FailOnFrom = "--fail-on"
	} else if cfg.File != nil && cfg.File.FailOn != "" && cfg.Select.Framework == "" {
		failOn = cfg.File.FailOn
		cfg.Gate.FailOnFrom = cfg.File.Path()
	}
	var err error
	if cfg.Gate.FailOn, err = rule.ParseSeverity(failOn); err != nil {
		return fmt.Errorf("--fail-on: %w", err)
	}
	return nil
}

func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) (int, error) {
	fs := newFlagSet("check", "[FLAKE]")
	fs.SetOutput(stderr)
	var ef evalFlags
	ef.register(fs)
	pickFormat := formatFlag(fs)
	output := fs.String("output", "", "write the report to this file")
	var text textFlags
	text.register(fs)
	failOn := fs.String("fail-on", "low", "lowest severity that fails the run: critical, high, medium or low (info never fails)")
	fromJSON := fs.String("from-json", "", "lint a document written by 'nixsec eval' instead of running nix")
	now := fs.String("now", "", "the date rules compare with, RFC 3339 or YYYY-MM-DD (default: now)")
	stats := fs.Bool("stats", false, "print where the time went (load, resolve, compile, evaluate, rules, place, report, write) and nixsec's own CPU on stderr; in the JSON report too")
	baseline := fs.String("baseline", "", "report only findings that are not in this baseline file ('nixsec baseline' writes it)")
	var scale scaleFlags
	scale.register(fs)
	cfg, err := ef.load(fs, args)
	if err != nil {
		return report.ExitError, err
	}
	if err := applyFailOn(fs, &cfg, *failOn); err != nil {
		return report.ExitError, err
	}
	chosen, err := pickFormat()
	if err != nil {
		return report.ExitError, err
	}
	if *fromJSON != "" && fs.NArg() > 0 {
		return report.ExitError, fmt.Errorf("--from-json and a flake reference exclude each other")
	}
	cfg.Eval.FromJSON = *fromJSON
	if err := scale.apply(&cfg, stderr, *text.quiet); err != nil {
		return report.ExitError, err
	}
	if *baseline != "" {
		if cfg.Gate.Baseline, err = lint.ReadBaseline(*baseline); err != nil {
			return report.ExitError, err
		}
	}
	if *now != "" {
		if cfg.Now, err = parseDate(*now); err != nil {
			return report.ExitError, err
		}
	}

	if *stats {
		cfg.Stats = &report.Stats{}
	}
	rep, err := lint.Run(ctx, cfg)
	scale.done()
	if err != nil {
		return report.ExitError, err
	}
	writeStart := time.Now()
	if err := writeReport(rep, chosen, *output, stdout, text); err != nil {
		return report.ExitError, err
	}
	if rep.Stats != nil {
		format.StatsText(stderr, rep.Stats, time.Since(writeStart))
	}
	return rep.ExitCode(), nil
}
