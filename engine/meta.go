package engine

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/nixsec/nixsec/rule"
)

// ruleRef is a rule's metadata with where the engine finds it.
type ruleRef struct {
	*rule.Meta
	pkg    ast.Ref // data.nixsec.rules.ssh.ssh001, data.org.admins
	denyAt string  // "file:line" of its first deny rule
}

// direct reports a rule outside nixsec.rules: the entrypoint
// (rules/main.rego) does not collect it, the engine evaluates its deny by
// its own reference.
func (m *ruleRef) direct() bool { return !m.pkg.HasPrefix(rulesPrefix) }

var idRe = regexp.MustCompile(`^[A-Z][A-Z0-9]*-?[0-9]{3,}$`)

// nixsecPrefix is nixsec's namespace: user rules live outside it, or in
// rule packages under rulesPrefix.
var nixsecPrefix = ast.MustParseRef("data.nixsec")

// rulePackage gathers what discovery sees of one package.
type rulePackage struct {
	ref     ast.Ref
	loc     string // "file:line" of its first package statement or deny
	builtin bool
	metas   []located // its rule METADATA blocks
	denyAt  string    // "file:line" of its first deny rule, "" without one
}

type located struct {
	a    *ast.Annotations
	file string
}

// isRuleMeta tells rule METADATA from a package's documentation: it has
// custom.id or custom.severity. Under nixsec.rules any package METADATA
// is the rule's, as it always was.
func isRuleMeta(a *ast.Annotations) bool {
	if a.Custom == nil {
		return false
	}
	_, id := a.Custom["id"]
	_, sev := a.Custom["severity"]
	return id || sev
}

// denyOf is the package whose deny rule r defines, if it does: a rule
// whose path (package and ground head) ends in deny, and not a function.
func denyOf(pkg ast.Ref, r *ast.Rule) (ast.Ref, bool) {
	if len(r.Head.Args) > 0 {
		return nil, false
	}
	return lastIs(rulePath(pkg, r), "deny")
}

func lastIs(full ast.Ref, name string) (ast.Ref, bool) {
	if len(full) < 2 || !full[len(full)-1].Equal(ast.StringTerm(name)) {
		return nil, false
	}
	return full[:len(full)-1], true
}

// annotationTarget is the path of what a METADATA block documents: its
// package, or for a rule its package and ground head.
func annotationTarget(pkg ast.Ref, a *ast.Annotations) ast.Ref {
	if t := a.GetTargetPath(); t != nil {
		return t
	}
	return pkg
}

// ruleAnnotations are the METADATA blocks of m that describe a rule: the
// package's and its deny rule's, with custom.id or custom.severity
// (under nixsec.rules, every package METADATA). others are the blocks
// with a custom.id anywhere else, which nixsec would never read.
func ruleAnnotations(m *ast.Module) (rule, others []*ast.Annotations) {
	p := m.Package.Path
	inRules := p.HasPrefix(rulesPrefix)
	for _, a := range m.Annotations {
		switch {
		case a.Scope == "package" && (inRules || isRuleMeta(a)):
			rule = append(rule, a)
		case a.Scope == "rule" || a.Scope == "document":
			if _, ok := lastIs(annotationTarget(p, a), "deny"); ok && isRuleMeta(a) {
				rule = append(rule, a)
				continue
			}
			fallthrough
		default:
			if _, ok := a.Custom["id"]; ok && a.Scope != "package" {
				others = append(others, a)
			}
		}
	}
	return rule, others
}

