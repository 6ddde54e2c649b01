package lint

import (
	"regexp"
	"sort"
	"strings"

	"github.com/nixsec/nixsec/report"
	"github.com/nixsec/nixsec/rule"
	"github.com/sourcegraph/conc/pool"
)

// suppression is one `# nixsec:ignore RULE[,RULE] -- reason` comment.
type suppression struct {
	file          string
	line, endLine int // the comment's lines
	col           int
	rules         []string
	reason        string
	used          bool
	hosts         []string // of the findings it silenced
}

var ignoreRe = regexp.MustCompile(`nixsec:ignore\b\s*([A-Za-z0-9_,\s-]*?)\s*(?:--\s*(.*?))?\s*(?:\*/)?\s*$`)

// suppressions returns the ignore comments of a file, from the parser's
// comments, or line by line when the file does not parse.
func (s *sources) suppressions(name string) []*suppression {
	if s.markers.lacks(name) {
		return nil
	}
	src := s.text(name)
	marked := src.read && strings.Contains(src.text, "nixsec:ignore")
	if src.read {
		s.markers.learn(name, marked)
	}
	if !marked {
		return nil
	}
	src = s.get(name)
	var out []*suppression
	add := func(text string, line, endLine, col int) {
		m := ignoreRe.FindStringSubmatch(text)
		if m == nil {
			return
		}
		sup := &suppression{file: name, line: line, endLine: endLine, col: col, reason: strings.TrimSpace(m[2])}
		for _, r := range strings.FieldsFunc(m[1], func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
			sup.rules = append(sup.rules, strings.ToUpper(r))
		}
		out = append(out, sup)
	}
	if src.file != nil {
		for _, c := range src.file.Comments {
			add(c.Text, c.Range.Start.Line, c.Range.End.Line, c.Range.Start.Col)
		}
		return out
	}
	for i, l := range src.lineList() {
		if c := strings.Index(l, "#"); c >= 0 && strings.Contains(l[c:], "nixsec:ignore") {
			add(l[c:], i+1, i+1, len([]rune(l[:c]))+1)
		}
	}
	return out
}

// suppressionsOf reads the suppressions of every file the findings point
// at, a few files at a time: a re-check of a large fleet from the cache
// reads a file per host only for these.
func (s *sources) suppressionsOf(findings []report.Finding) map[string][]*suppression {
	byFile := map[string][]*suppression{}
	var files []string
	for i := range findings {
		if name := findings[i].Location.File; name != "" {
			if _, seen := byFile[name]; !seen {
				byFile[name] = nil
				files = append(files, name)
			}
		}
	}
	sups := make([][]*suppression, len(files))
	p := pool.New().WithMaxGoroutines(suppressionReaders)
	for i, name := range files {
		p.Go(func() { sups[i] = s.suppressions(name) })
	}
	p.Wait()
	s.markers.store()
	for i, name := range files {
		byFile[name] = sups[i]
	}
	return byFile
}

// suppressionReaders is how many files suppressionsOf reads at once.
const suppressionReaders = 4

// applySuppressions marks findings silenced by a comment on their line or
// the line above, reports the comments that are wrong, and lists every
// comment it saw for the report's gate. Only the files findings point to
// are read: a comment silences a finding by file and line, so no other
// file matters, and nothing walks a directory (a --from-json document
// may name any root, "/" included). Unused comments are reported only
// when every host was linted: a comment may be meant for a host this run
// skipped.
func applySuppressions(s *sources, findings []report.Finding, known map[string]*rule.Meta, allHosts bool) ([]report.Finding, []report.SuppressionEntry) {
	byFile := s.suppressionsOf(findings)
	for i := range findings {
		f := &findings[i]
		sups := byFile[f.Location.File]
		for _, sup := range sups {
			if f.Location.StartLine != sup.line && f.Location.StartLine != sup.endLine+1 {
				continue
			}
			if !contains(sup.rules, f.RuleID) {
				continue
			}
			sup.used = true
			if sup.reason != "" {
				f.Suppressed = &report.Suppressed{Kind: "inSource", Reason: sup.reason}
				sup.hosts = append(sup.hosts, f.Host)
			}
		}
	}
	var problems []report.Finding
	var entries []report.SuppressionEntry
	for file, sups := range byFile {
		for _, sup := range sups {
			entries = append(entries, sup.entry())
			var msg string
			var unknown []string
			for _, r := range sup.rules {
				if known[r] == nil {
					unknown = append(unknown, r)
				}
			}
			switch {
			case len(sup.rules) == 0:
				msg = "nixsec:ignore names no rule (write: # nixsec:ignore RULE -- reason)"
			case len(unknown) > 0:
				msg = "nixsec:ignore names unknown rule " + strings.Join(unknown, ", ")
			case sup.reason == "":
				msg = "nixsec:ignore " + strings.Join(sup.rules, ",") + " has no reason (add: -- why this is acceptable); the finding is not suppressed"
			case !sup.used && allHosts:
				msg = "nixsec:ignore " + strings.Join(sup.rules, ",") + " suppresses nothing on the next line or this one"
			default:
				continue
			}
			loc := s.region(file, s.get(file), rangeAt(sup.line, sup.col), "file", "")
			problems = append(problems, report.Finding{
				RuleID: rule.IgnoreID, Severity: rule.Low, Title: "Suppression comment is wrong",
				Path: "nixsec:ignore", Message: msg, Location: loc,
				Fingerprint: report.Fingerprint(rule.IgnoreID, file, msg),
			})
		}
	}
	sort.Slice(entries, func(i, j int) bool {
		a, b := entries[i], entries[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return strings.Join(a.Rules, ",") < strings.Join(b.Rules, ",")
	})
	return append(findings, problems...), entries
}

// entry is the comment as the report's gate lists it.
func (sup *suppression) entry() report.SuppressionEntry {
	e := report.SuppressionEntry{Rules: append([]string{}, sup.rules...), File: sup.file, Line: sup.line, Reason: sup.reason}
	if len(sup.hosts) > 0 {
		e.Hosts = append([]string{}, sup.hosts...)
		sort.Strings(e.Hosts)
		e.Hosts = dedupeStrings(e.Hosts)
	}
	return e
}
