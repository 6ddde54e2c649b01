package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/nixsec/nixsec/compliance"
	"github.com/nixsec/nixsec/format"
	"github.com/nixsec/nixsec/lint"
	"github.com/nixsec/nixsec/report"
)

// runReport is `nixsec report --framework stig [FLAKE]`: a check of the
// framework's rules, read as each host's checklist (docs/compliance.md).
func runReport(ctx context.Context, args []string, stdout, stderr io.Writer) (int, error) {
	fs := newFlagSet("report", "--framework NAME [FLAKE]")
	fs.SetOutput(stderr)
	var ef evalFlags
	ef.register(fs)
	formatName := fs.String("format", "table", "output format: table, json, html or ckl (STIG Viewer checklists, one per host, into the --output directory)")
	output := fs.String("output", "", "write the report to this file (ckl: to this directory)")
	failOn := fs.String("fail-on", "low", "lowest severity of a failed control that fails the run: critical, high, medium or low")
	now := fs.String("now", "", "the date rules compare with, RFC 3339 or YYYY-MM-DD (default: today)")
	noColor := fs.Bool("no-color", false, "table: no colours (also when NO_COLOR is set)")
	cfg, err := ef.load(fs, args)
	if err != nil {
		return report.ExitError, err
	}
	if cfg.Select.Framework == "" {
		return report.ExitError, fmt.Errorf("report needs --framework (one of %s)", strings.Join(compliance.Names(), ", "))
	}
	fw, err := compliance.Get(cfg.Select.Framework)
	if err != nil {
		return report.ExitError, err
	}
	switch *formatName {
	case "table", "json", "html":
	case "ckl":
		if *output == "" {
			return report.ExitError, fmt.Errorf("--format ckl writes one checklist per host: name a directory with --output")
		}
	default:
		return report.ExitError, fmt.Errorf("--format %q: want table, json, html or ckl", *formatName)
	}
	if err := applyFailOn(fs, &cfg, *failOn); err != nil {
		return report.ExitError, err
	}
	if *now != "" {
		if cfg.Now, err = parseDate(*now); err != nil {
			return report.ExitError, err
		}
	}
	rep, err := lint.Run(ctx, cfg)
	if err != nil {
		return report.ExitError, err
	}
	cl := compliance.Evaluate(fw, rep)
	if *formatName == "ckl" {
		err = writeChecklists(cl, *output)
	} else {
		err = writeChecklist(cl, *formatName, *output, stdout, !*noColor && os.Getenv("NO_COLOR") == "")
	}
	if err != nil {
		return report.ExitError, err
	}
	return rep.ExitCode(), nil
}

func writeChecklist(cl *compliance.Checklist, name, output string, stdout io.Writer, colour bool) error {
	w, tty, closeOut, err := openOutput(output, stdout)
	if err != nil {
		return err
	}
	switch name {
	case "json":
		err = format.ChecklistJSON(w, cl)
	case "html":
		err = format.ChecklistHTML(w, cl)
	default:
		err = format.ChecklistText(w, cl, colour && tty)
	}
	if cerr := closeOut(); err == nil {
		err = cerr
	}
	return err
}

// writeChecklists writes DIR/<host>.ckl for every host. Host names are
// the flake's: format.ChecklistFileName makes each a distinct plain file
// name of bounded length (a long one ends with a digest of the host
// name); DIR itself may not be reached through a link (noSymlinks), and
// os.Root with the refusal of anything but a regular file keeps a link in
// DIR (which may be in the checkout) from sending the write elsewhere.
func writeChecklists(cl *compliance.Checklist, dir string) error {
	if err := noSymlinks(dir); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("--output: %w", err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return fmt.Errorf("--output: %w", err)
	}
	defer func() { _ = root.Close() }() // a directory: nothing buffered to lose
	// Every name is checked before any file is written, so that a
	// collision leaves the directory as it was.
	names := make([]string, len(cl.Hosts))
	byFolded := map[string]string{}
	for i, h := range cl.Hosts {
		name := format.ChecklistFileName(h.Name)
		folded := strings.ToLower(name) // case-insensitive file systems
		if other, ok := byFolded[folded]; ok {
			return fmt.Errorf("--output: hosts %q and %q would both be written to %s", other, h.Name, name)
		}
		byFolded[folded] = h.Name
		names[i] = name
	}
	for i := range cl.Hosts {
		h := &cl.Hosts[i]
		name := names[i]
		if fi, err := root.Lstat(name); err == nil && !fi.Mode().IsRegular() {
			return fmt.Errorf("--output: %s in %s is not a regular file: not overwriting it", name, dir)
		} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("--output: %w", err)
		}
		f, err := root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
		if err != nil {
			return fmt.Errorf("--output: %w", err)
		}
		err = format.ChecklistCKL(f, cl, h, format.CKLMeta{Version: versionString()})
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	return nil
}