// readMetadata discovers the rules among the policy modules (no tests)
// and reads their METADATA. A rule is a package with rule METADATA (on
// the package or on its deny rule) and a deny rule: any package
// nixsec.rules.<family>.<rule>, and any package outside nixsec that has
// either (org.admins, as conftest and Trivy write them). Helper packages
// have neither. Half a rule is an error, never a rule that does not run.
func readMetadata(mods []Module) ([]*ruleRef, error) {
	var errs []string
	pkgs := map[string]*rulePackage{}
	get := func(ref ast.Ref, loc string, builtin bool) *rulePackage {
		k := ref.String()
		if pkgs[k] == nil {
			pkgs[k] = &rulePackage{ref: ref, loc: loc, builtin: builtin}
		}
		return pkgs[k]
	}
	// considered: rule packages, and packages outside nixsec's namespace
	// (deny in the rest of it is refused by silentPolicyErrors).
	considered := func(p ast.Ref) bool {
		return p.HasPrefix(rulesPrefix) || !p.HasPrefix(nixsecPrefix)
	}
	for _, m := range mods {
		p := m.Module.Package.Path
		loc := fmt.Sprintf("%s:%d", m.File, m.Module.Package.Location.Row)
		if p.HasPrefix(rulesPrefix) && len(p) != len(rulesPrefix)+2 {
			errs = append(errs, loc+": a rule package must be nixsec.rules.<family>.<rule>, not "+show(p))
			continue
		}
		if considered(p) {
			get(p, loc, m.Builtin)
			rule, others := ruleAnnotations(m.Module)
			for _, a := range rule {
				// A deny's METADATA belongs to the deny's package, which
				// a ref head (admins.deny in package org) can make another.
				q, ok := lastIs(annotationTarget(p, a), "deny")
				if !ok || !considered(q) {
					q = p
				}
				info := get(q, loc, m.Builtin)
				info.metas = append(info.metas, located{a, m.File})
			}
			for _, a := range others {
				errs = append(errs, fmt.Sprintf("%s:%d: METADATA with custom.id on %s: a rule's METADATA goes on its package or on its deny rule",
					m.File, a.Location.Row, show(annotationTarget(p, a))))
			}
		}
		for _, r := range m.Module.Rules {
			q, ok := denyOf(p, r)
			// A head reaching into nixsec.rules from elsewhere is
			// reservedErrors' to report.
			if !ok || !considered(q) || (q.HasPrefix(rulesPrefix) && (len(q) != len(rulesPrefix)+2 || !p.HasPrefix(rulesPrefix))) {
				continue
			}
			at := fmt.Sprintf("%s:%d", m.File, r.Location.Row)
			if info := get(q, at, m.Builtin); info.denyAt == "" {
				info.denyAt = at
			}
		}
	}
	// Built-in rules first, so that a user rule reusing a built-in id is
	// the one reported, at its own file and line.
	var list []*rulePackage
	for _, info := range pkgs {
		list = append(list, info)
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].builtin != list[j].builtin {
			return list[i].builtin
		}
		return list[i].ref.Compare(list[j].ref) < 0
	})
	var metas []*ruleRef
	ids := map[string]*ruleRef{}
	for _, info := range list {
		inRules := info.ref.HasPrefix(rulesPrefix)
		name := show(info.ref)
		switch {
		case len(info.metas) == 0 && inRules && info.builtin && info.denyAt == "":
			continue // a helper of a built-in family (rules/stig/auditlib)
		case len(info.metas) == 0 && inRules:
			errs = append(errs, fmt.Sprintf("%s: %s: no rule METADATA with custom.id and custom.severity on the package or its deny rule", info.loc, name))
			continue
		case len(info.metas) == 0 && info.denyAt != "":
			errs = append(errs, fmt.Sprintf("%s: deny in package %s has no rule METADATA, so it would never run: give the package (or the deny rule) a METADATA block with custom.id, custom.severity and custom.options (docs/writing-policies.md)", info.denyAt, name))
			continue
		case len(info.metas) == 0:
			continue // a helper package
		}
		first := info.metas[0]
		for _, l := range info.metas[1:] {
			errs = append(errs, fmt.Sprintf("%s:%d: a second rule METADATA for package %s (the first is at %s:%d): a package holds one rule; give each rule its own package",
				l.file, l.a.Location.Row, name, first.file, first.a.Location.Row))
		}
		if len(info.metas) > 1 {
			continue
		}
		m, problems := fromAnnotation(first.a)
		meta := &ruleRef{Meta: m, pkg: info.ref, denyAt: info.denyAt}
		meta.File, meta.Line, meta.Builtin = first.file, first.a.Location.Row, info.builtin
		meta.Package = name
		if inRules {
			meta.Package = pkgName(info.ref)
		}
		for _, pr := range problems {
			errs = append(errs, fmt.Sprintf("%s:%d: %s", meta.File, meta.Line, pr))
		}
		if info.denyAt == "" {
			errs = append(errs, fmt.Sprintf("%s:%d: rule %s (package %s) has no deny rule: nixsec reports the violations in the set deny of the rule's package",
				meta.File, meta.Line, meta.ID, name))
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

// pkgName is a rule package's path below nixsec.rules: "ssh.ssh001".
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

// fromAnnotation maps METADATA onto a rule.Meta and lists what is wrong.
func fromAnnotation(a *ast.Annotations) (*rule.Meta, []string) {
	var problems []string
	m := &rule.Meta{Title: a.Title, Description: strings.TrimSpace(a.Description)}
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
	} else if s, err := rule.ParseSeverity(sev); err != nil {
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
		if !slices.Contains(rule.Profiles, p) {
			problems = append(problems, fmt.Sprintf("custom.profiles: unknown profile %q (want %s)", p, strings.Join(rule.Profiles, ", ")))
		}
	}
	m.Frameworks = frameworks(c["frameworks"], &problems)
	if v, ok := c["framework_only"]; ok {
		b, isBool := v.(bool)
		if !isBool {
			problems = append(problems, "custom.framework_only must be true or false")
		}
		m.FrameworkOnly = b
		if b && len(m.Frameworks) == 0 {
			problems = append(problems, "custom.framework_only without custom.frameworks: no run would select the rule")
		}
	}
	opts, ok := c["options"].([]any)
	if !ok || len(opts) == 0 {
		problems = append(problems, "METADATA lacks custom.options (the option paths the rule reads)")
	}
	for _, o := range opts {
		var spec rule.OptionSpec
		switch v := o.(type) {
		case string:
			spec.Path = v
		case map[string]any:
			spec.Path, _ = v["path"].(string)
			spec.Aliases = stringList(v["aliases"], "custom.options aliases", &problems)
		}
		if err := spec.Parse(); err != nil {
			problems = append(problems, "custom.options: "+err.Error())
		}
		m.Options = append(m.Options, spec)
	}
	return m, problems
}

// frameworkRe is a framework's name and controlRe one of its control ids:
// the engine knows no framework, only the shape of their names.
var (
	frameworkRe = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)
	controlRe   = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)
)

