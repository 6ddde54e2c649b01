package format

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/nixsec/nixsec/format/escape"
	"github.com/nixsec/nixsec/rule"
)

// RulesJSON lists the rules as a JSON array.
func RulesJSON(w io.Writer, rules []*rule.Meta) error {
	if rules == nil {
		rules = []*rule.Meta{}
	}
	return encodeJSON(w, rules)
}

// RulesText lists the rules as a table: id, severity, profiles, title.
func RulesText(w io.Writer, rules []*rule.Meta) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSEVERITY\tPROFILES\tTITLE")
	for _, r := range rules {
		profiles := "all"
		if len(r.Profiles) > 0 {
			profiles = strings.Join(r.Profiles, ",")
		}
		// User policies' metadata is the repository's text: escaped.
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", escape.Line(r.ID), r.Severity, escape.Line(profiles), escape.Line(r.Title))
	}
	return tw.Flush()
}

// Explain prints a rule's documentation: the same Markdown as its page in
// docs/rules/, escaped as a user policy's text must be.
func Explain(w io.Writer, r *rule.Meta) error {
	_, err := io.WriteString(w, escape.Block(RuleMarkdown(r)))
	return err
}

// RuleMarkdown renders a rule's page from its METADATA.
func RuleMarkdown(r *rule.Meta) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s: %s\n\n", r.ID, r.Title)
	profiles := "every profile"
	if len(r.Profiles) > 0 {
		profiles = strings.Join(r.Profiles, ", ") + " (off unless `--profile` turns it on)"
	}
	if r.FrameworkOnly {
		profiles = "none: `--framework " + strings.Join(slices.Sorted(maps.Keys(r.Frameworks)), "` or `--framework ") + "` runs it"
	}
	fmt.Fprintf(&b, "- Severity: %s\n- Profiles: %s\n- Source: `%s`\n", r.Severity, profiles, sourcePath(r))
	if cs := ControlsOf(r); len(cs) > 0 {
		fmt.Fprintf(&b, "- Decides: %s\n", strings.Join(cs, "; "))
	}
	b.WriteString("- Options read:\n")
	for _, o := range r.Options {
		fmt.Fprintf(&b, "  - `%s`", o.Path)
		if len(o.Aliases) > 0 {
			fmt.Fprintf(&b, " (older names: `%s`)", strings.Join(o.Aliases, "`, `"))
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "\n## Why it matters\n\n%s\n", strings.TrimSpace(r.Description))
	if r.Remediation != "" {
		fmt.Fprintf(&b, "\n## Fix\n\n```nix\n%s\n```\n", strings.TrimRight(r.Remediation, "\n"))
	}
	if len(r.References) > 0 {
		b.WriteString("\n## References\n\n")
		for _, ref := range r.References {
			fmt.Fprintf(&b, "- <%s>\n", ref)
		}
	}
	return b.String()
}

// RulesIndex renders the table of every rule (docs/rules/README.md).
func RulesIndex(rules []*rule.Meta) string {
	var b strings.Builder
	b.WriteString("# nixsec rules\n\n")
	b.WriteString("Generated from the rules' METADATA by `go generate ./rules`; do not edit.\n")
	b.WriteString("`nixsec explain ID` prints the same page as ID.md.\n\n")
	b.WriteString("| ID | Severity | Profiles | Title |\n| --- | --- | --- | --- |\n")
	for _, r := range rules {
		profiles := "all"
		if len(r.Profiles) > 0 {
			profiles = strings.Join(r.Profiles, ", ")
		}
		if r.FrameworkOnly {
			profiles = "--framework"
		}
		fmt.Fprintf(&b, "| [%s](%s.md) | %s | %s | %s |\n", r.ID, r.ID, r.Severity, profiles, strings.ReplaceAll(r.Title, "|", "\\|"))
	}
	return b.String()
}

func sourcePath(r *rule.Meta) string {
	if rest, ok := strings.CutPrefix(r.File, "builtin:"); ok {
		return "rules/" + rest
	}
	return r.File
}
