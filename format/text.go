// Package format writes a report.Report: text for people, json for tools,
// sarif for code scanning and editors, github for Actions annotations.
package format

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/nixsec/nixsec/format/escape"
	"github.com/nixsec/nixsec/report"
	"github.com/nixsec/nixsec/rule"
)

// ANSI colours, used only when writing to a terminal.
const (
	reset  = "\x1b[0m"
	bold   = "\x1b[1m"
	red    = "\x1b[31m"
	yellow = "\x1b[33m"
	blue   = "\x1b[34m"
	grey   = "\x1b[90m"
)

func severityColour(s rule.Severity) string {
	switch s {
	case rule.Critical, rule.High:
		return red
	case rule.Medium:
		return yellow
	case rule.Low:
		return blue
	}
	return grey
}

// TextOptions tune the text report.
type TextOptions struct {
	Colour bool // ANSI colours (a terminal, and NO_COLOR unset)
	Quiet  bool // only evaluation errors and the summary
	// Verbose prints each finding in full, by host: the fix, the other
	// definitions, and the rule's remediation where it first appears.
	Verbose bool
	// ShowInfo lists info findings (inventory, such as open ports), which
	// the default leaves to the summary.
	ShowInfo bool
}

// Text writes the report for people with the given colour setting.
func Text(w io.Writer, r *report.Report, colour bool) error {
	return TextWith(w, r, TextOptions{Colour: colour})
}

// TextWith writes the report for people: the findings grouped by host (a
// header per host, findings in file and line order), each as
// `file:line:col: SEVERITY RULE host: message` followed, as compilers do,
// by the source line with a caret under the region and the fix when there
// is one; the first time a rule appears for a host, its remediation and
// docs link. Then the evaluation errors and the summary: counts per
// severity, and per host when there are several; then, when the run's
// configuration changed the gate, what it changed (also under Quiet: a
// reviewer needs it most when a pull request quiets its own check).
// Suppressed and baselined findings are left out (the JSON and SARIF
// reports keep them).
//
// Every string from the flake or its configuration is escaped (package
// escape), and the finished report goes through escape.Lines, so that no
// line it prints drives the terminal or is a CI runner's command.
func TextWith(w io.Writer, r *report.Report, opts TextOptions) error {
	c := func(code, s string) string {
		if !opts.Colour {
			return s
		}
		return code + s + reset
	}
	var buf strings.Builder
	bw := &errWriter{w: &buf}
	hiddenInfo := 0
	switch {
	case opts.Quiet:
	case !opts.Verbose:
		hiddenInfo = textCompact(bw, r, opts, c)
	default:
		book := newRuleBook(r)
		for _, g := range groupByHost(r.Findings) {
			header := escape.Line(g.host)
			if header == "" {
				header = "nixsec configuration"
			}
			fmt.Fprintf(bw, "%s %s\n", c(bold, "==="), c(bold, fmt.Sprintf("%s (%d %s)", header, len(g.findings), plural(len(g.findings), "finding", "findings"))))
			seen := map[string]bool{}
			for _, f := range g.findings {
				textFinding(bw, f, c)
				if !seen[f.RuleID] {
					seen[f.RuleID] = true
					textRuleHelp(bw, book.get(f.RuleID), c)
				}
			}
			fmt.Fprintln(bw)
		}
	}
	for _, e := range r.Errors {
		fmt.Fprintf(bw, "%s %s\n", c(red+bold, "error:"), strings.TrimPrefix(indent(errorText(escapeError(e), false), "    "), "    "))
	}
	fmt.Fprintln(bw, Summary(r))
	if hiddenInfo > 0 {
		fmt.Fprintf(bw, "  (%d info %s not listed: --show-info lists them)\n", hiddenInfo, plural(hiddenInfo, "finding", "findings"))
	}
	if hosts := hostSummaries(r); len(hosts) > 1 {
		for _, h := range hosts {
			fmt.Fprintf(bw, "  %s\n", h)
		}
	}
	if gateChanged(r.Gate) {
		lines := gateLines(r.Gate)
		fmt.Fprintf(bw, "\n%s %s\n", c(bold, "gate:"), lines[0])
		for _, l := range lines[1:] {
			fmt.Fprintf(bw, "  %s\n", l)
		}
	}
	if bw.err != nil {
		return bw.err
	}
	_, err := io.WriteString(w, escape.Lines(buf.String()))
	return err
}

