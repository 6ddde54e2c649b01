package format

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/nixsec/nixsec/rego"
)

type jsonRule struct {
	*rego.RuleMeta
	Severity string `json:"severity"`
}

// RulesJSON lists the rules as a JSON array.
func RulesJSON(w io.Writer, rules []*rego.RuleMeta) error {
	out := make([]jsonRule, 0, len(rules))
	for _, r := range rules {
		out = append(out, jsonRule{RuleMeta: r, Severity: r.Severity.String()})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// RulesText lists the rules as a table: id, severity, profiles, title.
func RulesText(w io.Writer, rules []*rego.RuleMeta) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSEVERITY\tPROFILES\tTITLE")
	for _, r := range rules {
		profiles := "all"
		if len(r.Profiles) > 0 {
			profiles = strings.Join(r.Profiles, ",")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.ID, r.Severity, profiles, r.Title)
	}
	return tw.Flush()
}

// Explain prints a rule's documentation.
func Explain(w io.Writer, r *rego.RuleMeta) error {
	fmt.Fprintf(w, "%s: %s\n\nSeverity: %s\n", r.ID, r.Title, r.Severity)
	if len(r.Profiles) > 0 {
		fmt.Fprintf(w, "Profiles: %s\n", strings.Join(r.Profiles, ", "))
	}
	fmt.Fprintf(w, "\n%s\n", r.Description)
	if r.Remediation != "" {
		fmt.Fprintf(w, "\nRemediation:\n\n")
		for _, l := range strings.Split(r.Remediation, "\n") {
			fmt.Fprintf(w, "    %s\n", l)
		}
	}
	fmt.Fprintf(w, "\nOptions read:\n")
	for _, o := range r.Options {
		fmt.Fprintf(w, "  - %s", o.Path)
		if len(o.Aliases) > 0 {
			fmt.Fprintf(w, " (also: %s)", strings.Join(o.Aliases, ", "))
		}
		fmt.Fprintln(w)
	}
	if len(r.References) > 0 {
		fmt.Fprintf(w, "\nReferences:\n")
		for _, ref := range r.References {
			fmt.Fprintf(w, "  - %s\n", ref)
		}
	}
	_, err := fmt.Fprintf(w, "\nDefined in %s:%d\n", r.File, r.Line)
	return err
}
