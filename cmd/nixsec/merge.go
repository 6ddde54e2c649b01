package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/nixsec/nixsec/format"
	"github.com/nixsec/nixsec/lint"
	"github.com/nixsec/nixsec/report"
	"github.com/nixsec/nixsec/rule"
)

// runMerge is `nixsec merge REPORT.json...`: the JSON reports of sharded
// checks (check --shard I/N --format json) as one report and one exit
// code, as if the hosts had been checked in one run.
func runMerge(ctx context.Context, args []string, stdout, stderr io.Writer) (int, error) {
	fs := newFlagSet("merge", "REPORT.json...")
	fs.SetOutput(stderr)
	pickFormat := formatFlag(fs, "text", "json", "sarif")
	output := fs.String("output", "", "write the report to this file")
	var text textFlags
	text.register(fs)
	failOn := fs.String("fail-on", "", "lowest severity that fails the run (default: the reports' own)")
	policies := fs.StringArray("policy", nil, "directory of extra Rego rules the reports used (for their help text)")
	if err := fs.Parse(args); err != nil {
		return report.ExitError, err
	}
	if fs.NArg() == 0 {
		return report.ExitError, fmt.Errorf("at least one JSON report expected")
	}
	chosen, err := pickFormat()
	if err != nil {
		return report.ExitError, err
	}
	var override *rule.Severity
	if *failOn != "" {
		s, err := rule.ParseSeverity(*failOn)
		if err != nil {
			return report.ExitError, fmt.Errorf("--fail-on: %w", err)
		}
		override = &s
	}
	rep, err := mergeReports(fs.Args(), override)
	if err != nil {
		return report.ExitError, err
	}
	// The rules' metadata gives the text and SARIF reports their help.
	if rules, err := lint.RuleList(ctx, *policies); err == nil {
		rep.Rules = rules
	} else {
		return report.ExitError, err
	}
	if err := writeReport(rep, chosen, *output, stdout, text); err != nil {
		return report.ExitError, err
	}
	return rep.ExitCode(), nil
}

// mergeReports reads the shards' JSON reports and merges them
// (report.Merge); failOn, when set, replaces each shard's own.
func mergeReports(files []string, failOn *rule.Severity) (*report.Report, error) {
	var shards []report.Shard
	for _, file := range files {
		f, err := os.Open(file)
		if err != nil {
			return nil, err
		}
		rep, err := format.ReadJSON(f)
		_ = f.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		if failOn != nil {
			rep.FailOn = *failOn
		}
		shards = append(shards, report.Shard{Name: file, Report: rep})
	}
	rep, err := report.Merge(shards)
	if errors.Is(err, report.ErrFailOnDiffers) {
		err = fmt.Errorf("%w; pass --fail-on to merge them", err)
	}
	return rep, err
}
