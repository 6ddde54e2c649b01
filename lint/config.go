package lint

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/pelletier/go-toml/v2"
	"go.yaml.in/yaml/v3"

	"github.com/nixsec/nixsec/optpath"
	"github.com/nixsec/nixsec/rego"
)

// ConfigFileNames are looked for, in this order, when --config is not given.
var ConfigFileNames = []string{".nixsec.toml", ".nixsec.yaml", ".nixsec.yml"}

// FileConfig is the content of .nixsec.toml (or its YAML twin).
type FileConfig struct {
	Profile    string      `toml:"profile" yaml:"profile"`
	FailOn     string      `toml:"fail-on" yaml:"fail-on"`
	Policies   []string    `toml:"policies" yaml:"policies"`
	Data       []string    `toml:"data" yaml:"data"` // data files for policies, as --data
	Rules      RulesConfig `toml:"rules" yaml:"rules"`
	Exceptions []Exception `toml:"exceptions" yaml:"exceptions"`

	file string // where it was read from, for messages
	text string
}

// RulesConfig turns rules on or off and overrides severities.
type RulesConfig struct {
	Enable   []string          `toml:"enable" yaml:"enable"`   // also profile-gated rules
	Disable  []string          `toml:"disable" yaml:"disable"` // never run
	Severity map[string]string `toml:"severity" yaml:"severity"`
}

// Exception silences a rule's findings, scoped to hosts and/or option
// paths, for a stated reason, optionally until a date.
type Exception struct {
	Rule    string   `toml:"rule" yaml:"rule"`
	Hosts   []string `toml:"hosts" yaml:"hosts"`
	Options []string `toml:"options" yaml:"options"` // patterns, * for one attribute name
	Reason  string   `toml:"reason" yaml:"reason"`
	Expires string   `toml:"expires" yaml:"expires"` // YYYY-MM-DD

	expires time.Time
	line    int
}

// FindConfig returns the config file to use: the one given, else the
// first of ConfigFileNames in the directories given (current directory
// first), else "".
func FindConfig(given string, dirs ...string) string {
	if given != "" {
		return given
	}
	for _, d := range dirs {
		for _, n := range ConfigFileNames {
			p := filepath.Join(d, n)
			if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
				return p
			}
		}
	}
	return ""
}

// ReadConfig reads a config file; unknown keys are errors that name the
// file's line. Check validates its values once the rules are known.
func ReadConfig(file string) (*FileConfig, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, &UsageError{Msg: fmt.Sprintf("--config: %v", err)}
	}
	c := &FileConfig{file: file, text: string(b)}
	if strings.HasSuffix(file, ".yaml") || strings.HasSuffix(file, ".yml") {
		dec := yaml.NewDecoder(bytes.NewReader(b))
		dec.KnownFields(true)
		if err := dec.Decode(c); err != nil && !errors.Is(err, io.EOF) {
			return nil, &UsageError{Msg: fmt.Sprintf("%s: %v", file, err)}
		}
	} else {
		dec := toml.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		if err := dec.Decode(c); err != nil {
			return nil, &UsageError{Msg: tomlError(file, err)}
		}
	}
	// Relative policy directories and data files are relative to the config file.
	for _, list := range [][]string{c.Policies, c.Data} {
		for i, p := range list {
			if !filepath.IsAbs(p) {
				list[i] = filepath.Join(filepath.Dir(file), p)
			}
		}
	}
	return c, nil
}

func tomlError(file string, err error) string {
	var strict *toml.StrictMissingError
	if errors.As(err, &strict) && len(strict.Errors) > 0 {
		var msgs []string
		for _, e := range strict.Errors {
			row, col := e.Position()
			msgs = append(msgs, fmt.Sprintf("%s:%d:%d: unknown key %q", file, row, col, strings.Join(e.Key(), ".")))
		}
		return strings.Join(msgs, "\n")
	}
	var de *toml.DecodeError
	if errors.As(err, &de) {
		row, col := de.Position()
		return fmt.Sprintf("%s:%d:%d: %v", file, row, col, de)
	}
	return fmt.Sprintf("%s: %v", file, err)
}

// lineOf is the first line of the file that mentions s, for messages about
// values (the decoders give positions only for syntax and unknown keys).
func (c *FileConfig) lineOf(s string, from int) int {
	lines := strings.Split(c.text, "\n")
	for i := max(from-1, 0); i < len(lines); i++ {
		if strings.Contains(lines[i], s) {
			return i + 1
		}
	}
	return 0
}

