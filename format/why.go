package format

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/nixsec/nixsec/format/escape"
	"github.com/nixsec/nixsec/report"
)

// WhyJSONVersion is the version of `nixsec why --format json`'s output.
const WhyJSONVersion = 1

// WhyJSON writes an explanation as JSON (docs/why.md).
func WhyJSON(w io.Writer, e *report.Explanation) error {
	return encodeJSON(w, struct {
		Version int `json:"version"`
		*report.Explanation
	}{WhyJSONVersion, e})
}

// maxWhyValue bounds a value printed in the text output.
const maxWhyValue = 120

// WhyText writes an explanation for a person: the value, then every
// definition with its place, value, priority and what became of it.
func WhyText(w io.Writer, e *report.Explanation) error {
	var b strings.Builder
	name := escape.Line(e.Option)
	fmt.Fprintf(&b, "%s on host %s", name, escape.Line(e.Host))
	switch {
	case !e.Declared:
		b.WriteString(": no such option\n")
	case e.ValueError:
		b.WriteString(": reading the value failed (a throw)\n")
	case !e.Present:
		b.WriteString(": no value (not set, no default)\n")
	default:
		fmt.Fprintf(&b, " = %s\n", whyValue(e.Value))
	}
	if e.AliasOf != "" {
		fmt.Fprintf(&b, "  an older name of %s, whose value it has\n", escape.Line(e.AliasOf))
	}
	if e.DeclaredAs != "" && e.DeclaredAs != e.Option && e.DeclaredAs != e.AliasOf {
		fmt.Fprintf(&b, "  inside option %s", escape.Line(e.DeclaredAs))
		if e.Type != "" {
			fmt.Fprintf(&b, " (%s)", escape.Line(e.Type))
		}
		b.WriteString("\n")
	} else if e.Type != "" {
		fmt.Fprintf(&b, "  type: %s\n", escape.Line(e.Type))
	}
	switch e.Merge {
	case "single":
		b.WriteString("  decided by one definition\n")
	case "merged":
		b.WriteString("  merged from several definitions of the same priority\n")
	case "default":
		b.WriteString("  from the option's default")
		if e.Default != nil {
			fmt.Fprintf(&b, ", declared in %s", whyPlace(e.Default.Location))
		}
		b.WriteString("\n")
	}
	if len(e.Definitions) > 0 {
		b.WriteString("\n")
		rows := make([][4]string, len(e.Definitions))
		var width [3]int
		for i, d := range e.Definitions {
			value := ""
			if d.Evaluated {
				value = whyValue(d.Value)
			} else if d.Source != "" {
				value = "written: " + escape.Line(strings.Join(strings.Fields(d.Source), " "))
			}
			how := fmt.Sprintf("priority %d", d.Priority)
			if d.Wrapper != "" {
				how = escape.Line(d.Wrapper) + ", " + how
			}
			if d.Order != 0 {
				how += fmt.Sprintf(", order %d", d.Order)
			}
			rows[i] = [4]string{d.Status, whyPlace(d.Location), how, value}
			for c := range width {
				width[c] = max(width[c], utf8.RuneCountInString(rows[i][c]))
			}
		}
		for i, d := range e.Definitions {
			r := rows[i]
			line := fmt.Sprintf("  %-*s  %-*s  %-*s  %s", width[0], r[0], width[1]+len(r[1])-utf8.RuneCountInString(r[1]), r[1], width[2], r[2], r[3])
			b.WriteString(strings.TrimRight(line, " ") + "\n")
			indent := strings.Repeat(" ", width[0]+4)
			if d.Name != "" && d.Name != e.Option && d.Name != e.AliasOf {
				fmt.Fprintf(&b, "%sas %s\n", indent, escape.Line(d.Name))
			}
			if d.Note != "" {
				fmt.Fprintf(&b, "%s%s\n", indent, escape.Line(d.Note))
			}
		}
	}
	for _, n := range e.Notes {
		fmt.Fprintf(&b, "\nnote: %s\n", escape.Line(n))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// whyPlace is file:line:col, or the file alone when the line is unknown.
func whyPlace(l report.Location) string {
	if l.StartLine == 0 {
		return escape.Line(l.File)
	}
	return fmt.Sprintf("%s:%d:%d", escape.Line(l.File), l.StartLine, l.StartCol)
}

// whyValue prints a value compactly as JSON, cut at maxWhyValue runes.
func whyValue(v any) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "?"
	}
	// JSON already shows controls as escapes (escape.JSON the ones
	// encoding/json keeps); Line would double its backslashes.
	s := escape.Lines(string(escape.JSON(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))))
	if r := []rune(s); len(r) > maxWhyValue {
		s = string(r[:maxWhyValue]) + "…"
	}
	return s
}
