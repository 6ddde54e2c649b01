// Package compliance is the vocabulary of compliance frameworks: a
// framework's controls (the NixOS STIG's checks), how far the evaluated
// configuration decides each (by which of nixsec's rules), and a host's
// checklist, each control's status read off a check's report. It imports
// no engine, no evaluator and no output code (docs/architecture.md); the
// mapping itself is data (stig.json, docs/compliance.md).
package compliance

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/nixsec/nixsec/rule"
)

// Verdict says how far the configuration decides a control.
type Verdict string

// Verdicts.
const (
	// Config: the evaluated configuration decides the control.
	Config Verdict = "config"
	// Partly: the configuration decides a part (Decides); the rest
	// (Manual) needs the running system.
	Partly Verdict = "partly"
	// Manual: only the running system, or people, can decide it.
	Manual Verdict = "manual"
)

// Control is one check of a framework.
type Control struct {
	ID       string `json:"id"`               // V-268091
	RuleID   string `json:"ruleId"`           // SV-268091r1130960_rule
	StigID   string `json:"stigId,omitempty"` // ANIX-00-000…
	Category int    `json:"cat"`              // 1, 2 or 3 (CAT I is the most severe)
	// Title says what the control asks, in nixsec's words.
	Title   string   `json:"title"`
	CCIs    []string `json:"ccis,omitempty"`
	Verdict Verdict  `json:"verdict"`
	// Decides is what the configuration decides (config and partly).
	Decides string `json:"decides,omitempty"`
	// Manual is what needs the running system, and why (partly, manual).
	Manual string `json:"manual,omitempty"`
	// Rules are the nixsec rules that decide the control; each lists the
	// control in its METADATA's custom.frameworks.
	Rules []string `json:"rules,omitempty"`
	// Facts is the release of the framework the control's facts were
	// read from ("V1R2"; "V1R1" where only the earlier text was found).
	Facts string `json:"facts"`
}

// Framework is a framework's identity and controls.
type Framework struct {
	Name          string    `json:"name"` // what --framework takes
	Title         string    `json:"title"`
	StigID        string    `json:"stigId"` // the benchmark's id in checklists
	Version       int       `json:"version"`
	Release       int       `json:"release"`
	BenchmarkDate string    `json:"benchmarkDate"`
	Controls      []Control `json:"controls"`

	byID   map[string]*Control
	byRule map[string][]*Control
}

// ReleaseName is "V1R2".
func (f *Framework) ReleaseName() string { return fmt.Sprintf("V%dR%d", f.Version, f.Release) }

// Control is the control with id, or nil.
func (f *Framework) Control(id string) *Control { return f.byID[id] }

// ControlsOf are the controls a rule decides, in the framework's order.
func (f *Framework) ControlsOf(ruleID string) []*Control { return f.byRule[ruleID] }

// Severity is the severity nixsec gives findings of a CAT: CAT I
// critical, CAT II high, CAT III medium (docs/compliance.md).
func Severity(category int) rule.Severity {
	switch category {
	case 1:
		return rule.Critical
	case 2:
		return rule.High
	default:
		return rule.Medium
	}
}

// CKLSeverity is STIG Viewer's word for a CAT: high, medium, low.
func CKLSeverity(category int) string {
	switch category {
	case 1:
		return "high"
	case 2:
		return "medium"
	default:
		return "low"
	}
}

// CAT is "CAT I", "CAT II" or "CAT III".
func CAT(category int) string {
	return "CAT " + strings.Repeat("I", max(category, 1))
}

//go:embed stig.json
var stigJSON []byte

var (
	loadOnce   sync.Once
	frameworks map[string]*Framework
	loadErr    error
)

// Names are the frameworks nixsec knows.
func Names() []string { return []string{"stig"} }

// Get returns a framework by name.
func Get(name string) (*Framework, error) {
	loadOnce.Do(func() {
		var f *Framework
		f, loadErr = parse(stigJSON)
		if loadErr == nil {
			frameworks = map[string]*Framework{f.Name: f}
		}
	})
	if loadErr != nil {
		return nil, loadErr
	}
	if f := frameworks[name]; f != nil {
		return f, nil
	}
	return nil, fmt.Errorf("unknown framework %q (want one of %s)", name, strings.Join(Names(), ", "))
}

// parse reads and checks a framework's data.
func parse(b []byte) (*Framework, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var f Framework
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("framework data: %w", err)
	}
	if err := f.index(); err != nil {
		return nil, err
	}
	return &f, nil
}

func (f *Framework) index() error {
	f.byID = map[string]*Control{}
	f.byRule = map[string][]*Control{}
	var errs []string
	for i := range f.Controls {
		c := &f.Controls[i]
		if f.byID[c.ID] != nil {
			errs = append(errs, c.ID+": listed twice")
		}
		f.byID[c.ID] = c
		if c.Category < 1 || c.Category > 3 {
			errs = append(errs, fmt.Sprintf("%s: CAT %d", c.ID, c.Category))
		}
		switch c.Verdict {
		case Config, Partly:
			// A control no rule decides yet is reported not checked
			// (checklist.go); TestMapping holds the built-in data to more.
		case Manual:
			if len(c.Rules) > 0 || c.Manual == "" {
				errs = append(errs, c.ID+": manual needs a reason and no rules")
			}
		default:
			errs = append(errs, fmt.Sprintf("%s: verdict %q", c.ID, c.Verdict))
		}
		if c.Verdict == Partly && c.Manual == "" {
			errs = append(errs, c.ID+": partly without what remains manual")
		}
		for _, r := range c.Rules {
			f.byRule[r] = append(f.byRule[r], c)
		}
	}
	if !sort.SliceIsSorted(f.Controls, func(i, j int) bool { return f.Controls[i].ID < f.Controls[j].ID }) {
		errs = append(errs, "controls not sorted by id")
	}
	if len(errs) > 0 {
		return fmt.Errorf("framework %s data: %s", f.Name, strings.Join(errs, "; "))
	}
	return nil
}

// CheckRules checks the framework against the rules' METADATA: every rule
// a control names lists the control, and every control a rule lists names
// the rule. Returns the disagreements.
func (f *Framework) CheckRules(rules []*rule.Meta) []string {
	var errs []string
	byID := map[string]*rule.Meta{}
	for _, r := range rules {
		byID[r.ID] = r
		for _, id := range r.Frameworks[f.Name] {
			c := f.byID[id]
			switch {
			case c == nil:
				errs = append(errs, fmt.Sprintf("rule %s lists %s, which %s %s does not have", r.ID, id, f.Name, f.ReleaseName()))
			case !slices.Contains(c.Rules, r.ID):
				errs = append(errs, fmt.Sprintf("rule %s lists %s, whose mapping does not name the rule", r.ID, id))
			}
		}
	}
	for _, c := range f.Controls {
		for _, id := range c.Rules {
			r := byID[id]
			if r == nil {
				errs = append(errs, fmt.Sprintf("%s names rule %s, which does not exist", c.ID, id))
			} else if !slices.Contains(r.Frameworks[f.Name], c.ID) {
				errs = append(errs, fmt.Sprintf("%s names rule %s, whose METADATA does not list it", c.ID, id))
			}
		}
	}
	return errs
}

// Counts are the controls by verdict and by CAT.
func (f *Framework) Counts() (verdicts map[Verdict]int, cats map[int]int) {
	verdicts, cats = map[Verdict]int{}, map[int]int{}
	for _, c := range f.Controls {
		verdicts[c.Verdict]++
		cats[c.Category]++
	}
	return verdicts, cats
}
