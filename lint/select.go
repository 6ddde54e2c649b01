// Rule selection, in one place: the bundle (built-in rules and --policy
// directories), the profile, the config file's enable/disable and severity
// overrides, and --rule/--skip-rule.

package lint

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path"
	"strings"

	"github.com/nixsec/nixsec/compliance"
	"github.com/nixsec/nixsec/engine"
	"github.com/nixsec/nixsec/inputerr"
	"github.com/nixsec/nixsec/rule"
	"github.com/nixsec/nixsec/rules"
	"github.com/nixsec/nixsec/rules/builtins"
)

// Sources returns the embedded bundle, with the custom builtins its rules
// call (rules/builtins), plus the --policy directories.
func Sources(dirs []string) ([]engine.Source, error) {
	srcs := []engine.Source{{Name: "builtin", FS: rules.FS, Builtin: true, Builtins: builtins.All}}
	for _, d := range dirs {
		fi, err := os.Stat(d)
		if err != nil || !fi.IsDir() {
			return nil, inputerr.Errorf(d, "not a directory of policies")
		}
		// os.Root: no symlink in a policy directory leads out of it.
		root, err := os.OpenRoot(d)
		if err != nil {
			return nil, inputerr.New(d, err)
		}
		srcs = append(srcs, engine.Source{Name: d, FS: root.FS()})
	}
	return srcs, nil
}

// loadBundle loads the built-in bundle, the policy directories of cfg and
// its data files. builtinFiles, when not nil, are the only built-in
// modules parsed (engine.Source.Files); a user's policies are always
// parsed whole.
func loadBundle(cfg Config, builtinFiles map[string]bool) (*engine.Bundle, error) {
	bundle, err := loadPolicies(cfg, builtinFiles)
	if err != nil {
		return nil, err
	}
	return bundle, withData(cfg, bundle)
}

// withData mounts cfg's data files in bundle.
func withData(cfg Config, bundle *engine.Bundle) error {
	data, err := engine.LoadData(DataFiles(cfg))
	if err == nil {
		bundle.WithData(data)
	}
	return err
}

// loadPolicies is loadBundle without the data files.
func loadPolicies(cfg Config, builtinFiles map[string]bool) (*engine.Bundle, error) {
	dirs := cfg.Select.PolicyDirs
	if cfg.File != nil {
		dirs = append(append([]string{}, dirs...), cfg.File.Policies...)
	}
	srcs, err := Sources(dirs)
	if err != nil {
		return nil, err
	}
	for i := range srcs {
		if srcs[i].Builtin {
			srcs[i].Files = builtinFiles
		}
	}
	return engine.Load(srcs)
}

// NewEngine compiles the builtin rules and the --policy directories.
func NewEngine(ctx context.Context, dirs []string) (*engine.Engine, error) {
	srcs, err := Sources(dirs)
	if err != nil {
		return nil, err
	}
	return engine.New(ctx, srcs)
}

// RuleList is every rule of the built-in bundle and of the policies in
// dirs, sorted by id: what `nixsec rules`, explain, completion and merge
// show. The bundle is read, not compiled (its tests prove that it
// compiles; compiling it took most of such a command's time); policies
// are compiled too, so that a broken one fails here as in a check.
// Without policies, the built-in index answers (lint/index.go).
func RuleList(ctx context.Context, dirs []string) ([]*rule.Meta, error) {
	if len(dirs) == 0 {
		if idx := readIndex(); idx != nil {
			return idx.Rules, nil
		}
	}
	srcs, err := Sources(dirs)
	if err != nil {
		return nil, err
	}
	b, err := engine.Load(srcs)
	if err != nil {
		return nil, err
	}
	if len(dirs) > 0 {
		if _, err := b.Prepare(ctx); err != nil {
			return nil, err
		}
	}
	return b.Rules(), nil
}

// LoadRules loads the built-in rules and the policies of the flags and
// the config file, checks the config against them, and returns the rules
// this run enables (profile, config enable/disable, severity overrides).
func LoadRules(cfg Config) (*engine.Bundle, []*rule.Meta, error) {
	bundle, err := loadPolicies(cfg, nil)
	if err != nil {
		return nil, nil, err
	}
	enabled, err := selectRules(cfg, bundle.Rules(), func() error { return withData(cfg, bundle) })
	if err != nil {
		return nil, nil, err
	}
	return bundle, enabled, nil
}

// selectRules checks the config against every rule loaded, then the data
// files (data), and returns the rules the run enables: the errors in the
// order a user fixes them.
func selectRules(cfg Config, loaded []*rule.Meta, data func() error) ([]*rule.Meta, error) {
	if cfg.File != nil {
		known := map[string]*rule.Meta{}
		for _, r := range loaded {
			known[r.ID] = r
		}
		if err := cfg.File.Check(known); err != nil {
			return nil, err
		}
	}
	if err := data(); err != nil {
		return nil, err
	}
	all, enabled := loaded, applyRuleConfig(loaded, cfg.Select.Profile, cfg.File)
	if cfg.Select.Framework != "" {
		f, err := compliance.Get(cfg.Select.Framework)
		if err != nil {
			return nil, inputerr.Errorf("--framework", "%v", err)
		}
		all = FrameworkRules(loaded, f)
		enabled = all
	}
	return SelectRules(all, enabled, cfg)
}