func (c *FileConfig) errAt(s string, format string, args ...any) string {
	line := c.lineOf(s, 0)
	return fmt.Sprintf("%s:%d: %s", c.file, line, fmt.Sprintf(format, args...))
}

// Check validates the values: profiles, severities, rule ids (unknown
// ones are errors, with the line), exceptions (a reason is mandatory).
func (c *FileConfig) Check(known map[string]*rego.RuleMeta) error {
	var errs []string
	if c.Profile != "" && !contains(rego.Profiles, c.Profile) {
		errs = append(errs, c.errAt(c.Profile, "unknown profile %q (want %s)", c.Profile, strings.Join(rego.Profiles, ", ")))
	}
	if c.FailOn != "" {
		if _, err := rego.ParseSeverity(c.FailOn); err != nil {
			errs = append(errs, c.errAt(c.FailOn, "fail-on: %v", err))
		}
	}
	ruleID := func(id string) {
		if known[id] == nil {
			errs = append(errs, c.errAt(id, "unknown rule %s", id))
		}
	}
	for _, id := range append(append([]string{}, c.Rules.Enable...), c.Rules.Disable...) {
		ruleID(id)
	}
	for id, sev := range c.Rules.Severity {
		ruleID(id)
		if _, err := rego.ParseSeverity(sev); err != nil {
			errs = append(errs, c.errAt(id, "severity of %s: %v", id, err))
		}
	}
	from := 0
	for i := range c.Exceptions {
		e := &c.Exceptions[i]
		e.line = c.lineOf(e.Rule, from)
		from = e.line + 1
		at := fmt.Sprintf("%s:%d", c.file, e.line)
		switch {
		case e.Rule == "":
			errs = append(errs, fmt.Sprintf("%s: exception %d has no rule", c.file, i+1))
		case known[e.Rule] == nil:
			errs = append(errs, fmt.Sprintf("%s: exception for unknown rule %s", at, e.Rule))
		}
		if strings.TrimSpace(e.Reason) == "" {
			errs = append(errs, fmt.Sprintf("%s: exception for %s has no reason (every exception must say why)", at, e.Rule))
		}
		for _, o := range e.Options {
			if _, err := optpath.Parse(o); err != nil {
				errs = append(errs, fmt.Sprintf("%s: exception for %s: %v", at, e.Rule, err))
			}
		}
		if e.Expires != "" {
			t, err := time.Parse(time.DateOnly, e.Expires)
			if err != nil {
				errs = append(errs, fmt.Sprintf("%s: exception for %s: expires %q is not YYYY-MM-DD", at, e.Rule, e.Expires))
			}
			e.expires = t
		}
	}
	if len(errs) > 0 {
		return &UsageError{Msg: "config: " + strings.Join(errs, "\n  ")}
	}
	return nil
}

// matches reports whether the exception covers a finding.
func (e *Exception) matches(f Finding) bool {
	if e.Rule != f.RuleID {
		return false
	}
	if len(e.Hosts) > 0 && !contains(e.Hosts, f.Host) {
		return false
	}
	if len(e.Options) == 0 {
		return true
	}
	concrete, err := optpath.Parse(f.Path)
	if err != nil {
		return false
	}
	for _, o := range e.Options {
		if pat, err := optpath.Parse(o); err == nil && len(pat) == len(concrete) && optpath.Matches(pat, concrete) {
			return true
		}
	}
	return false
}

// ExpiredRuleID is the pseudo-rule of exceptions past their date.
const ExpiredRuleID = "NIXSEC-EXPIRED"

// applyExceptions silences findings covered by a live exception and
// reports every expired one: past its date it no longer applies.
func applyExceptions(c *FileConfig, findings []Finding, now time.Time) []Finding {
	if c == nil {
		return findings
	}
	var out []Finding
	for i := range c.Exceptions {
		e := &c.Exceptions[i]
		if !e.expires.IsZero() && !now.Before(e.expires.AddDate(0, 0, 1)) {
			msg := fmt.Sprintf("the exception for %s expired on %s and no longer applies (%s)", e.Rule, e.Expires, e.Reason)
			loc := Location{File: c.file, StartLine: max(e.line, 1), StartCol: 1, EndLine: max(e.line, 1), EndCol: 1, Via: "file"}
			out = append(out, Finding{RuleID: ExpiredRuleID, Severity: rego.Low, Title: "Exception expired",
				Path: "exceptions", Message: msg, Location: loc, Fingerprint: Fingerprint(ExpiredRuleID, "", e.Rule, e.Expires)})
			continue
		}
		for j := range findings {
			if findings[j].Suppressed == nil && e.matches(findings[j]) {
				findings[j].Suppressed = &Suppressed{Kind: "external", Reason: e.Reason}
			}
		}
	}
	return append(findings, out...)
}

