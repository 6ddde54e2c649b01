package main

import (
	"context"
	"fmt"
	"io"

	"github.com/nixsec/nixsec/lint"
	"github.com/nixsec/nixsec/report"
)

// runBaseline writes today's findings as a baseline. It fails when a host
// could not be evaluated: a baseline must not silently miss a host.
func runBaseline(ctx context.Context, args []string, stdout, stderr io.Writer) (int, error) {
	fs := newFlagSet("baseline", "[FLAKE]")
	fs.SetOutput(stderr)
	var ef evalFlags
	ef.register(fs)
	output := fs.String("output", "", "write the baseline to this file")
	cfg, err := ef.load(fs, args)
	if err != nil {
		return report.ExitError, err
	}
	rep, err := lint.Run(ctx, cfg)
	if err != nil {
		return report.ExitError, err
	}
	if len(rep.Errors) > 0 {
		return report.ExitError, fmt.Errorf("%d evaluation errors (first: %s: %s); no baseline written", len(rep.Errors), rep.Errors[0].Host, rep.Errors[0].Message)
	}
	w, _, closeOut, err := openOutput(*output, stdout)
	if err != nil {
		return report.ExitError, err
	}
	err = lint.NewBaseline(rep).Write(w)
	if cerr := closeOut(); err == nil {
		err = cerr
	}
	if err != nil {
		return report.ExitError, err
	}
	return report.ExitOK, nil
}
