package main

import (
	"fmt"
	"io"
	"os"

	"github.com/nixsec/nixsec/format/escape"
	"github.com/nixsec/nixsec/lint/nixsyntax"
	"github.com/nixsec/nixsec/lint/nixsyntax/nixprint"
	"github.com/nixsec/nixsec/optpath"
	"github.com/nixsec/nixsec/report"
)

const debugUsage = `Usage:
  nixsec debug parse FILE             print the syntax tree as nix-instantiate --parse does
  nixsec debug locate FILE OPTION     print where FILE defines OPTION (line:col-line:col of the key)
`

// runDebug implements `nixsec debug parse FILE` and
// `nixsec debug locate FILE OPTION.PATH`. args are the arguments after
// "debug". Exit codes: 0 success, 2 usage, read or parse error. parse
// prints what nix-instantiate --parse prints up to the order of let
// bindings and formals (package nixprint).
func runDebug(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, debugUsage)
		return report.ExitError
	}
	switch args[0] {
	case "parse":
		if len(args) != 2 {
			fmt.Fprint(stderr, debugUsage)
			return report.ExitError
		}
		f, code := debugParseFile(args[1], stderr)
		if f == nil {
			return code
		}
		if err := nixprint.Print(stdout, f); err != nil {
			fmt.Fprintf(stderr, "%s: %s\n", escape.Line(args[1]), escape.Block(err.Error()))
			return report.ExitError
		}
		return report.ExitOK
	case "locate":
		if len(args) != 3 {
			fmt.Fprint(stderr, debugUsage)
			return report.ExitError
		}
		path, err := optpath.Parse(args[2])
		if err != nil {
			fmt.Fprintf(stderr, "%s\n", escape.Block(err.Error()))
			return report.ExitError
		}
		f, code := debugParseFile(args[1], stderr)
		if f == nil {
			return code
		}
		for _, d := range nixsyntax.Locate(f, path) {
			fmt.Fprintf(stdout, "%d:%d-%d:%d\n", d.Key.Start.Line, d.Key.Start.Col, d.Key.End.Line, d.Key.End.Col)
		}
		return report.ExitOK
	}
	fmt.Fprintf(stderr, "unknown debug command %q\n%s", args[0], debugUsage)
	return report.ExitError
}

func debugParseFile(name string, stderr io.Writer) (*nixsyntax.File, int) {
	src, err := os.ReadFile(name)
	if err != nil {
		fmt.Fprintf(stderr, "%s\n", escape.Block(err.Error()))
		return nil, 2
	}
	f, err := nixsyntax.Parse(name, src)
	if err != nil {
		// *nixsyntax.Error prints as FILE:line:col: message, with the
		// file's text in it
		fmt.Fprintf(stderr, "%s\n", escape.Block(err.Error()))
		return nil, 2
	}
	return f, 0
}
