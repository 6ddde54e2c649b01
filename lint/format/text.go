// Package format writes a lint.Report: text for people, json for tools.
package format

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/nixsec/nixsec/lint"
	"github.com/nixsec/nixsec/rego"
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

func severityColour(s rego.Severity) string {
	switch s {
	case rego.Critical, rego.High:
		return red
	case rego.Medium:
		return yellow
	case rego.Low:
		return blue
	}
	return grey
}

// Text writes one finding per line, `file:line:col: SEVERITY RULE host:
// message`, followed, as compilers do, by the source line with a caret
// under the region and the fix when there is one; then the evaluation
// errors and a summary line. Suppressed findings are left out (the JSON
// report keeps them).
func Text(w io.Writer, r *lint.Report, colour bool) error {
	c := func(code, s string) string {
		if !colour {
			return s
		}
		return code + s + reset
	}
	for _, f := range r.Findings {
		if f.Suppressed != nil {
			continue
		}
		l := f.Location
		sev := strings.ToUpper(f.Severity.String())
		who := f.RuleID
		if f.Host != "" {
			who += " " + f.Host
		}
		fmt.Fprintf(w, "%s: %s %s: %s\n",
			c(bold, fmt.Sprintf("%s:%d:%d", l.File, l.StartLine, l.StartCol)),
			c(severityColour(f.Severity), sev), who, f.Message)
		if l.Snippet != "" {
			num := fmt.Sprint(l.StartLine)
			pad := strings.Repeat(" ", len(num))
			fmt.Fprintf(w, " %s | %s\n", c(grey, num), l.Snippet)
			fmt.Fprintf(w, " %s | %s\n", pad, c(severityColour(f.Severity), caret(l)))
		}
		if l.Note != "" {
			fmt.Fprintf(w, "    note: %s\n", l.Note)
		}
		if f.Fix != nil {
			fmt.Fprintf(w, "    fix: %s = %s;\n", f.Fix.Path, NixValue(f.Fix.Value))
		}
	}
	for _, e := range r.Errors {
		where := e.Host
		if e.Path != "" {
			where += " " + e.Path
		}
		msg := strings.ReplaceAll(e.Message, "\n", "\n    ")
		if len(e.Rules) > 0 {
			msg = fmt.Sprintf("%s cannot decide: %s", strings.Join(e.Rules, ", "), msg)
		}
		fmt.Fprintf(w, "%s %s: %s\n", c(red+bold, "error:"), where, msg)
	}
	_, err := fmt.Fprintln(w, Summary(r))
	return err
}

// caret underlines the region on the snippet line: the same whitespace
// before it (tabs stay tabs, so it lines up), then ^ for each character.
func caret(l lint.Location) string {
	runes := []rune(l.Snippet)
	start := min(max(l.StartCol-1, 0), len(runes))
	var b strings.Builder
	for _, r := range runes[:start] {
		if r == '\t' {
			b.WriteRune('\t')
		} else {
			b.WriteByte(' ')
		}
	}
	end := l.EndCol - 1
	if l.EndLine != l.StartLine || end > len(runes) {
		end = len(runes)
	}
	b.WriteString(strings.Repeat("^", max(end-start, 1)))
	return b.String()
}

// Summary is the closing line: counts by severity, hosts and errors.
func Summary(r *lint.Report) string {
	counts := map[rego.Severity]int{}
	shown, suppressed := 0, 0
	for _, f := range r.Findings {
		if f.Suppressed != nil {
			suppressed++
			continue
		}
		shown++
		counts[f.Severity]++
	}
	var parts []string
	for s := rego.Critical; s >= rego.Info; s-- {
		if counts[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", counts[s], s))
		}
	}
	detail := ""
	if len(parts) > 0 {
		detail = " (" + strings.Join(parts, ", ") + ")"
	}
	s := fmt.Sprintf("%d %s%s on %d %s", shown, plural(shown, "finding", "findings"), detail,
		len(r.Hosts), plural(len(r.Hosts), "host", "hosts"))
	if suppressed > 0 {
		s += fmt.Sprintf(", %d suppressed", suppressed)
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

// NixValue renders a JSON value as Nix source, for fix suggestions.
func NixValue(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return fmt.Sprint(x)
	case string:
		b, _ := json.Marshal(x)
		return strings.ReplaceAll(string(b), "${", `\${`)
	case json.Number:
		return x.String()
	case float64:
		return fmt.Sprint(x)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = NixValue(e)
		}
		return "[ " + strings.Join(parts, " ") + " ]"
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var b strings.Builder
		b.WriteString("{ ")
		for _, k := range keys {
			fmt.Fprintf(&b, "%s = %s; ", nixKey(k), NixValue(x[k]))
		}
		b.WriteString("}")
		return b.String()
	}
	return fmt.Sprint(v)
}

func nixKey(k string) string {
	b, _ := json.Marshal(k)
	for i, r := range k {
		ok := r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && (r >= '0' && r <= '9' || r == '-' || r == '\'')
		if !ok {
			return string(b)
		}
	}
	if k == "" {
		return string(b)
	}
	return k
}
