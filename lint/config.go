package lint

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/pelletier/go-toml/v2"
	"go.yaml.in/yaml/v3"

	"github.com/nixsec/nixsec/inputerr"
	"github.com/nixsec/nixsec/optpath"
	"github.com/nixsec/nixsec/report"
	"github.com/nixsec/nixsec/rule"
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
		return nil, inputerr.New(file, err)
	}
	c := &FileConfig{file: file, text: string(b)}
	if strings.HasSuffix(file, ".yaml") || strings.HasSuffix(file, ".yml") {
		dec := yaml.NewDecoder(bytes.NewReader(b))
		dec.KnownFields(true)
		if err := dec.Decode(c); err != nil && !errors.Is(err, io.EOF) {
			return nil, inputerr.New(file, err)
		}
	} else {
		dec := toml.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		if err := dec.Decode(c); err != nil {
			return nil, tomlError(file, err)
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

// tomlError places the TOML decoder's errors: each unknown key, or the
// syntax error.
func tomlError(file string, err error) error {
	var strict *toml.StrictMissingError
	if errors.As(err, &strict) && len(strict.Errors) > 0 {
		var errs []error
		for _, e := range strict.Errors {
			row, col := e.Position()
			errs = append(errs, &inputerr.Error{File: file, Line: row, Col: col, Err: fmt.Errorf("unknown key %q", strings.Join(e.Key(), "."))})
		}
		return errors.Join(errs...)
	}
	var de *toml.DecodeError
	if errors.As(err, &de) {
		row, col := de.Position()
		return &inputerr.Error{File: file, Line: row, Col: col, Err: de}
	}
	return inputerr.New(file, err)
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

func (c *FileConfig) errAt(s string, format string, args ...any) error {
	return c.errLine(c.lineOf(s, 0), format, args...)
}

func (c *FileConfig) errLine(line int, format string, args ...any) error {
	return &inputerr.Error{File: c.file, Line: line, Err: fmt.Errorf(format, args...)}
}

// Check validates the values: profiles, severities, rule ids (unknown
// ones are errors, with the line), exceptions (a reason is mandatory).
func (c *FileConfig) Check(known map[string]*rule.Meta) error {
	var errs []error
	if c.Profile != "" && !contains(rule.Profiles, c.Profile) {
		errs = append(errs, c.errAt(c.Profile, "unknown profile %q (want %s)", c.Profile, strings.Join(rule.Profiles, ", ")))
	}
	if c.FailOn != "" {
		if _, err := rule.ParseSeverity(c.FailOn); err != nil {
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
		if _, err := rule.ParseSeverity(sev); err != nil {
			errs = append(errs, c.errAt(id, "severity of %s: %v", id, err))
		}
	}
	from := 0
	for i := range c.Exceptions {
		e := &c.Exceptions[i]
		e.line = c.lineOf(e.Rule, from)
		from = e.line + 1
		switch {
		case e.Rule == "":
			errs = append(errs, inputerr.Errorf(c.file, "exception %d has no rule", i+1))
		case known[e.Rule] == nil:
			errs = append(errs, c.errLine(e.line, "exception for unknown rule %s", e.Rule))
		}
		if strings.TrimSpace(e.Reason) == "" {
			errs = append(errs, c.errLine(e.line, "exception for %s has no reason (every exception must say why)", e.Rule))
		}
		for _, o := range e.Options {
			if _, err := optpath.Parse(o); err != nil {
				errs = append(errs, c.errLine(e.line, "exception for %s: %v", e.Rule, err))
			}
		}
		if e.Expires != "" {
			t, err := time.Parse(time.DateOnly, e.Expires)
			if err != nil {
				errs = append(errs, c.errLine(e.line, "exception for %s: expires %q is not YYYY-MM-DD", e.Rule, e.Expires))
			}
			e.expires = t
		}
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	return nil
}

// matches reports whether the exception covers a finding.
func (e *Exception) matches(f report.Finding) bool {
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

// applyExceptions silences findings covered by a live exception and
// reports every expired one: past its date it no longer applies.
func applyExceptions(c *FileConfig, findings []report.Finding, now time.Time) []report.Finding {
	if c == nil {
		return findings
	}
	var out []report.Finding
	for i := range c.Exceptions {
		e := &c.Exceptions[i]
		if !e.expires.IsZero() && !now.Before(e.expires.AddDate(0, 0, 1)) {
			msg := fmt.Sprintf("the exception for %s expired on %s and no longer applies (%s)", e.Rule, e.Expires, e.Reason)
			loc := report.Location{File: c.file, StartLine: max(e.line, 1), StartCol: 1, EndLine: max(e.line, 1), EndCol: 1, Via: "file"}
			out = append(out, report.Finding{RuleID: rule.ExpiredID, Severity: rule.Low, Title: "Exception expired",
				Path: "exceptions", Message: msg, Location: loc, Fingerprint: report.Fingerprint(rule.ExpiredID, "", e.Rule, e.Expires)})
			continue
		}
		for j := range findings {
			if findings[j].Suppressed == nil && e.matches(findings[j]) {
				findings[j].Suppressed = &report.Suppressed{Kind: "external", Reason: e.Reason}
			}
		}
	}
	return append(findings, out...)
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
		return inputerr.New(c.file, err)
	}
	for _, list := range [][]string{c.Policies, c.Data} {
		for _, p := range list {
			real, err := filepath.EvalSymlinks(p)
			if err != nil {
				return inputerr.Errorf(c.file, "%s: %w", p, err)
			}
			if rel, err := filepath.Rel(base, real); err != nil || rel == ".." || strings.HasPrefix(rel, "../") || filepath.IsAbs(rel) {
				return inputerr.Errorf(c.file, "names %s, which is outside %s: in untrusted mode a config file may name only files beside it", p, base)
			}
		}
	}
	return nil
}