// FrameworkRules are the rules --framework runs: exactly those that
// decide a control of the framework, whatever the profile and the config's
// enable and disable, each with the severity of its most severe control's
// category (compliance.Severity), not the config's.
func FrameworkRules(all []*rule.Meta, f *compliance.Framework) []*rule.Meta {
	var out []*rule.Meta
	for _, r := range all {
		cat := 0
		for _, id := range r.Frameworks[f.Name] {
			if c := f.Control(id); c != nil && (cat == 0 || c.Category < cat) {
				cat = c.Category
			}
		}
		if cat == 0 {
			continue
		}
		cp := *r
		cp.Severity = compliance.Severity(cat)
		out = append(out, &cp)
	}
	return out
}

// Enabled returns the rules the profile turns on: rules without profiles
// always, profile-gated ones when their profile is chosen, every rule
// under paranoid; framework-only rules never (FrameworkRules runs them).
func Enabled(all []*rule.Meta, profile string) []*rule.Meta {
	if profile == "" {
		profile = "server"
	}
	var out []*rule.Meta
	for _, r := range all {
		if r.FrameworkOnly {
			continue
		}
		if len(r.Profiles) == 0 || profile == "paranoid" || contains(r.Profiles, profile) {
			out = append(out, r)
		}
	}
	return out
}

// applyRuleConfig returns the rules to run and their severities: the
// profile's rules plus `enable`, minus `disable`, with overrides.
func applyRuleConfig(all []*rule.Meta, profile string, c *FileConfig) []*rule.Meta {
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
	var out []*rule.Meta
	for _, r := range all {
		if !on[r.ID] {
			continue
		}
		out = append(out, withSeverity(r, c))
	}
	return out
}

// withSeverity is the rule with the config's severity override, if any.
func withSeverity(r *rule.Meta, c *FileConfig) *rule.Meta {
	if c == nil {
		return r
	}
	if s, ok := c.Rules.Severity[r.ID]; ok {
		sev, _ := rule.ParseSeverity(s)
		cp := *r
		cp.Severity = sev
		return &cp
	}
	return r
}

// DataFiles are the --data files followed by the config file's data.
func DataFiles(cfg Config) []string {
	files := append([]string{}, cfg.Select.DataFiles...)
	if cfg.File != nil {
		files = append(files, cfg.File.Data...)
	}
	return files
}

// ErrNoRule is a rule pattern that matches no rule.
var ErrNoRule = errors.New("matches no rule ('nixsec rules' lists them)")

// PatternError is a bad rule pattern of Selection.Rules (or SkipRules).
type PatternError struct {
	Skip    bool // a pattern of SkipRules
	Pattern string
	Err     error
}

func (e *PatternError) Error() string {
	what := "rule pattern"
	if e.Skip {
		what = "skip-rule pattern"
	}
	return fmt.Sprintf("%s %q: %v", what, e.Pattern, e.Err)
}

func (e *PatternError) Unwrap() error { return e.Err }

// PatternErrors are every bad pattern of a selection.
type PatternErrors []*PatternError

func (es PatternErrors) Error() string {
	msgs := make([]string, len(es))
	for i, e := range es {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "\n")
}

// SelectRules applies --rule and --skip-rule to the rules a run enables.
// With --rule, the run is exactly the rules the patterns match, whatever
// the profile and the config's enable and disable (the command line names
// them); --skip-rule then removes rules. A pattern is an id or a glob
// (SSH*, ORG00?), case-insensitive; one that matches no rule is an error.
// The config's severity overrides apply either way.
func SelectRules(all, enabled []*rule.Meta, cfg Config) ([]*rule.Meta, error) {
	if len(cfg.Select.Rules) == 0 && len(cfg.Select.SkipRules) == 0 {
		return enabled, nil
	}
	var errs PatternErrors
	match := func(skip bool, pats []string) map[string]bool {
		on := map[string]bool{}
		for _, p := range pats {
			if _, err := path.Match(p, ""); err != nil {
				errs = append(errs, &PatternError{Skip: skip, Pattern: p, Err: err})
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
				errs = append(errs, &PatternError{Skip: skip, Pattern: p, Err: ErrNoRule})
			}
		}
		return on
	}
	only := match(false, cfg.Select.Rules)
	skip := match(true, cfg.Select.SkipRules)
	if len(errs) > 0 {
		return nil, errs
	}
	base := enabled
	if len(cfg.Select.Rules) > 0 {
		base = nil
		for _, r := range all {
			if only[r.ID] {
				base = append(base, withSeverity(r, cfg.File))
			}
		}
	}
	var out []*rule.Meta
	for _, r := range base {
		if !skip[r.ID] {
			out = append(out, r)
		}
	}
	return out, nil
}
