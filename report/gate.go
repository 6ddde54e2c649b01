package report

import (
	"encoding/json"
	"sort"
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

// sameGate: shards of one run share everything but the suppressions, which
// each shard finds in the files its own findings point to.
func sameGate(a, b *Gate) bool {
	strip := func(g *Gate) string {
		if g == nil {
			return ""
		}
		c := *g
		c.Suppressions = nil
		js, _ := json.Marshal(c)
		return string(js)
	}
	return strip(a) == strip(b)
}

// mergeSuppressions is the union of two shards' suppressions: one comment
// listed once, with the hosts it silenced in either shard.
func mergeSuppressions(a, b *Gate) *Gate {
	if a == nil || b == nil {
		return a
	}
	type key struct {
		file string
		line int
	}
	index := map[key]int{}
	var merged []SuppressionEntry
	for _, s := range append(append([]SuppressionEntry{}, a.Suppressions...), b.Suppressions...) {
		k := key{s.File, s.Line}
		if i, ok := index[k]; ok {
			merged[i].Hosts = dedupeSorted(append(merged[i].Hosts, s.Hosts...))
			continue
		}
		index[k] = len(merged)
		s.Hosts = dedupeSorted(append([]string(nil), s.Hosts...))
		merged = append(merged, s)
	}
	sort.Slice(merged, func(i, j int) bool {
		if merged[i].File != merged[j].File {
			return merged[i].File < merged[j].File
		}
		return merged[i].Line < merged[j].Line
	})
	c := *a
	c.Suppressions = merged
	return &c
}

func dedupeSorted(xs []string) []string {
	sort.Strings(xs)
	out := xs[:0]
	for i, x := range xs {
		if i == 0 || x != xs[i-1] {
			out = append(out, x)
		}
	}
	return out
}
