package main

import (
	"context"
	"fmt"
	"github.com/nixsec/nixsec/flakeref"
	"io"
	"os"
	"path/filepath"

	"github.com/nixsec/nixsec/lint"
)

// readFileConfig reads --config, or the first config file found in the
// current directory or the flake's (when the flake is a local directory).
// Under --untrusted only --config is read: the checkout's own config file
// belongs to the pull request, which must not configure its own gate.
func readFileConfig(given, flake string, untrusted bool) (*lint.FileConfig, error) {
	if untrusted {
		if given == "" {
			return nil, nil
		}
		c, err := lint.ReadConfig(given)
		if err != nil {
			return nil, err
		}
		return c, c.Confine()
	}
	dirs := []string{"."}
	if flakeref.IsPath(flake) {
		if fi, err := os.Stat(flake); err == nil && fi.IsDir() {
			if abs, err := filepath.Abs(flake); err == nil {
				if cwd, _ := os.Getwd(); cwd != abs {
					dirs = append(dirs, abs)
				}
			}
		}
	}
	file := lint.FindConfig(given, dirs...)
	if file == "" {
		return nil, nil
	}
	return lint.ReadConfig(file)
}

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
		return lint.ExitError, err
	}
	rep, err := lint.Run(ctx, cfg)
	if err != nil {
		return lint.ExitError, err
	}
	if len(rep.Errors) > 0 {
		return lint.ExitError, fmt.Errorf("%d evaluation errors (first: %s: %s); no baseline written", len(rep.Errors), rep.Errors[0].Host, rep.Errors[0].Message)
	}
	w, _, closeOut, err := openOutput(*output, stdout)
	if err != nil {
		return lint.ExitError, err
	}
	err = lint.NewBaseline(rep).Write(w)
	if cerr := closeOut(); err == nil {
		err = cerr
	}
	if err != nil {
		return lint.ExitError, err
	}
	return lint.ExitOK, nil
}