// maxHostNames bounds the hosts named on one line of the compact report.
const maxHostNames = 6

// textCompact is the default text report: a line per finding with its
// source line and caret, the same finding on several hosts once (listing
// them), each rule's remediation once at the end, info findings left to
// the summary unless ShowInfo. It returns how many info findings it left
// out.
func textCompact(w io.Writer, r *report.Report, opts TextOptions, c func(code, s string) string) int {
	type entry struct {
		f     report.Finding
		hosts []string
	}
	var entries []*entry
	index := map[string]*entry{}
	hidden := 0
	for _, f := range r.Findings {
		if !f.Counts() {
			continue
		}
		if f.Severity == rule.Info && !opts.ShowInfo {
			hidden++
			continue
		}
		// The same finding on several hosts: one rule, message and line —
		// or, at each host's own entry in flake.nix, one rule and message.
		where := fmt.Sprintf("%s:%d:%d", f.Location.File, f.Location.StartLine, f.Location.StartCol)
		if f.Location.Via == "host" {
			where = "host entry"
		}
		key := f.RuleID + "\x00" + f.Message + "\x00" + where
		if e := index[key]; e != nil && f.Host != "" {
			e.hosts = append(e.hosts, f.Host)
			continue
		}
		e := &entry{f: f, hosts: []string{f.Host}}
		index[key] = e
		entries = append(entries, e)
	}
	var order []string
	seen := map[string]bool{}
	for _, e := range entries {
		f := e.f
		if len(e.hosts) > 1 {
			sort.Strings(e.hosts)
			if f.Location.Via == "host" {
				f.Location.Snippet = "" // the line is one host's entry
			}
		}
		f.Host = hostList(e.hosts)
		textFindingLine(w, f, c)
		if !seen[f.RuleID] {
			seen[f.RuleID] = true
			order = append(order, f.RuleID)
		}
	}
	if len(order) > 0 {
		book := newRuleBook(r)
		fmt.Fprintf(w, "\n%s\n", c(bold, "remediation:"))
		for _, id := range order {
			textRemediation(w, book.get(id), c)
		}
		fmt.Fprintln(w)
	}
	return hidden
}

