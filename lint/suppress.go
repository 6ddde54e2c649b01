package lint

import (
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/nixsec/nixsec/rego"
)

// IgnoreRuleID is the pseudo-rule of suppression comments that are wrong:
// without a reason, naming no known rule, or suppressing nothing.
const IgnoreRuleID = "NIXSEC-IGNORE"

// Suppressed records why a finding is silenced.
type Suppressed struct {
	Kind   string `json:"kind"` // "inSource"
	Reason string `json:"reason"`
}

// suppression is one `# nixsec:ignore RULE[,RULE] -- reason` comment.
type suppression struct {
	file          string
	line, endLine int // the comment's lines
	col           int
	rules         []string
	reason        string
	used          bool
}

var ignoreRe = regexp.MustCompile(`nixsec:ignore\b\s*([A-Za-z0-9_,\s-]*?)\s*(?:--\s*(.*?))?\s*(?:\*/)?\s*$`)

// suppressions returns the ignore comments of a file, from the parser's
// comments, or line by line when the file does not parse.
func (s *sources) suppressions(name string) []*suppression {
	if src := s.text(name); !src.read || !strings.Contains(src.text, "nixsec:ignore") {
		return nil
	}
	src := s.get(name)
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
	for i, l := range src.lines {
		if c := strings.Index(l, "#"); c >= 0 && strings.Contains(l[c:], "nixsec:ignore") {
			add(l[c:], i+1, i+1, len([]rune(l[:c]))+1)
		}
	}
	return out
}

// nixFiles lists the .nix files of the flake's checkout, skipping hidden
// directories and build results.
func nixFiles(root fs.FS) []string {
	var out []string
	_ = fs.WalkDir(root, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil //nolint:nilerr // an unreadable directory has no suppressions to check
		}
		if d.IsDir() && p != "." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "result" || d.Name() == "node_modules") {
			return fs.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(p, ".nix") {
			out = append(out, path.Clean(p))
		}
		return nil
	})
	sort.Strings(out)
	return out
}

// applySuppressions marks findings silenced by a comment on their line or
// the line above, and reports the comments that are wrong. Unused
// comments are reported only when every host was linted: a comment may
// be meant for a host this run skipped.
func applySuppressions(s *sources, findings []Finding, known map[string]*rego.RuleMeta, allHosts bool) []Finding {
	byFile := map[string][]*suppression{}
	get := func(f string) []*suppression {
		if _, ok := byFile[f]; !ok {
			byFile[f] = s.suppressions(f)
		}
		return byFile[f]
	}
	for i := range findings {
		f := &findings[i]
		for _, sup := range get(f.Location.File) {
			if f.Location.StartLine != sup.line && f.Location.StartLine != sup.endLine+1 {
				continue
			}
			if !contains(sup.rules, f.RuleID) {
				continue
			}
			sup.used = true
			if sup.reason != "" {
				f.Suppressed = &Suppressed{Kind: "inSource", Reason: sup.reason}
			}
		}
	}
	if s.root != nil {
		for _, file := range nixFiles(s.root) {
			get(file)
		}
	}
	var problems []Finding
	for file, sups := range byFile {
		for _, sup := range sups {
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
			problems = append(problems, Finding{
				RuleID: IgnoreRuleID, Severity: rego.Low, Title: "Suppression comment is wrong",
				Path: "nixsec:ignore", Message: msg, Location: loc,
				Fingerprint: Fingerprint(IgnoreRuleID, file, msg),
			})
		}
	}
	return append(findings, problems...)
}
