package format

import (
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/nixsec/nixsec/format/escape"
	"github.com/nixsec/nixsec/report"
	"github.com/nixsec/nixsec/rule"
)

// GitHub writes GitHub Actions workflow commands: one annotation per
// finding that counts (not suppressed, not in the baseline), one
// `::error` per evaluation error, one `::notice title=nixsec gate::` when
// the run's configuration changed the gate (its lines as the text report
// shows them, in one annotation: GitHub shows only the first ten notices
// of a step, and a pull request must not be able to push the gate's
// changes out of sight with nixsec:ignore comments), then the summary
// line as plain text.
//
//	::error file=hosts/web.nix,line=4,col=5,endLine=4,endColumn=26,title=SSH001 web::PasswordAuthentication is true
//
// Files are relative to the repository holding the flake, as GitHub reads
// them (the flake's directory when it is not in a git repository).
// GitHub's columns are inclusive, ours end-exclusive; columns are given
// only for a region on one line, which is all GitHub accepts.
//
// Property values are escaped with escape.Line and messages with
// escape.Block before the workflow-command escaping (% \r \n, and : , in
// properties), so that an annotation is one line, shows no control
// character, and carries no other command.
func GitHub(w io.Writer, r *report.Report) error {
	book := newRuleBook(r)
	_, prefix := repoRoot(r)
	for _, f := range r.Findings {
		if !f.Counts() {
			continue
		}
		l := f.Location
		props := [][2]string{{"file", path.Join(prefix, l.File)}}
		if l.StartLine >= 1 {
			props = append(props, [2]string{"line", fmt.Sprint(l.StartLine)})
			if l.EndLine == l.StartLine && l.StartCol >= 1 {
				props = append(props,
					[2]string{"col", fmt.Sprint(l.StartCol)},
					[2]string{"endLine", fmt.Sprint(l.EndLine)},
					[2]string{"endColumn", fmt.Sprint(max(l.EndCol-1, l.StartCol))})
			} else if l.EndLine > l.StartLine {
				props = append(props, [2]string{"endLine", fmt.Sprint(l.EndLine)})
			}
		}
		title := f.RuleID
		if f.Host != "" {
			title += " " + f.Host
		}
		props = append(props, [2]string{"title", title})
		msg := f.Message
		if f.Fix != nil {
			msg += fmt.Sprintf("\nfix: %s = %s;", f.Fix.Path, rule.NixValue(f.Fix.Value))
		}
		m := book.get(f.RuleID)
		if u := docsURL(m); u != "" {
			msg += fmt.Sprintf("\n%s: %s", m.Title, u)
		}
		if _, err := fmt.Fprintln(w, workflowCommand(githubLevel(f.Severity), props, msg)); err != nil {
			return err
		}
	}
	for _, e := range r.Errors {
		if _, err := fmt.Fprintln(w, workflowCommand("error", [][2]string{{"title", "nixsec evaluation"}}, errorText(e, false))); err != nil {
			return err
		}
	}
	if gateChanged(r.Gate) {
		// gateLines are escaped already; escaping again changes nothing.
		if _, err := fmt.Fprintln(w, workflowCommand("notice", [][2]string{{"title", "nixsec gate"}}, "gate: "+strings.Join(gateLines(r.Gate), "\n"))); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintln(w, escape.Lines(Summary(r)))
	return err
}

func githubLevel(s rule.Severity) string {
	switch s {
	case rule.Critical, rule.High:
		return "error"
	case rule.Medium, rule.Low:
		return "warning"
	}
	return "notice"
}

// workflowCommand is `::name k=v,k=v::data`, escaped as the Actions
// runner unescapes it (actions/toolkit, command.ts) after the untrusted
// text in it is escaped for display (escape.Line, escape.Block).
func workflowCommand(name string, props [][2]string, data string) string {
	var b strings.Builder
	b.WriteString("::")
	b.WriteString(name)
	for i, p := range props {
		if i == 0 {
			b.WriteByte(' ')
		} else {
			b.WriteByte(',')
		}
		b.WriteString(p[0])
		b.WriteByte('=')
		b.WriteString(escapeProperty(escape.Line(p[1])))
	}
	b.WriteString("::")
	b.WriteString(escapeData(escape.Block(data)))
	return b.String()
}

var (
	dataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	propertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

func escapeData(s string) string     { return dataEscaper.Replace(s) }
func escapeProperty(s string) string { return propertyEscaper.Replace(s) }