// hostList names hosts, the first few and how many more.
func hostList(hosts []string) string {
	if len(hosts) <= maxHostNames {
		return strings.Join(hosts, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(hosts[:maxHostNames-1], ", "), len(hosts)-maxHostNames+1)
}

// escapeError is the evaluation error with its parts escaped for text.
func escapeError(e report.HostError) report.HostError {
	rules := make([]string, len(e.Rules))
	for i, r := range e.Rules {
		rules[i] = escape.Line(r)
	}
	return report.HostError{Host: escape.Line(e.Host), Path: escape.Line(e.Path), Rules: rules, Message: escape.Block(e.Message)}
}

type hostGroup struct {
	host     string
	findings []report.Finding
}

// groupByHost returns the findings that count, by host (sorted; findings
// about no host last), each group in the report's file and line order.
func groupByHost(fs []report.Finding) []hostGroup {
	byHost := map[string]*hostGroup{}
	var hosts []string
	for _, f := range fs {
		if !f.Counts() {
			continue
		}
		g := byHost[f.Host]
		if g == nil {
			g = &hostGroup{host: f.Host}
			byHost[f.Host] = g
			hosts = append(hosts, f.Host)
		}
		g.findings = append(g.findings, f)
	}
	sort.Slice(hosts, func(i, j int) bool {
		if (hosts[i] == "") != (hosts[j] == "") {
			return hosts[j] == ""
		}
		return hosts[i] < hosts[j]
	})
	out := make([]hostGroup, 0, len(hosts))
	for _, h := range hosts {
		out = append(out, *byHost[h])
	}
	return out
}

func textFinding(w io.Writer, f report.Finding, c func(code, s string) string) {
	textFindingLine(w, f, c)
	for _, d := range f.Definitions {
		if d.Status == "wins" {
			continue
		}
		fmt.Fprintf(w, "    also set at %s:%d:%d: %s (%s)\n", escape.Line(d.Location.File), d.Location.StartLine, d.Location.StartCol,
			escape.Line(truncate(strings.Join(strings.Fields(d.Source), " "), 60)), relatedStatus(d))
	}
	if f.Fix != nil {
		fmt.Fprintf(w, "    fix: %s = %s;\n", escape.Line(f.Fix.Path), escape.Line(rule.NixValue(f.Fix.Value)))
	}
}

// textFindingLine is a finding's line, its source line with a caret
// under the region, and the note on its place.
func textFindingLine(w io.Writer, f report.Finding, c func(code, s string) string) {
	l := f.Location
	sev := strings.ToUpper(f.Severity.String())
	who := escape.Line(f.RuleID)
	for _, fw := range slices.Sorted(maps.Keys(f.Frameworks)) {
		who += " [" + escape.Line(strings.Join(f.Frameworks[fw], " ")) + "]"
	}
	if f.Host != "" {
		who += " " + escape.Line(f.Host)
	}
	fmt.Fprintf(w, "%s: %s %s: %s\n",
		c(bold, fmt.Sprintf("%s:%d:%d", escape.Line(l.File), l.StartLine, l.StartCol)),
		c(severityColour(f.Severity), sev), who, escape.Line(f.Message))
	if l.Snippet != "" {
		num := fmt.Sprint(l.StartLine)
		pad := strings.Repeat(" ", len(num))
		snippet, widths := escape.CodeColumns(l.Snippet)
		fmt.Fprintf(w, " %s | %s\n", c(grey, num), snippet)
		fmt.Fprintf(w, " %s | %s\n", pad, c(severityColour(f.Severity), caret(l, widths)))
	}
	if l.Note != "" {
		fmt.Fprintf(w, "    note: %s\n", escape.Line(l.Note))
	}
}

// relatedStatus says what became of another definition of a finding's
// option, beside the one the finding points at.
func relatedStatus(d report.Definition) string {
	s := fmt.Sprintf("priority %d", d.Priority)
	switch d.Status {
	case "overridden":
		return s + ", overridden"
	case "merged":
		return s + ", merged with it"
	case "condition-false":
		return "under a false mkIf"
	}
	return s + ", not in effect"
}

// textRuleHelp is the rule's remediation snippet, indented, and where
// its documentation is.
func textRuleHelp(w io.Writer, m *rule.Meta, c func(code, s string) string) {
	if m == nil {
		return
	}
	if strings.TrimRight(escape.Block(m.Remediation), "\n") != "" {
		fmt.Fprintf(w, "    %s\n", c(grey, "remediation ("+escape.Line(m.ID)+"):"))
	}
	textHelpBody(w, m, "      ", c)
}

// textHelpBody is a rule's remediation snippet, each line after indent,
// and where its docs are.
func textHelpBody(w io.Writer, m *rule.Meta, indent string, c func(code, s string) string) {
	// A user policy's metadata comes from the repository, as the flake does.
	if rem := strings.TrimRight(escape.Block(m.Remediation), "\n"); rem != "" {
		for _, line := range strings.Split(rem, "\n") {
			fmt.Fprintf(w, "%s%s\n", indent, line)
		}
	}
	if u := docsURL(m); u != "" {
		fmt.Fprintf(w, "    %s %s\n", c(grey, "docs:"), u)
	} else if m.File != "" {
		fmt.Fprintf(w, "    %s nixsec explain %s\n", c(grey, "docs:"), escape.Line(m.ID))
	}
}

// textRemediation is a rule's remediation in the compact report's last
// section: its id and title, the snippet, the docs.
func textRemediation(w io.Writer, m *rule.Meta, c func(code, s string) string) {
	if m == nil {
		return
	}
	fmt.Fprintf(w, "%s %s\n", c(bold, escape.Line(m.ID)), escape.Line(m.Title))
	textHelpBody(w, m, "    ", c)
}

// hostSummaries is one line per linted host: its counts by severity, or
// that it has none, or that it failed to evaluate.
func hostSummaries(r *report.Report) []string {
	counts := map[string]map[rule.Severity]int{}
	for _, f := range r.Findings {
		if !f.Counts() || f.Host == "" {
			continue
		}
		c := counts[f.Host]
		if c == nil {
			c = map[rule.Severity]int{}
			counts[f.Host] = c
		}
		c[f.Severity]++
	}
	failed := map[string]bool{}
	partial := map[string]int{}
	for _, e := range r.Errors {
		if e.Path == "" {
			failed[e.Host] = true
		} else {
			partial[e.Host]++
		}
	}
	var out []string
	for _, h := range r.Hosts {
		name := escape.Line(h)
		if failed[h] {
			out = append(out, name+": evaluation failed")
			continue
		}
		n, detail := 0, severityCounts(counts[h])
		for _, k := range counts[h] {
			n += k
		}
		line := fmt.Sprintf("%s: %d %s", name, n, plural(n, "finding", "findings"))
		if detail != "" {
			line += " (" + detail + ")"
		}
		if k := partial[h]; k > 0 {
			line += fmt.Sprintf(", %d evaluation %s", k, plural(k, "error", "errors"))
		}
		out = append(out, line)
	}
	return out
}

// severityCounts is "1 critical, 2 medium", most severe first.
func severityCounts(counts map[rule.Severity]int) string {
	var parts []string
	for s := rule.Critical; s >= rule.Info; s-- {
		if counts[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", counts[s], s))
		}
	}
	return strings.Join(parts, ", ")
}

// errWriter keeps the first write error, so that a report is written
// with plain Fprintf calls and checked once.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

// caret underlines the region on the escaped snippet line: the same
// whitespace before it (tabs stay tabs, so it lines up), then ^ for each
// character; widths are escape.CodeColumns', how many characters each of
// the snippet's became.
func caret(l report.Location, widths []int) string {
	runes := []rune(l.Snippet)
	start := min(max(l.StartCol-1, 0), len(runes))
	var b strings.Builder
	for i, r := range runes[:start] {
		if r == '\t' {
			b.WriteRune('\t')
		} else {
			b.WriteString(strings.Repeat(" ", widths[i]))
		}
	}
	end := l.EndCol - 1
	if l.EndLine != l.StartLine || end > len(runes) {
		end = len(runes)
	}
	n := 0
	for i := start; i < end; i++ {
		n += widths[i]
	}
	b.WriteString(strings.Repeat("^", max(n, 1)))
	return b.String()
}

// Summary is the closing line: counts by severity, hosts, suppressed
// and baselined findings, and errors.
func Summary(r *report.Report) string {
	counts := map[rule.Severity]int{}
	shown, suppressed, baselined := 0, 0, 0
	for _, f := range r.Findings {
		switch {
		case f.Suppressed != nil:
			suppressed++
		case f.Baselined:
			baselined++
		default:
			shown++
			counts[f.Severity]++
		}
	}
	detail := severityCounts(counts)
	if detail != "" {
		detail = " (" + detail + ")"
	}
	s := fmt.Sprintf("%d %s%s on %d %s", shown, plural(shown, "finding", "findings"), detail,
		len(r.Hosts), plural(len(r.Hosts), "host", "hosts"))
	if suppressed > 0 {
		s += fmt.Sprintf(", %d suppressed", suppressed)
	}
	if baselined > 0 {
		s += fmt.Sprintf(", %d in the baseline", baselined)
	}
	if r.BaselineGone > 0 {
		s += fmt.Sprintf(", %d baseline %s fixed", r.BaselineGone, plural(r.BaselineGone, "entry", "entries"))
	}
	if n := len(r.Errors); n > 0 {
		s += fmt.Sprintf(", %d evaluation %s", n, plural(n, "error", "errors"))
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// StatsText writes where a check's time went (check --stats), with the
// time it took to write the report.
func StatsText(w io.Writer, s *report.Stats, write time.Duration) {
	fmt.Fprintf(w, "time, %d %s:\n", s.Hosts, plural(s.Hosts, "host", "hosts"))
	for _, row := range []struct {
		name string
		d    report.Millis
		note string
	}{
		{"load", s.Load, "the rules read and selected"},
		{"resolve", s.Resolve, "nix --version, flake metadata (or their cached answer)"},
		{"compile", s.Compile, "the rule bundle, beside nix"},
		{"evaluate", s.Evaluate, "nix, first host to last (wall)"},
		{"rules", s.Rules, "Rego, summed over hosts"},
		{"place", s.Place, "findings placed in the source, summed over hosts"},
		{"report", s.Report, "suppressions, baseline, sorting"},
		{"write", report.Millis(write), "the report"},
		{"total", s.Total + report.Millis(write), "wall"},
		{"cpu", s.CPU, "nixsec's own since it started, user and system (not nix's), before the write"},
	} {
		fmt.Fprintf(w, "  %-9s %12s  %s\n", row.name, row.d, row.note)
	}
	resolved := "nix"
	if s.ResolveCached {
		resolved = "cache"
	}
	fmt.Fprintf(w, "  cached: resolve from %s, findings of %d of %d %s\n", resolved, s.FindingsCached, s.Hosts, plural(s.Hosts, "host", "hosts"))
}
