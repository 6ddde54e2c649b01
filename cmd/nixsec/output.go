package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/spf13/pflag"

	"github.com/nixsec/nixsec/format"
	"github.com/nixsec/nixsec/report"
)

// writeReport writes the report in the format asked for, to the file
// given or to stdout (colour only on a terminal, and when allowed).
// reportFormat is one --format of check and merge.
type reportFormat struct {
	name, help string
	write      func(w io.Writer, rep *report.Report, text format.TextOptions) error
}

// reportFormats are the report formats, in the order help lists them.
var reportFormats = []reportFormat{
	{"text", "text", format.TextWith},
	{"json", "json", func(w io.Writer, rep *report.Report, _ format.TextOptions) error {
		return format.JSON(w, rep, versionString())
	}},
	{"sarif", "sarif (code scanning, editors)", func(w io.Writer, rep *report.Report, _ format.TextOptions) error {
		return format.SARIF(w, rep, versionString())
	}},
	{"github", "github (Actions annotations)", func(w io.Writer, rep *report.Report, _ format.TextOptions) error { return format.GitHub(w, rep) }},
	{"html", "html (a self-contained fleet report for a browser)", func(w io.Writer, rep *report.Report, _ format.TextOptions) error {
		return format.HTML(w, rep, versionString())
	}},
}

// formatFlag registers --format with the formats a command offers (all
// when none are named), and returns the function that reads its value.
func formatFlag(fs *pflag.FlagSet, names ...string) func() (reportFormat, error) {
	var offered []reportFormat
	for _, f := range reportFormats {
		if len(names) == 0 || contains(names, f.name) {
			offered = append(offered, f)
		}
	}
	var helps, list []string
	for _, f := range offered {
		helps = append(helps, f.help)
		list = append(list, f.name)
	}
	v := fs.String("format", "text", "output format: "+orList(helps))
	return func() (reportFormat, error) {
		for _, f := range offered {
			if f.name == *v {
				return f, nil
			}
		}
		return reportFormat{}, fmt.Errorf("--format %q: want %s", *v, orList(list))
	}
}

// orList is "a, b or c".
func orList(xs []string) string {
	if len(xs) < 2 {
		return strings.Join(xs, "")
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " or " + xs[len(xs)-1]
}

// textFlags are the flags of the text report, shared by check and merge.
type textFlags struct {
	quiet, noColor, verbose, showInfo *bool
}

func (t *textFlags) register(fs *pflag.FlagSet) {
	t.quiet = fs.Bool("quiet", false, "text: print only evaluation errors and the summary")
	t.noColor = fs.Bool("no-color", false, "text: no colours (also when NO_COLOR is set)")
	t.verbose = fs.BoolP("verbose", "v", false, "text: every finding in full, by host, with its fix, other definitions and remediation")
	t.showInfo = fs.Bool("show-info", false, "text: list info findings (inventory such as open ports) too, not only count them")
}

func writeReport(rep *report.Report, f reportFormat, output string, stdout io.Writer, t textFlags) error {
	w, colour, closeOut, err := openOutput(output, stdout)
	if err != nil {
		return err
	}
	err = f.write(w, rep, format.TextOptions{Colour: colour && !*t.noColor && os.Getenv("NO_COLOR") == "", Quiet: *t.quiet,
		Verbose: *t.verbose, ShowInfo: *t.showInfo || *t.verbose})
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
	if err := noSymlinks(file); err != nil {
		return nil, false, nil, err
	}
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_TRUNC|syscall.O_NOFOLLOW, 0o644) // #nosec G302 -- a report for people and CI, as os.Create made it
	if err != nil {
		return nil, false, nil, fmt.Errorf("--output: %w", err)
	}
	return f, false, f.Close, nil
}

// noSymlinks refuses an output path through a symbolic link: the checkout
// is the pull request's, and a committed `report.html -> ~/.bashrc` or
// `out -> /elsewhere` would have nixsec write where its author chose. A
// relative path is checked at every component that exists, an absolute
// one at its last (system directories such as /tmp may be links).
func noSymlinks(p string) error {
	clean := filepath.Clean(p)
	var check []string
	if filepath.IsAbs(clean) {
		check = []string{clean}
	} else {
		parts := strings.Split(clean, string(filepath.Separator))
		for i := range parts {
			check = append(check, filepath.Join(parts[:i+1]...))
		}
	}
	for _, c := range check {
		fi, err := os.Lstat(c)
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("--output: %w", err)
		}
		if fi.Mode()&os.ModeSymlink != 0 {
			return fmt.Errorf("--output %s: %s is a symbolic link: nixsec does not write through links (name the target itself)", p, c)
		}
	}
	return nil
}

// isTerminal reports whether w is a terminal (colours, the progress
// line); tests replace it.
var isTerminal = func(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
