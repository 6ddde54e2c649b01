package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/nixsec/nixsec/format"
	"github.com/nixsec/nixsec/lint"
)

func runRules(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlagSet("rules", "")
	formatName := fs.String("format", "text", "output format: text or json")
	policies := fs.StringArray("policy", nil, "directory of extra Rego rules (repeatable)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	eng, err := lint.NewEngine(ctx, *policies)
	if err != nil {
		return err
	}
	switch *formatName {
	case "json":
		return format.RulesJSON(stdout, eng.Rules())
	case "text":
		return format.RulesText(stdout, eng.Rules())
	}
	return fmt.Errorf("--format %q: want text or json", *formatName)
}

func runExplain(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlagSet("explain", "RULE")
	policies := fs.StringArray("policy", nil, "directory of extra Rego rules (repeatable)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("one rule id expected, e.g. nixsec explain SSH001")
	}
	eng, err := lint.NewEngine(ctx, *policies)
	if err != nil {
		return err
	}
	r := eng.Rule(strings.ToUpper(fs.Arg(0)))
	if r == nil {
		return fmt.Errorf("no rule %s; 'nixsec rules' lists them", fs.Arg(0))
	}
	return format.Explain(stdout, r)
}
