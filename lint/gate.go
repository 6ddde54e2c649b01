package lint

import (
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/nixsec/nixsec/rego"
)

// Gate is how this run's gate was configured, in the report so that a
// reviewer sees what a pull request changed about its own check: the
// config file read, the rules it disabled, the severities it lowered or
// raised, its exceptions, and the nixsec:ignore comments in the files nix
// evaluated (docs/security.md).
type Gate struct {
	// Untrusted is set under --untrusted (the pull-request mode).
	Untrusted bool `json:"untrusted"`
	// ConfigFile is the config file read, "" when none.
	ConfigFile string `json:"configFile,omitempty"`
	Profile    string `json:"profile"`
	FailOn     string `json:"failOn"`
	// FailOnFrom is where FailOn came from: "default", "--fail-on" or
	// the config file.
	FailOnFrom string `json:"failOnFrom"`
	// Policies and Data are the user policy directories and data files
	// loaded (command line first, then the config file's).
	Policies []string `json:"policies,omitempty"`
	Data     []string `json:"data,omitempty"`
	// DisabledRules are rules turned off by the config file or
	// --skip-rule, each with where it was turned off.
	DisabledRules []RuleOverride `json:"disabledRules,omitempty"`
	// SeverityOverrides are rules whose severity the config file changed.
	SeverityOverrides []SeverityOverride `json:"severityOverrides,omitempty"`
	Exceptions        []ExceptionEntry   `json:"exceptions,omitempty"`
	// InlineSuppressions is "ignored" under --untrusted (without
	// --allow-inline-suppressions): the comments are listed, none silences.
	InlineSuppressions string `json:"inlineSuppressions,omitempty"`
	// Suppressions are the nixsec:ignore comments found in the files the
	// findings point to, used or not.
	Suppressions []SuppressionEntry `json:"suppressions,omitempty"`
}

// RuleOverride is a rule turned off, and by what.
type RuleOverride struct {
	Rule   string `json:"rule"`
	Source string `json:"source"` // the config file, or "--skip-rule"
}

// SeverityOverride is a rule's severity changed by a config file.
type SeverityOverride struct {
	Rule   string `json:"rule"`
	From   string `json:"from"`
	To     string `json:"to"`
	Source string `json:"source"`
}

// ExceptionEntry is one config exception as the report lists it.
type ExceptionEntry struct {
	Rule    string   `json:"rule"`
	Hosts   []string `json:"hosts,omitempty"`
	Options []string `json:"options,omitempty"`
	Reason  string   `json:"reason"`
	Expires string   `json:"expires,omitempty"`
	Source  string   `json:"source"` // file:line
}

// SuppressionEntry is one nixsec:ignore comment.
type SuppressionEntry struct {
	Rules  []string `json:"rules"`
	File   string   `json:"file"`
	Line   int      `json:"line"`
	Reason string   `json:"reason"`
	// Hosts are the hosts whose findings it silenced; empty when unused.
	Hosts []string `json:"hosts,omitempty"`
}

// gateOf describes the run's configuration for the report. all are the
// loaded rules with their declared severities.
func gateOf(cfg Config, all []*rego.RuleMeta) *Gate {
	g := &Gate{Untrusted: cfg.Untrusted, Profile: cfg.Profile, FailOn: cfg.FailOn.String(), FailOnFrom: cfg.FailOnFrom}
	if g.Profile == "" {
		g.Profile = "server"
	}
	if g.FailOnFrom == "" {
		g.FailOnFrom = "default"
	}
	g.Policies = append(g.Policies, cfg.PolicyDirs...)
	g.Data = append(g.Data, cfg.DataFiles...)
	skip := map[string]bool{}
	for _, p := range cfg.SkipRules {
		for _, r := range all {
			if ok, _ := path.Match(strings.ToUpper(p), r.ID); ok && !skip[r.ID] {
				skip[r.ID] = true
				g.DisabledRules = append(g.DisabledRules, RuleOverride{Rule: r.ID, Source: "--skip-rule"})
			}
		}
	}
	if c := cfg.File; c != nil {
		g.ConfigFile = c.file
		g.Policies = append(g.Policies, c.Policies...)
		g.Data = append(g.Data, c.Data...)
		for _, id := range c.Rules.Disable {
			g.DisabledRules = append(g.DisabledRules, RuleOverride{Rule: id, Source: c.file})
		}
		declared := map[string]rego.Severity{}
		for _, r := range all {
			declared[r.ID] = r.Severity
		}
		for id, s := range c.Rules.Severity {
			to, _ := rego.ParseSeverity(s)
			g.SeverityOverrides = append(g.SeverityOverrides, SeverityOverride{Rule: id, From: declared[id].String(), To: to.String(), Source: c.file})
		}
		for _, e := range c.Exceptions {
			g.Exceptions = append(g.Exceptions, ExceptionEntry{Rule: e.Rule, Hosts: e.Hosts, Options: e.Options,
				Reason: e.Reason, Expires: e.Expires, Source: fmt.Sprintf("%s:%d", c.file, e.line)})
		}
	}
	sort.Slice(g.DisabledRules, func(i, j int) bool {
		a, b := g.DisabledRules[i], g.DisabledRules[j]
		return a.Rule < b.Rule || a.Rule == b.Rule && a.Source < b.Source
	})
	sort.Slice(g.SeverityOverrides, func(i, j int) bool { return g.SeverityOverrides[i].Rule < g.SeverityOverrides[j].Rule })
	return g
}
