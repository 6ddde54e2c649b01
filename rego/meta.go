package rego

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/nixsec/nixsec/lint/optpath"
)

// Severity of a rule, from info (lowest) to critical.
type Severity int

// Severities, in increasing order.
const (
	Info Severity = iota
	Low
	Medium
	High
	Critical
)

var severityNames = []string{"info", "low", "medium", "high", "critical"}

func (s Severity) String() string {
	if s < Info || s > Critical {
		return fmt.Sprintf("severity(%d)", int(s))
	}
	return severityNames[s]
}

// ParseSeverity reads a severity name.
func ParseSeverity(s string) (Severity, error) {
	for i, n := range severityNames {
		if strings.EqualFold(s, n) {
			return Severity(i), nil
		}
	}
	return Info, fmt.Errorf("unknown severity %q (want one of %s)", s, strings.Join(severityNames, ", "))
}

// OptionSpec is an option path pattern a rule reads, with its older names.
type OptionSpec struct {
	Path    string   `json:"path"`
	Aliases []string `json:"aliases,omitempty"`
}

// RuleMeta is a rule's identity and documentation, from its METADATA.
type RuleMeta struct {
	ID          string       `json:"id"`
	Title       string       `json:"title"`
	Description string       `json:"description"`
	Severity    Severity     `json:"-"`
	Options     []OptionSpec `json:"options"`
	Remediation string       `json:"remediation"`
	References  []string     `json:"references,omitempty"`
	Profiles    []string     `json:"profiles,omitempty"`
	Package     string       `json:"package"` // "ssh.ssh001"
	File        string       `json:"file"`
	Line        int          `json:"line"`
	Builtin     bool         `json:"builtin"`
}

// Profiles that gate rules.
var Profiles = []string{"server", "workstation", "paranoid"}

var idRe = regexp.MustCompile(`^[A-Z][A-Z0-9]*-?[0-9]{3,}$`)

// readMetadata reads the package-scoped METADATA of every rule package.
func readMetadata(mods []Module) ([]*RuleMeta, error) {
	var errs []string
	byPkg := map[string]*RuleMeta{}
	pkgSeen := map[string]string{} // package -> "file:line" of its first module
	for _, m := range mods {
		p := m.Module.Package.Path
		if !p.HasPrefix(rulesPrefix) {
			continue
		}
		loc := fmt.Sprintf("%s:%d", m.File, m.Module.Package.Location.Row)
		if len(p) != len(rulesPrefix)+2 {
			errs = append(errs, loc+": a rule package must be nixsec.rules.<family>.<rule>, not "+strings.TrimPrefix(p.String(), "data."))
			continue
		}
		pkg := pkgName(p)
		if pkgSeen[pkg] == "" {
			pkgSeen[pkg] = loc
		}
		for _, a := range m.Module.Annotations {
			if a.Scope != "package" {
				continue
			}
			if byPkg[pkg] != nil {
				errs = append(errs, fmt.Sprintf("%s:%d: a second package METADATA for nixsec.rules.%s", m.File, a.Location.Row, pkg))
				continue
			}
			meta, problems := fromAnnotation(a)
			meta.Package, meta.File, meta.Line, meta.Builtin = pkg, m.File, a.Location.Row, m.Builtin
			for _, pr := range problems {
				errs = append(errs, fmt.Sprintf("%s:%d: %s", m.File, a.Location.Row, pr))
			}
			byPkg[pkg] = meta
		}
	}
	var metas []*RuleMeta
	ids := map[string]*RuleMeta{}
	// Built-in rules first, so that a user rule reusing a built-in id is
	// the one reported, at its own file and line.
	pkgs := make([]string, 0, len(pkgSeen))
	for pkg := range pkgSeen {
		pkgs = append(pkgs, pkg)
	}
	sort.Slice(pkgs, func(i, j int) bool {
		bi, bj := byPkg[pkgs[i]] != nil && byPkg[pkgs[i]].Builtin, byPkg[pkgs[j]] != nil && byPkg[pkgs[j]].Builtin
		if bi != bj {
			return bi
		}
		return pkgs[i] < pkgs[j]
	})
	for _, pkg := range pkgs {
		meta := byPkg[pkg]
		if meta == nil {
			errs = append(errs, fmt.Sprintf("%s: nixsec.rules.%s: no package-scoped METADATA with custom.id and custom.severity", pkgSeen[pkg], pkg))
			continue
		}
		if other := ids[meta.ID]; other != nil && meta.ID != "" {
			errs = append(errs, fmt.Sprintf("%s:%d: rule id %s is already used by %s:%d", meta.File, meta.Line, meta.ID, other.File, other.Line))
			continue
		}
		ids[meta.ID] = meta
		metas = append(metas, meta)
	}
	if len(errs) > 0 {
		sort.Strings(errs)
		return nil, &PolicyError{Errs: errs}
	}
	sort.Slice(metas, func(i, j int) bool { return metas[i].ID < metas[j].ID })
	return metas, nil
}

