package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"text/template"

	"github.com/open-policy-agent/opa/v1/format"

	"github.com/nixsec/nixsec/optpath"
	"github.com/nixsec/nixsec/report"
	"github.com/nixsec/nixsec/rule"
)

const policyNewUsage = `Usage:
  nixsec policy new ID --option PATH [--option PATH ...] [flags]

Writes DIR/<id>.rego, a rule that reports the first option when it is true,
and DIR/<id>_test.rego, its tests; both pass 'nixsec policy check' and
'nixsec policy test' as written. Edit the title, description, condition
and tests from there (docs/writing-policies.md). Existing files are never
overwritten.
`

// newRule is what the templates of 'nixsec policy new' are filled with.
type newRule struct {
	ID, Package, Severity, Title string
	Options                      []string
	First                        string
	Comps                        string // the first option's components, as a Rego array
	Violating, Passing           string // a config where the first option is true / false
	Short                        string // the package's last component, as the test imports it
}

var (
	ruleIDPattern   = regexp.MustCompile(`^[A-Z][A-Z0-9]*-?[0-9]{3,}$`)
	packagePattern  = regexp.MustCompile(`^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)*$`)
	errFileExists   = errors.New("exists")
	newRuleTemplate = template.Must(template.New("rule").Funcs(template.FuncMap{"yaml": yamlString, "yamlPlain": yamlPlain}).Parse(`# METADATA
# title: {{yaml .Title}}
# description: |
#   TODO: why this matters, in one paragraph; what the rule checks.
# custom:
#   id: {{.ID}}
#   severity: {{.Severity}}
#   options:
{{- range .Options}}
#     - {{yamlPlain .}}
{{- end}}
#   remediation: |
#     {{.First}} = false;
package {{.Package}}

import data.nixsec.lib

_comps := {{.Comps}}

# TODO: the condition. lib.cfg(comps, default) reads an option,
# lib.is_true(comps) tests it, lib.default_note(path) says when the value is
# NixOS's default; every option read must be listed under custom.options.
deny contains v if {
	lib.is_true(_comps)
	p := lib.path(_comps)
	v := {
		"path": p,
		"msg": sprintf("%s is true%s", [p, lib.default_note(p)]),
		"fix": {"path": p, "value": false},
	}
}
`))
	newTestTemplate = template.Must(template.New("test").Parse(`package {{.Package}}_test

import data.{{.Package}}

test_option_true_fires if {
	count({{.Short}}.deny) == 1 with input as {"host": "web", "config": {{.Violating}}, "defined": {}}
}

test_option_false_passes if {
	count({{.Short}}.deny) == 0 with input as {"host": "web", "config": {{.Passing}}, "defined": {}}
}
`))
)

