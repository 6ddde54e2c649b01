package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/nixsec/nixsec/format/escape"
	"github.com/nixsec/nixsec/lint"
)

func runEval(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlagSet("eval", "[FLAKE]")
	var ef evalFlags
	ef.register(fs)
	output := fs.String("output", "", "write the document to this file")
	cfg, err := ef.load(fs, args)
	if err != nil {
		return err
	}
	bundle, _, err := lint.LoadRules(cfg)
	if err != nil {
		return err
	}
	// Every rule's paths, whatever the profile, so that the document can be
	// checked later under any profile.
	// --rule and --skip-rule narrow it.
	rules, err := lint.SelectRules(bundle.Rules(), bundle.Rules(), cfg)
	if err != nil {
		return err
	}
	doc, err := lint.Evaluate(ctx, cfg, rules)
	if err != nil {
		return err
	}
	w, _, closeOut, err := openOutput(*output, stdout)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(escape.JSONWriter{W: w}) // the flake's strings, printable
	enc.SetIndent("", " ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		_ = closeOut()
		return err
	}
	if err := closeOut(); err != nil {
		return err
	}
	for _, h := range doc.Hosts {
		if h.Error != "" || len(h.Errors) > 0 {
			return fmt.Errorf("host %s did not evaluate completely (see its error fields in the document)", h.Host)
		}
	}
	return nil
}
