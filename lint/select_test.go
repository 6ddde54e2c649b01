package lint

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/nixsec/nixsec/compliance"
	"github.com/nixsec/nixsec/rule"
)

func TestSelectRules(t *testing.T) {
	all := []*rule.Meta{
		{ID: "FW001", Severity: rule.Critical}, {ID: "KRN001", Severity: rule.Low, Profiles: []string{"paranoid"}},
		{ID: "ORG001", Severity: rule.High}, {ID: "SSH001", Severity: rule.High}, {ID: "SSH004", Severity: rule.Medium},
	}
	file := &FileConfig{Rules: RulesConfig{Disable: []string{"SSH004"}, Severity: map[string]string{"SSH001": "low"}}}
	cases := []struct {
		only, skip []string
		want       string
	}{
		{nil, nil, "FW001 ORG001 SSH001:low"},                         // server profile, SSH004 disabled
		{[]string{"SSH*"}, nil, "SSH001:low SSH004"},                  // the command line names them
		{[]string{"ssh001", "KRN001"}, nil, "KRN001 SSH001:low"},      // case-insensitive; profile-gated too
		{nil, []string{"SSH*"}, "FW001 ORG001"},                       // skip narrows the profile's set
		{[]string{"*"}, []string{"SSH00?", "FW001"}, "KRN001 ORG001"}, // both
		{[]string{"ORG*"}, []string{"ORG001"}, ""},                    // nothing left: no error
	}
	for _, c := range cases {
		cfg := Config{Select: Selection{Rules: c.only, SkipRules: c.skip}, File: file}
		got, err := SelectRules(all, applyRuleConfig(all, "server", file), cfg)
		if err != nil {
			t.Errorf("%v/%v: %v", c.only, c.skip, err)
			continue
		}
		var ids []string
		for _, r := range got {
			s := r.ID
			if r.ID == "SSH001" && r.Severity == rule.Low {
				s += ":low"
			}
			ids = append(ids, s)
		}
		if strings.Join(ids, " ") != c.want {
			t.Errorf("--rule %v --skip-rule %v: %v, want %s", c.only, c.skip, ids, c.want)
		}
	}
	_, err := SelectRules(all, all, Config{Select: Selection{Rules: []string{"SSH*", "NOPE*"}, SkipRules: []string{"XYZ001", "["}}})
	for _, w := range []string{`rule pattern "NOPE*": matches no rule`, `skip-rule pattern "XYZ001": matches no rule`, `skip-rule pattern "[": syntax error`} {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("error %v lacks %q", err, w)
		}
	}
	var pe PatternErrors
	if !errors.As(err, &pe) || len(pe) != 3 || !errors.Is(pe[0], ErrNoRule) || pe[0].Skip || !pe[1].Skip {
		t.Errorf("%#v, want three PatternErrors", err)
	}
}

func TestConfigData(t *testing.T) {
	p := writeConfig(t, ".nixsec.toml", "policies = [\"policies\"]\ndata = [\"policies/data.yaml\", \"/abs/more.json\"]\n")
	c, err := ReadConfig(p)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Dir(p)
	want := []string{"extra.json", filepath.Join(dir, "policies/data.yaml"), "/abs/more.json"}
	got := DataFiles(Config{Select: Selection{DataFiles: []string{"extra.json"}}, File: c})
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("data files %v, want %v", got, want)
	}
}

// TestFrameworkSelection: --framework runs exactly the rules deciding its
// controls, with the CAT's severity and whatever the config disables;
// framework-only rules run under no profile, not even paranoid.
func TestFrameworkSelection(t *testing.T) {
	stig := func(ids ...string) map[string][]string { return map[string][]string{"stig": ids} }
	all := []*rule.Meta{
		{ID: "FW001", Severity: rule.Critical, Frameworks: stig("V-268078")},
		{ID: "SSH004", Severity: rule.Medium},
		{ID: "STIG089", Severity: rule.Low, FrameworkOnly: true, Frameworks: stig("V-268089")},
		{ID: "STIG085", Severity: rule.High, FrameworkOnly: true, Frameworks: stig("V-268085")},
	}
	for _, p := range rule.Profiles {
		for _, r := range Enabled(all, p) {
			if r.FrameworkOnly {
				t.Errorf("profile %s runs framework-only %s", p, r.ID)
			}
		}
	}
	f, err := compliance.Get("stig")
	if err != nil {
		t.Fatal(err)
	}
	got := ids(FrameworkRules(all, f))
	if got != "FW001:high STIG089:critical STIG085:medium" {
		t.Errorf("FrameworkRules = %s", got)
	}
	// The config's disable and severity cannot touch a framework run; the
	// command line's --skip-rule can.
	file := &FileConfig{Rules: RulesConfig{Disable: []string{"FW001"}, Severity: map[string]string{"STIG089": "low"}}}
	fw := FrameworkRules(all, f)
	sel, err := SelectRules(fw, fw, Config{Select: Selection{Framework: "stig", SkipRules: []string{"STIG085"}}, File: file})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(sel); got != "FW001:high STIG089:critical" {
		t.Errorf("selected %s", got)
	}
}

func ids(rs []*rule.Meta) string {
	var out []string
	for _, r := range rs {
		s := r.ID
		if r.Severity != rule.Medium || strings.HasPrefix(r.ID, "STIG") {
			s += ":" + r.Severity.String()
		}
		out = append(out, s)
	}
	return strings.Join(out, " ")
}

// BenchmarkLoadRules is reading the built-in bundle: parsing its files and
// checking their METADATA, the first thing a cold check does (beside
// resolving the flake).
func BenchmarkLoadRules(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := LoadRules(Config{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCompileDefault compiles the rules a plain check enables, from a
// bundle already loaded: a cold check's compile phase.
func BenchmarkCompileDefault(b *testing.B) {
	bundle, enabled, err := LoadRules(Config{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := bundle.Only(ruleIDs(enabled)).Prepare(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkIndexedRules is the load phase of a cold check without a
// policy directory: the rules' selection from the built-in index
// (indexedRules), against BenchmarkLoadRules' parse of the bundle.
func BenchmarkIndexedRules(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if rr, _, err := indexedRules(Config{}); err != nil || rr == nil {
			b.Fatal("no answer from the index", err)
		}
	}
}

// RuleList reads the built-in bundle without compiling it, and compiles
// the policies it is given: a policy that does not compile fails it as it
// fails a check.
func TestRuleList(t *testing.T) {
	ctx := context.Background()
	eng, err := NewEngine(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	builtin, err := RuleList(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(builtin, eng.Rules()) {
		t.Errorf("RuleList lists %d rules, the compiled bundle %d", len(builtin), len(eng.Rules()))
	}
	policy := func(expr string) string {
		dir := t.TempDir()
		src := "package org.p\n\n# METADATA\n# title: x\n# custom:\n#   id: ORG001\n#   severity: high\n#   options: [services.x.enable]\n" +
			"deny contains v if {\n\tv := {\"path\": " + expr + ", \"msg\": \"m\"}\n}\n"
		if err := os.WriteFile(filepath.Join(dir, "p.rego"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	withPolicy, err := RuleList(ctx, []string{policy(`"services.x.enable"`)})
	if err != nil || len(withPolicy) != len(builtin)+1 {
		t.Fatalf("with a policy: %d rules, %v", len(withPolicy), err)
	}
	if _, err := RuleList(ctx, []string{policy(`1 + "a"`)}); err == nil || !strings.Contains(err.Error(), "plus") {
		t.Errorf("a policy that does not compile: %v", err)
	}
}
