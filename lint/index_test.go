package lint

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/nixsec/nixsec/engine"
	"github.com/nixsec/nixsec/rule"
	"github.com/nixsec/nixsec/rules"
)

// The index answers as parsing the bundle does: the same rules, the same
// selection for each way of selecting them, and a bundle that compiles
// from the same modules.
func TestIndexedRulesAgreeWithLoadRules(t *testing.T) {
	cfgFile, err := ReadConfig(writeConfig(t, ".nixsec.toml", "[rules]\ndisable = [\"SSH004\"]\nseverity = { FW001 = \"low\" }\n"))
	if err != nil {
		t.Fatal(err)
	}
	for name, cfg := range map[string]Config{
		"default":    {},
		"paranoid":   {Select: Selection{Profile: "paranoid"}},
		"stig":       {Select: Selection{Framework: "stig"}},
		"rules":      {Select: Selection{Rules: []string{"SSH*", "STIG08*"}, SkipRules: []string{"SSH002"}}},
		"configured": {File: cfgFile},
	} {
		t.Run(name, func(t *testing.T) {
			rr, builtin, err := indexedRules(cfg)
			if err != nil || rr == nil {
				t.Fatalf("no answer from the index: %v", err)
			}
			b, enabled, err := LoadRules(cfg)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := ruleSummary(rr.all), ruleSummary(b.Rules()); got != want {
				t.Errorf("every rule differs:\n index %.300s\nparsed %.300s", got, want)
			}
			if got, want := ruleSummary(rr.enabled), ruleSummary(enabled); got != want {
				t.Errorf("the enabled rules differ:\n index %.300s\nparsed %.300s", got, want)
			}
			part, err := rr.bundle()
			if err != nil {
				t.Fatal(err)
			}
			if got, want := part.Only(ruleIDs(enabled)).Files(), b.Only(ruleIDs(enabled)).Files(); !slices.Equal(got, want) {
				t.Errorf("compiled modules:\n index %v\nparsed %v", got, want)
			}
			if len(part.Files()) >= len(b.Files()) && len(enabled) < len(b.Rules())/2 {
				t.Errorf("the index's bundle parsed %d of %d modules for %d rules", len(part.Files()), len(b.Files()), len(enabled))
			}
			for _, f := range builtin {
				if !slices.Contains(part.Files(), f) {
					t.Errorf("%s is listed, not parsed", f)
				}
			}
		})
	}
}

// ruleSummary is the rules' METADATA as JSON, every field: the option
// paths and aliases decide what nix evaluates.
func ruleSummary(rs []*rule.Meta) string {
	b, err := json.Marshal(rs)
	if err != nil {
		return err.Error()
	}
	return string(b)
}

// A selection that enables a rule its bundle does not have (a stale index
// or cache entry) fails the compilation instead of finding nothing.
func TestCompileRefusesAMissingRule(t *testing.T) {
	bundle := func() (*engine.Bundle, error) { b, _, err := LoadRules(Config{}); return b, err }
	if _, err := compileBundle(context.Background(), bundle, []string{"SSH001", "NOPE999"}, nil)(); err == nil || !strings.Contains(err.Error(), "rule NOPE999 is enabled but was not loaded") {
		t.Errorf("got %v", err)
	}
	if _, err := compileBundle(context.Background(), bundle, []string{"SSH001"}, nil)(); err != nil {
		t.Error(err)
	}
}

// The index does not answer for a run with policies, nor when it was not
// written from the bundle this binary embeds.
func TestIndexedRulesRefuses(t *testing.T) {
	if rr, _, err := indexedRules(Config{Select: Selection{PolicyDirs: []string{"../examples/policies"}}}); rr != nil || err != nil {
		t.Errorf("answered for a policy directory: %v", err)
	}
	saved := rules.Index
	defer func() { rules.Index = saved }()
	rules.Index = func() *rules.IndexData {
		idx := saved()
		idx.Hash = "0000"
		return idx
	}
	if rr, _, err := indexedRules(Config{}); rr != nil || err != nil {
		t.Errorf("answered from a stale index: %v", err)
	}
	rules.Index = func() *rules.IndexData { return nil }
	if rr, _, err := indexedRules(Config{}); rr != nil || err != nil {
		t.Errorf("answered without an index: %v", err)
	}
	rules.Index = saved
	if rr, _, err := indexedRules(Config{}); rr == nil || err != nil {
		t.Errorf("no answer from the index: %v", err)
	}
}