// applyRuleConfig returns the rules to run and their severities: the
// profile's rules plus `enable`, minus `disable`, with overrides.
func applyRuleConfig(all []*rego.RuleMeta, profile string, c *FileConfig) []*rego.RuleMeta {
	enabled := Enabled(all, profile)
	if c == nil {
		return enabled
	}
	on := map[string]bool{}
	for _, r := range enabled {
		on[r.ID] = true
	}
	for _, id := range c.Rules.Enable {
		on[id] = true
	}
	for _, id := range c.Rules.Disable {
		delete(on, id)
	}
	var out []*rego.RuleMeta
	for _, r := range all {
		if !on[r.ID] {
			continue
		}
		out = append(out, withSeverity(r, c))
	}
	return out
}

// withSeverity is the rule with the config's severity override, if any.
func withSeverity(r *rego.RuleMeta, c *FileConfig) *rego.RuleMeta {
	if c == nil {
		return r
	}
	if s, ok := c.Rules.Severity[r.ID]; ok {
		sev, _ := rego.ParseSeverity(s)
		cp := *r
		cp.Severity = sev
		return &cp
	}
	return r
}

// DataFiles are the --data files followed by the config file's data.
func DataFiles(cfg Config) []string {
	files := append([]string{}, cfg.DataFiles...)
	if cfg.File != nil {
		files = append(files, cfg.File.Data...)
	}
	return files
}

// SelectRules applies --rule and --skip-rule to the rules a run enables.
// With --rule, the run is exactly the rules the patterns match, whatever
// the profile and the config's enable and disable (the command line names
// them); --skip-rule then removes rules. A pattern is an id or a glob
// (SSH*, ORG00?), case-insensitive; one that matches no rule is an error.
// The config's severity overrides apply either way.
func SelectRules(all, enabled []*rego.RuleMeta, cfg Config) ([]*rego.RuleMeta, error) {
	if len(cfg.Rules) == 0 && len(cfg.SkipRules) == 0 {
		return enabled, nil
	}
	var errs []string
	match := func(flag string, pats []string) map[string]bool {
		on := map[string]bool{}
		for _, p := range pats {
			if _, err := path.Match(p, ""); err != nil {
				errs = append(errs, fmt.Sprintf("%s %q: %v", flag, p, err))
				continue
			}
			n := 0
			for _, r := range all {
				if ok, _ := path.Match(strings.ToUpper(p), r.ID); ok {
					on[r.ID] = true
					n++
				}
			}
			if n == 0 {
				errs = append(errs, fmt.Sprintf("%s %s: matches no rule ('nixsec rules' lists them)", flag, p))
			}
		}
		return on
	}
	only := match("--rule", cfg.Rules)
	skip := match("--skip-rule", cfg.SkipRules)
	if len(errs) > 0 {
		return nil, &UsageError{Msg: strings.Join(errs, "\n")}
	}
	base := enabled
	if len(cfg.Rules) > 0 {
		base = nil
		for _, r := range all {
			if only[r.ID] {
				base = append(base, withSeverity(r, cfg.File))
			}
		}
	}
	var out []*rego.RuleMeta
	for _, r := range base {
		if !skip[r.ID] {
			out = append(out, r)
		}
	}
	return out, nil
}

// Path is the file the config was read from.
func (c *FileConfig) Path() string { return c.file }

// Confine checks that every policy directory and data file the config
// names resolves, symlinks followed, inside the config file's own
// directory: under --untrusted a config may come from a repository, and
// nothing a repository names may lead nixsec to the runner's files.
func (c *FileConfig) Confine() error {
	base, err := filepath.EvalSymlinks(filepath.Dir(c.file))
	if err != nil {
		return &UsageError{Msg: fmt.Sprintf("--config %s: %v", c.file, err)}
	}
	for _, list := range [][]string{c.Policies, c.Data} {
		for _, p := range list {
			real, err := filepath.EvalSymlinks(p)
			if err != nil {
				return &UsageError{Msg: fmt.Sprintf("%s: %s: %v", c.file, p, err)}
			}
			if rel, err := filepath.Rel(base, real); err != nil || rel == ".." || strings.HasPrefix(rel, "../") || filepath.IsAbs(rel) {
				return &UsageError{Msg: fmt.Sprintf("%s names %s, which is outside %s: under --untrusted a config file may name only files beside it", c.file, p, base)}
			}
		}
	}
	return nil
}
