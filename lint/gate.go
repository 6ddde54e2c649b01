package lint

import (
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/nixsec/nixsec/report"
	"github.com/nixsec/nixsec/rule"
)

// gateOf describes the run's configuration for the report. all are the
// loaded rules with their declared severities.
func gateOf(cfg Config, all []*rule.Meta) *report.Gate {
	g := &report.Gate{Untrusted: cfg.Untrusted, Profile: cfg.Select.Profile, FailOn: cfg.Gate.FailOn.String(), FailOnFrom: cfg.Gate.FailOnFrom}
	if g.Profile == "" {
		g.Profile = "server"
	}
	if g.FailOnFrom == "" {
		g.FailOnFrom = "default"
	}
	g.Policies = append(g.Policies, cfg.Select.PolicyDirs...)
	g.Data = append(g.Data, cfg.Select.DataFiles...)
	skip := map[string]bool{}
	for _, p := range cfg.Select.SkipRules {
		for _, r := range all {
			if ok, _ := path.Match(strings.ToUpper(p), r.ID); ok && !skip[r.ID] {
				skip[r.ID] = true
				g.DisabledRules = append(g.DisabledRules, report.RuleOverride{Rule: r.ID, Source: "--skip-rule"})
			}
		}
	}
	if c := cfg.File; c != nil {
		g.ConfigFile = c.file
		g.Policies = append(g.Policies, c.Policies...)
		g.Data = append(g.Data, c.Data...)
		for _, id := range c.Rules.Disable {
			g.DisabledRules = append(g.DisabledRules, report.RuleOverride{Rule: id, Source: c.file})
		}
		declared := map[string]rule.Severity{}
		for _, r := range all {
			declared[r.ID] = r.Severity
		}
		for id, s := range c.Rules.Severity {
			to, _ := rule.ParseSeverity(s)
			g.SeverityOverrides = append(g.SeverityOverrides, report.SeverityOverride{Rule: id, From: declared[id].String(), To: to.String(), Source: c.file})
		}
		for _, e := range c.Exceptions {
			g.Exceptions = append(g.Exceptions, report.ExceptionEntry{Rule: e.Rule, Hosts: e.Hosts, Options: e.Options,
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