func pkgName(p ast.Ref) string {
	var parts []string
	for _, t := range p[len(rulesPrefix):] {
		s, ok := t.Value.(ast.String)
		if !ok {
			parts = append(parts, t.String())
			continue
		}
		parts = append(parts, string(s))
	}
	return strings.Join(parts, ".")
}

// fromAnnotation maps METADATA onto a RuleMeta and lists what is wrong.
func fromAnnotation(a *ast.Annotations) (*RuleMeta, []string) {
	var problems []string
	m := &RuleMeta{Title: a.Title, Description: strings.TrimSpace(a.Description)}
	c := a.Custom
	m.ID, _ = c["id"].(string)
	if m.ID == "" {
		problems = append(problems, "METADATA lacks custom.id")
	} else if !idRe.MatchString(m.ID) {
		problems = append(problems, fmt.Sprintf("custom.id %q is not an upper-case id like SSH001", m.ID))
	}
	sev, _ := c["severity"].(string)
	if sev == "" {
		problems = append(problems, "METADATA lacks custom.severity")
	} else if s, err := ParseSeverity(sev); err != nil {
		problems = append(problems, "custom.severity: "+err.Error())
	} else {
		m.Severity = s
	}
	if m.Title == "" {
		problems = append(problems, "METADATA lacks a title")
	}
	m.Remediation, _ = c["remediation"].(string)
	m.Remediation = strings.TrimRight(m.Remediation, "\n")
	m.References = stringList(c["references"], "custom.references", &problems)
	m.Profiles = stringList(c["profiles"], "custom.profiles", &problems)
	for _, p := range m.Profiles {
		if !contains(Profiles, p) {
			problems = append(problems, fmt.Sprintf("custom.profiles: unknown profile %q (want %s)", p, strings.Join(Profiles, ", ")))
		}
	}
	opts, ok := c["options"].([]any)
	if !ok || len(opts) == 0 {
		problems = append(problems, "METADATA lacks custom.options (the option paths the rule reads)")
	}
	for _, o := range opts {
		var spec OptionSpec
		switch v := o.(type) {
		case string:
			spec.Path = v
		case map[string]any:
			spec.Path, _ = v["path"].(string)
			spec.Aliases = stringList(v["aliases"], "custom.options aliases", &problems)
		}
		for _, p := range append([]string{spec.Path}, spec.Aliases...) {
			if _, err := optpath.Parse(p); err != nil {
				problems = append(problems, "custom.options: "+err.Error())
			}
		}
		m.Options = append(m.Options, spec)
	}
	return m, problems
}

func stringList(v any, what string, problems *[]string) []string {
	if v == nil {
		return nil
	}
	list, ok := v.([]any)
	if !ok {
		*problems = append(*problems, what+" must be a list of strings")
		return nil
	}
	var out []string
	for _, x := range list {
		s, ok := x.(string)
		if !ok {
			*problems = append(*problems, what+" must be a list of strings")
			return nil
		}
		out = append(out, s)
	}
	return out
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// Excluded lists the OPA builtins user policies cannot call, with why:
// each reaches outside the input document and the policy (network, the
// environment, the clock, randomness). Builtins OPA marks
// non-deterministic are excluded too (json.match_schema and
// json.verify_schema may fetch a remote $ref; io.jwt.encode_sign uses
// randomness). Everything else is a pure function of its arguments and
// stays: rego.parse_module, net.cidr_*, uuid.parse, crypto.x509.parse_*,
// io.jwt.decode and io.jwt.verify_*, time.parse_ns, trace (a no-op: nixsec
// installs no tracer).
var Excluded = map[string]string{
	"http.send":          "network",
	"net.lookup_ip_addr": "network (DNS)",
	"opa.runtime":        "the environment and OPA's configuration",
	"time.now_ns":        "the clock (rules compare with input.now)",
	"rand.intn":          "randomness",
	"uuid.rfc4122":       "randomness",
	// Pure, but it turns strings into policy code at run time, past what
	// `nixsec policy check` and a reviewer of the .rego files see.
	"rego.parse_module": "policy code built at run time",
	// Without explicit options these verify against the current time.
	"io.jwt.decode_verify":                                   "the clock",
	"crypto.x509.parse_and_verify_certificates":              "the clock",
	"crypto.x509.parse_and_verify_certificates_with_options": "the clock, unless given one",
}

// Capabilities are OPA's builtins minus Excluded and the non-deterministic
// ones, plus nixsec's own, with no network allowed: user policies cannot
// exfiltrate a configuration or vary between runs. A policy that calls an
// excluded builtin fails to compile ("undefined function", file:line).
func Capabilities() *ast.Capabilities {
	caps := ast.CapabilitiesForThisVersion()
	var kept []*ast.Builtin
	for _, b := range caps.Builtins {
		if _, out := Excluded[b.Name]; out || b.Nondeterministic ||
			strings.HasPrefix(b.Name, "net.lookup") || strings.HasPrefix(b.Name, "http.") ||
			strings.HasPrefix(b.Name, "rand.") || strings.HasPrefix(b.Name, "opa.") {
			continue
		}
		kept = append(kept, b)
	}
	kept = append(kept, CustomBuiltins...)
	caps.Builtins = kept
	caps.AllowNet = []string{}
	return caps
}
