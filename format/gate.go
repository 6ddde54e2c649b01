package format

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/nixsec/nixsec/format/escape"
	"github.com/nixsec/nixsec/report"
)

// gateChanged reports whether the run's configuration did anything to
// the gate beyond nixsec's defaults: a config file, rules turned off or
// re-rated, exceptions, nixsec:ignore comments, user policies or data.
// Only then do the text and github reports show it, so that a plain run's
// output stays as it was.
func gateChanged(g *report.Gate) bool {
	return g != nil && (g.ConfigFile != "" || len(g.DisabledRules) > 0 || len(g.SeverityOverrides) > 0 ||
		len(g.Exceptions) > 0 || len(g.Suppressions) > 0 || len(g.Policies) > 0 || len(g.Data) > 0)
}

// gateLines is the gate for people, every string escaped: first its
// settings (`config .nixsec.toml, profile server, fail-on low (from
// .nixsec.toml), untrusted`), then one line per user policy, data file,
// disabled rule, severity override, exception and nixsec:ignore comment.
// Free text (reasons) comes last on its line.
func gateLines(g *report.Gate) []string {
	q := escape.Line
	head := "no config file"
	if g.ConfigFile != "" {
		head = "config " + q(g.ConfigFile)
	}
	if g.Profile != "" {
		head += ", profile " + q(g.Profile)
	}
	if g.FailOn != "" {
		head += ", fail-on " + q(g.FailOn)
		if g.FailOnFrom != "" {
			head += " (from " + q(g.FailOnFrom) + ")"
		}
	}
	if g.Untrusted {
		head += ", untrusted"
	}
	if g.InlineSuppressions != "" {
		head += ", nixsec:ignore comments " + q(g.InlineSuppressions)
	}
	lines := []string{head}
	for _, p := range g.Policies {
		lines = append(lines, "policy "+q(p))
	}
	for _, d := range g.Data {
		lines = append(lines, "data "+q(d))
	}
	for _, d := range g.DisabledRules {
		lines = append(lines, fmt.Sprintf("disabled %s (by %s)", q(d.Rule), q(d.Source)))
	}
	for _, o := range g.SeverityOverrides {
		lines = append(lines, fmt.Sprintf("severity %s %s -> %s (by %s)", q(o.Rule), q(o.From), q(o.To), q(o.Source)))
	}
	for _, e := range g.Exceptions {
		l := "exception " + q(e.Rule)
		if len(e.Hosts) > 0 {
			l += " on " + joinEscaped(e.Hosts)
		}
		if len(e.Options) > 0 {
			l += " for " + joinEscaped(e.Options)
		}
		if e.Expires != "" {
			l += " until " + q(e.Expires)
		}
		lines = append(lines, fmt.Sprintf("%s (%s): %s", l, q(e.Source), reason(e.Reason)))
	}
	for _, s := range g.Suppressions {
		l := fmt.Sprintf("ignore %s at %s:%d", joinEscaped(s.Rules), q(s.File), s.Line)
		if len(s.Hosts) > 0 {
			l += " silencing " + joinEscaped(s.Hosts)
		} else {
			l += ", unused"
			if g.InlineSuppressions == "ignored" {
				l = strings.TrimSuffix(l, ", unused") + ", not honoured (--untrusted)"
			}
		}
		lines = append(lines, l+": "+reason(s.Reason))
	}
	return lines
}

func joinEscaped(xs []string) string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = escape.Line(x)
	}
	return strings.Join(out, ", ")
}

// reason is a stated reason, quoted so that where it starts and ends is
// plain (Go quoting escapes controls too; escape.Line then breaks CI
// command prefixes, which quoting leaves).
func reason(s string) string {
	if s == "" {
		return "(no reason)"
	}
	// Quote escapes every control itself; Lines only breaks CI commands,
	// and does not double the quoting's backslashes.
	return escape.Lines(strconv.Quote(s))
}