// runPolicyNew is 'nixsec policy new'.
func runPolicyNew(args []string, stdout, stderr io.Writer) (int, error) {
	fs := newFlagSet("policy new", "ID --option PATH...")
	fs.SetOutput(stderr)
	dir := fs.String("dir", ".", "directory to write the rule and its test into")
	pkg := fs.String("package", "", "the rule's Rego package (default: policies.<id in lower case>)")
	severity := fs.String("severity", "medium", "critical|high|medium|low|info")
	title := fs.String("title", "", "the rule's title (default: a TODO)")
	options := fs.StringArray("option", nil, "an option path the rule reads (repeatable; the first is the one the rule checks)")
	fs.Usage = func() { fmt.Fprint(stderr, policyNewUsage); fs.PrintDefaults() }
	if err := fs.Parse(args); err != nil {
		return report.ExitError, err
	}
	if fs.NArg() != 1 {
		return report.ExitError, fmt.Errorf("policy new takes one rule id (ORG001), got %d arguments", fs.NArg())
	}
	r := newRule{ID: fs.Arg(0), Package: *pkg, Severity: *severity, Title: *title, Options: *options}
	if err := r.complete(); err != nil {
		return report.ExitError, err
	}
	base := strings.ToLower(strings.ReplaceAll(r.ID, "-", "_"))
	files := []struct {
		name string
		tmpl *template.Template
	}{{base + ".rego", newRuleTemplate}, {base + "_test.rego", newTestTemplate}}
	for _, f := range files {
		if _, err := os.Lstat(filepath.Join(*dir, f.name)); err == nil {
			return report.ExitError, fmt.Errorf("%s: %w: nixsec policy new never overwrites a file", filepath.Join(*dir, f.name), errFileExists)
		}
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		return report.ExitError, err
	}
	for _, f := range files {
		var b strings.Builder
		if err := f.tmpl.Execute(&b, r); err != nil {
			return report.ExitError, err
		}
		path := filepath.Join(*dir, f.name)
		// opa fmt's layout, so the files start as CI's opa fmt wants them.
		src, err := format.Source(path, []byte(b.String()))
		if err != nil {
			return report.ExitError, fmt.Errorf("%s: %w", path, err)
		}
		// O_EXCL: a file that appeared since the check is not overwritten.
		out, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644) // #nosec G302 -- policy source, read by CI and editors

		if err != nil {
			return report.ExitError, err
		}
		if _, err := out.Write(src); err != nil {
			_ = out.Close()
			return report.ExitError, err
		}
		if err := out.Close(); err != nil {
			return report.ExitError, err
		}
		fmt.Fprintf(stdout, "wrote %s\n", path)
	}
	fmt.Fprintf(stdout, "next: edit the TODOs, then nixsec policy test %s\n", *dir)
	return report.ExitOK, nil
}

// complete checks the flags and fills in what the templates need.
func (r *newRule) complete() error {
	if !ruleIDPattern.MatchString(r.ID) {
		return fmt.Errorf("rule id %q: want capital letters then three or more digits, like ORG001", r.ID)
	}
	if r.Package == "" {
		r.Package = "policies." + strings.ToLower(strings.ReplaceAll(r.ID, "-", "_"))
	}
	if !packagePattern.MatchString(r.Package) || strings.HasPrefix(r.Package+".", "nixsec.") {
		return fmt.Errorf("package %q: want dotted lower-case names outside nixsec (policies.org001)", r.Package)
	}
	if _, err := rule.ParseSeverity(r.Severity); err != nil {
		return err
	}
	if r.Title == "" {
		r.Title = "TODO: what is wrong, in one line"
	}
	if strings.ContainsAny(r.Title, "\n\r") {
		return errors.New("--title must be one line")
	}
	if len(r.Options) == 0 {
		return errors.New("give the option the rule checks: --option services.foo.enable")
	}
	for i, o := range r.Options {
		comps, err := optpath.Parse(o)
		if err != nil {
			return fmt.Errorf("--option %q: %w", o, err)
		}
		if i == 0 {
			for _, c := range comps {
				if c == optpath.Star {
					return fmt.Errorf("--option %q: the first option is the one the rule checks and cannot have a *; list it after a concrete one", o)
				}
			}
			js, _ := json.Marshal(comps)
			r.First, r.Comps = optpath.Format(comps), string(js)
			r.Violating, r.Passing = nested(comps, true), nested(comps, false)
		}
		r.Options[i] = optpath.Format(comps)
	}
	r.Short = r.Package[strings.LastIndex(r.Package, ".")+1:]
	return nil
}

// yamlString quotes s for a METADATA value (JSON strings are YAML).
func yamlString(s string) string {
	js, _ := json.Marshal(s)
	return string(js)
}

// yamlPlain writes an option path as YAML reads it back: plain when it
// can be, quoted when YAML would read its first character or a ": " or
// " #" in it otherwise.
func yamlPlain(s string) string {
	if s == "" || strings.ContainsAny(s[:1], "\"'*&!{}[]|>%@`#-?:,") || strings.Contains(s, ": ") || strings.Contains(s, " #") {
		return yamlString(s)
	}
	return s
}

// nested is the JSON of a config holding v at comps.
func nested(comps []string, v any) string {
	x := v
	for i := len(comps) - 1; i >= 0; i-- {
		x = map[string]any{comps[i]: x}
	}
	js, _ := json.Marshal(x)
	return string(js)
}