// frameworks reads custom.frameworks: {framework: [control ids]}.
func frameworks(v any, problems *[]string) map[string][]string {
	if v == nil {
		return nil
	}
	obj, ok := v.(map[string]any)
	if !ok {
		*problems = append(*problems, "custom.frameworks must map framework names to lists of control ids")
		return nil
	}
	out := map[string][]string{}
	for name, ids := range obj {
		if !frameworkRe.MatchString(name) {
			*problems = append(*problems, fmt.Sprintf("custom.frameworks: %q is not a framework name like stig", name))
			continue
		}
		list := stringList(ids, "custom.frameworks."+name, problems)
		if len(list) == 0 {
			*problems = append(*problems, fmt.Sprintf("custom.frameworks.%s lists no control", name))
			continue
		}
		for _, id := range list {
			if !controlRe.MatchString(id) {
				*problems = append(*problems, fmt.Sprintf("custom.frameworks.%s: %q is not a control id like V-268091", name, id))
			}
		}
		out[name] = list
	}
	return out
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
// ones, plus the custom builtins, with no network allowed: user policies
// cannot exfiltrate a configuration or vary between runs. A policy that
// calls an excluded builtin fails to compile ("undefined function",
// file:line).
func Capabilities(custom []Builtin) *ast.Capabilities {
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
	for _, b := range custom {
		kept = append(kept, b.Decl)
	}
	caps.Builtins = kept
	caps.AllowNet = []string{}
	return caps
}
