package format

import (
	"fmt"
	"io"
	"strings"

	"github.com/nixsec/nixsec/format/escape"
	"github.com/nixsec/nixsec/report"
)

// FixText writes what `nixsec fix` did, or would do (docs/why.md): the
// edits, the fixes it would not write and why, those that need a person,
// and, once written, the findings gone, left and new.
func FixText(w io.Writer, r *report.FixResult, dryRun bool) error {
	var b strings.Builder
	verb := "edited"
	switch {
	case dryRun:
		verb = "would edit"
	case r.RolledBack != "":
		verb = "tried to edit"
	}
	fmt.Fprintf(&b, "%s %d %s for %d %s\n", verb, len(r.Files), plural(len(r.Files), "file", "files"), len(r.Applied), plural(len(r.Applied), "finding", "findings"))
	for _, it := range r.Applied {
		e := it.Edit
		fmt.Fprintf(&b, "  %s:%d:%d: %s %s: %s\n", escape.Line(e.File), e.StartLine, e.StartCol, escape.Line(it.Finding.RuleID),
			escape.Line(it.Finding.Host), escape.Line(e.Description))
	}
	if len(r.Refused) > 0 {
		b.WriteString("\nnot fixed automatically:\n")
		for _, it := range r.Refused {
			writeFixItem(&b, it.Finding)
			fmt.Fprintf(&b, "    %s\n", escape.Line(it.Reason))
		}
	}
	if len(r.Manual) > 0 {
		b.WriteString("\nneeds a decision:\n")
		for _, it := range r.Manual {
			writeFixItem(&b, it.Finding)
		}
		// Each rule's remediation, once.
		shown := map[string]bool{}
		for _, it := range r.Manual {
			id := it.Finding.RuleID
			if shown[id] || r.Before == nil {
				continue
			}
			shown[id] = true
			for _, m := range r.Before.Rules {
				if m.ID == id && m.Remediation != "" {
					fmt.Fprintf(&b, "\n  remediation (%s):\n%s", escape.Line(id), indent(escape.Block(strings.TrimRight(m.Remediation, "\n")), "    "))
					if !strings.HasSuffix(b.String(), "\n") {
						b.WriteString("\n")
					}
				}
			}
		}
	}
	if r.RolledBack != "" {
		fmt.Fprintf(&b, "\nrolled back, the checkout is as it was: %s\n", escape.Block(r.RolledBack))
	}
	if r.After != nil {
		fmt.Fprintf(&b, "\nafter the edits: %d gone, %d remain, %d new\n", len(r.Gone), len(r.Remain), len(r.New))
		for _, f := range r.New {
			b.WriteString("  new: ")
			writeFixItem(&b, f)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeFixItem(b *strings.Builder, f report.Finding) {
	l := f.Location
	fmt.Fprintf(b, "  %s:%d:%d: %s %s: %s\n", escape.Line(l.File), l.StartLine, l.StartCol, escape.Line(f.RuleID), escape.Line(f.Host), escape.Line(f.Message))
}

// diffContext is the unchanged lines shown around a change.
const diffContext = 3

// Diff writes the changes as a unified diff (git apply reads it): one
// hunk per file, from the first changed line to the last, with context.
func Diff(w io.Writer, files []report.FileChange) error {
	var b strings.Builder
	for _, c := range files {
		old, nu := splitLines(c.Before), splitLines(c.After)
		pre := 0
		for pre < len(old) && pre < len(nu) && old[pre] == nu[pre] {
			pre++
		}
		suf := 0
		for suf < len(old)-pre && suf < len(nu)-pre && old[len(old)-1-suf] == nu[len(nu)-1-suf] {
			suf++
		}
		if pre == len(old) && pre == len(nu) {
			continue
		}
		start := max(pre-diffContext, 0)
		oldEnd, newEnd := min(len(old)-suf+diffContext, len(old)), min(len(nu)-suf+diffContext, len(nu))
		name := escape.Line(c.File)
		fmt.Fprintf(&b, "--- a/%s\n+++ b/%s\n@@ -%s +%s @@\n", name, name, hunkRange(start, oldEnd-start), hunkRange(start, newEnd-start))
		for _, l := range old[start:pre] {
			b.WriteString(" " + escape.Code(l) + "\n")
		}
		for _, op := range lineOps(old[pre:len(old)-suf], nu[pre:len(nu)-suf]) {
			b.WriteString(op[:1] + escape.Code(op[1:]) + "\n")
		}
		for _, l := range old[len(old)-suf : oldEnd] {
			b.WriteString(" " + escape.Code(l) + "\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// maxLCS bounds the table of lineOps; past it, the changed lines are
// shown as removed and added whole.
const maxLCS = 1 << 22

// lineOps is a line diff of a and b: each line prefixed with ' ', '-' or
// '+' (longest common subsequence).
func lineOps(a, b []string) []string {
	var out []string
	if len(a)*len(b) > maxLCS {
		for _, l := range a {
			out = append(out, "-"+l)
		}
		for _, l := range b {
			out = append(out, "+"+l)
		}
		return out
	}
	lcs := make([][]int, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			out = append(out, " "+a[i])
			i, j = i+1, j+1
		case i < len(a) && (j == len(b) || lcs[i+1][j] >= lcs[i][j+1]):
			out = append(out, "-"+a[i])
			i++
		default:
			out = append(out, "+"+b[j])
			j++
		}
	}
	return out
}

func hunkRange(start, n int) string {
	if n == 0 {
		return fmt.Sprintf("%d,0", start)
	}
	return fmt.Sprintf("%d,%d", start+1, n)
}

func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}
