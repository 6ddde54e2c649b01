package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/nixsec/nixsec/format"
	"github.com/nixsec/nixsec/lint"
	"github.com/nixsec/nixsec/rule"
)

func runRules(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlagSet("rules", "")
	formatName := fs.String("format", "text", "output format: text or json")
	policies := fs.StringArray("policy", nil, "directory of extra Rego rules (repeatable)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	rules, err := lint.RuleList(ctx, *policies)
	if err != nil {
		return err
	}
	switch *formatName {
	case "json":
		return format.RulesJSON(stdout, rules)
	case "text":
		return format.RulesText(stdout, rules)
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
	rules, err := lint.RuleList(ctx, *policies)
	if err != nil {
		return err
	}
	id := strings.ToUpper(fs.Arg(0))
	i := slices.IndexFunc(rules, func(r *rule.Meta) bool { return r.ID == id })
	if i < 0 {
		return fmt.Errorf("no rule %s; 'nixsec rules' lists them", fs.Arg(0))
	}
	return format.Explain(stdout, rules[i])
}
