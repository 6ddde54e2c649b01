package main

import (
	"context"
	"io"

	"github.com/nixsec/nixsec/format"
	"github.com/nixsec/nixsec/lint"
	"github.com/nixsec/nixsec/report"
)

func runFix(ctx context.Context, args []string, stdout, stderr io.Writer) (int, error) {
	fs := newFlagSet("fix", "[FLAKE]")
	fs.SetOutput(stderr)
	var ef evalFlags
	ef.register(fs)
	dryRun := fs.Bool("dry-run", false, "only say what would change; write nothing")
	diff := fs.Bool("diff", false, "print the changes as a unified diff")
	failOn := fs.String("fail-on", "low", "lowest severity that, left after the edits, fails the run: critical, high, medium or low")
	cfg, err := ef.load(fs, args)
	if err != nil {
		return report.ExitError, err
	}
	if err := applyFailOn(fs, &cfg, *failOn); err != nil {
		return report.ExitError, err
	}
	res, err := lint.Fix(ctx, cfg, *dryRun)
	if err != nil {
		return report.ExitError, err
	}
	if *diff {
		if err := format.Diff(stdout, res.Files); err != nil {
			return report.ExitError, err
		}
	}
	summary := stdout
	if *diff {
		summary = stderr // stdout is the patch alone
	}
	if err := format.FixText(summary, res, *dryRun); err != nil {
		return report.ExitError, err
	}
	switch {
	case res.RolledBack != "":
		return report.ExitError, nil
	case res.After != nil:
		return res.After.ExitCode(), nil
	}
	return res.Before.ExitCode(), nil
}
