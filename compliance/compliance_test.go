package compliance_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/nixsec/nixsec/compliance"
	"github.com/nixsec/nixsec/engine"
	"github.com/nixsec/nixsec/report"
	"github.com/nixsec/nixsec/rule"
	"github.com/nixsec/nixsec/rules"
)

// TestSTIGMapping holds the STIG's data to what V1R2 is: 103 checks,
// V-268078 to V-268181 without V-268162 (removed in V1R2), CAT I 11,
// CAT II 91, CAT III 1, every control decided from configuration named by
// rules, and the rules' METADATA listing exactly the controls that name
// them.
func TestSTIGMapping(t *testing.T) {
	f, err := compliance.Get("stig")
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for n := 268078; n <= 268181; n++ {
		if n != 268162 {
			want = append(want, fmt.Sprintf("V-%d", n))
		}
	}
	var got []string
	for _, c := range f.Controls {
		got = append(got, c.ID)
		if c.Title == "" || !strings.HasPrefix(c.RuleID, "SV-"+strings.TrimPrefix(c.ID, "V-")+"r") {
			t.Errorf("%s: title %q, rule id %q", c.ID, c.Title, c.RuleID)
		}
		if c.Verdict != compliance.Manual && len(c.Rules) == 0 {
			t.Errorf("%s is decided from configuration (%s) by no rule", c.ID, c.Verdict)
		}
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("controls:\n got %v\nwant %v", got, want)
	}
	_, cats := f.Counts()
	if cats[1] != 11 || cats[2] != 91 || cats[3] != 1 {
		t.Errorf("CATs %v, want I 11, II 91, III 1", cats)
	}
	b, err := engine.Load([]engine.Source{{Name: "builtin", FS: rules.FS, Builtin: true}})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range f.CheckRules(b.Rules()) {
		t.Error(e)
	}
	// A rule written for the STIG alone carries its control's severity, so
	// `explain` and a config's `enable` show what --framework runs.
	for _, r := range b.Rules() {
		if !r.FrameworkOnly {
			continue
		}
		want := rule.Info
		for _, c := range r.Frameworks["stig"] {
			if ctl := f.Control(c); ctl != nil {
				want = max(want, compliance.Severity(ctl.Category))
			}
		}
		if r.Severity != want {
			t.Errorf("%s: severity %s, its controls' CAT gives %s", r.ID, r.Severity, want)
		}
	}
}

func TestUnknownFramework(t *testing.T) {
	if _, err := compliance.Get("pci"); err == nil || !strings.Contains(err.Error(), "stig") {
		t.Errorf("Get(pci) = %v, want an error naming stig", err)
	}
}

// TestEvaluate checks each status on a report made by hand: a finding
// fails its control, an error or a rule that did not run leaves it not
// checked (never pass), not_applicable from every rule makes it not
// applicable, a partly decided control that passes stays manual.
func TestEvaluate(t *testing.T) {
	f, err := compliance.Get("stig")
	if err != nil {
		t.Fatal(err)
	}
	var config, partly *compliance.Control
	for i := range f.Controls {
		c := &f.Controls[i]
		if len(c.Rules) == 0 {
			continue
		}
		if c.Verdict == compliance.Config && config == nil {
			config = c
		}
		if c.Verdict == compliance.Partly && partly == nil {
			partly = c
		}
	}
	if config == nil || partly == nil {
		t.Skip("the mapping has no rule-decided control of each verdict yet")
	}
	meta := func(id string) *rule.Meta { return &rule.Meta{ID: id} }
	var ran []*rule.Meta
	for _, c := range []*compliance.Control{config, partly} {
		for _, id := range c.Rules {
			ran = append(ran, meta(id))
		}
	}
	rep := &report.Report{
		Flake: ".", Hosts: []string{"bad", "clean", "na", "skipped"},
		Rules: ran,
		Findings: []report.Finding{{RuleID: config.Rules[0], Host: "bad", Path: "x.y", Message: "wrong",
			Location: report.Location{File: "hosts/bad.nix", StartLine: 7}}},
		Errors: []report.HostError{{Host: "broken", Message: "attribute missing"}, {Host: "skipped", Path: "a.b", Rules: config.Rules, Message: "eval failed"}},
	}
	for _, id := range config.Rules {
		rep.NotApplicable = append(rep.NotApplicable, report.NotApplicable{Host: "na", Rule: id, Reason: "no display"})
	}
	cl := compliance.Evaluate(f, rep)
	status := map[string]map[string]compliance.Result{}
	for _, h := range cl.Hosts {
		status[h.Name] = map[string]compliance.Result{}
		if len(h.Results) != len(f.Controls) {
			t.Errorf("%s: %d results for %d controls", h.Name, len(h.Results), len(f.Controls))
		}
		for _, r := range h.Results {
			status[h.Name][r.ID] = r
		}
	}
	check := func(host string, c *compliance.Control, want compliance.Status, detail string) {
		t.Helper()
		r := status[host][c.ID]
		if r.Status != want || !strings.Contains(r.Detail, detail) {
			t.Errorf("%s %s: %s %q, want %s containing %q", host, c.ID, r.Status, r.Detail, want, detail)
		}
	}
	check("bad", config, compliance.Fail, "hosts/bad.nix:7: "+config.Rules[0]+" x.y: wrong")
	check("clean", config, compliance.Pass, config.Rules[0])
	check("clean", partly, compliance.ManualStatus, "Still to check")
	check("na", config, compliance.NotApplicable, "no display")
	check("skipped", config, compliance.NotChecked, "eval failed")
	check("broken", config, compliance.NotChecked, "could not evaluate")
	check("broken", partly, compliance.NotChecked, "could not evaluate")

	// A rule the run did not enable (--skip-rule) cannot pass its control.
	rep.Rules = nil
	cl = compliance.Evaluate(f, rep)
	for _, h := range cl.Hosts {
		for _, r := range h.Results {
			if r.Status == compliance.Pass {
				t.Errorf("%s %s passes with no rule run", h.Name, r.ID)
			}
		}
	}
	for _, s := range []compliance.Status{compliance.Pass, compliance.Fail, compliance.NotApplicable, compliance.ManualStatus, compliance.NotChecked} {
		switch s.CKLStatus() {
		case "NotAFinding", "Open", "Not_Applicable", "Not_Reviewed":
		default:
			t.Errorf("%s: CKL status %q", s, s.CKLStatus())
		}
	}
}
