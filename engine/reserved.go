package engine

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
)

// ReservedPrefixes are the rule id families of nixsec's built-in rules,
// and NIXSEC for nixsec's own findings (NIXSEC-EXPIRED): a user policy
// cannot use them, so that a built-in rule added later never collides with
// an organisation's rule, and an id tells whose rule it is. The families
// of the loaded built-in rules are reserved too.
var ReservedPrefixes = []string{
	"AUD", "BOOT", "DNS", "FW", "KRN", "MAC", "MIN", "NIX", "NIXSEC",
	"SEC", "SSH", "STIG", "SVC", "TOR", "UPD", "USB", "USR",
}

// reservedPackages belong to the built-in bundle (its entrypoint and
// helpers) and to the --data mount: a user module cannot add to them.
var reservedPackages = []ast.Ref{
	ast.MustParseRef("data.nixsec.main"),
	ast.MustParseRef("data.nixsec.lib"),
	ast.MustParseRef("data.nixsec.user"),
}

// IDPrefix is the family part of a rule id: SSH for SSH001, ORG for
// ORG-001, NIXSEC for NIXSEC-EXPIRED.
func IDPrefix(id string) string {
	p := strings.TrimRight(strings.ToUpper(id), "0123456789")
	if i := strings.IndexByte(p, '-'); i >= 0 {
		p = p[:i]
	}
	return p
}

// reservedErrors lists, as "file:line: message", every user module that
// adds to what nixsec owns, and every user rule (in nixsec.rules or a
// package of its own) whose id has a reserved prefix. With the built-in
// bundle loaded, nixsec owns the packages of reservedPackages and every
// built-in rule's package, with all below them: a user module adding a
// rule there (a package of its own, or a rule whose head reaches there,
// `rules.ssh.ssh001.deny contains ...` in package nixsec) could add
// findings under a built-in rule's id, or add to a built-in rule's
// exceptions or a helper of data.nixsec.lib and so silence it. And rules
// under nixsec.rules belong in rule packages
// (nixsec.rules.<family>.<rule>, with METADATA), never in a package
// above.
func reservedErrors(mods []Module) []string {
	reserved := map[string]bool{}
	for _, p := range ReservedPrefixes {
		reserved[p] = true
	}
	withBuiltin := false
	type owned struct {
		ref  ast.Ref
		what string // "nixsec", "the built-in rule SSH001 (builtin:ssh/ssh001.rego)"
	}
	var nixsecOwns []owned
	for _, r := range reservedPackages {
		nixsecOwns = append(nixsecOwns, owned{r, "nixsec"})
	}
	for _, m := range mods {
		withBuiltin = withBuiltin || m.Builtin
		if !m.Builtin || m.Test {
			continue
		}
		isRule := false
		for _, a := range m.Module.Annotations {
			if id, ok := a.Custom["id"].(string); ok && a.Scope == "package" {
				reserved[IDPrefix(id)] = true
				if p := m.Module.Package.Path; p.HasPrefix(rulesPrefix) {
					nixsecOwns = append(nixsecOwns, owned{p, fmt.Sprintf("the built-in rule %s (%s)", id, m.File)})
					isRule = true
				}
			}
		}
		// A family's helper package (nixsec.rules.stig.misclib): a rule
		// added to one of its functions (is_dod_banner(_) if true) would
		// silence every rule calling it.
		if p := m.Module.Package.Path; !isRule && p.HasPrefix(rulesPrefix) {
			nixsecOwns = append(nixsecOwns, owned{p, fmt.Sprintf("the built-in helper package %s (%s)", show(p), m.File)})
		}
	}
	var errs []string
	for _, m := range mods {
		if m.Builtin {
			continue
		}
		p := m.Module.Package.Path
		inPackage := false
		if withBuiltin {
			for _, o := range nixsecOwns {
				if p.HasPrefix(o.ref) {
					errs = append(errs, fmt.Sprintf("%s:%d: package %s is reserved: %s belongs to %s; put rules and helpers in packages of your own (org.admins, org.lib)",
						m.File, m.Module.Package.Location.Row, show(p), show(o.ref), o.what))
					inPackage = true
					break
				}
			}
		}
		for _, r := range m.Module.Rules {
			if inPackage {
				break // reported once, for the package
			}
			full := rulePath(p, r)
			if !p.HasPrefix(rulesPrefix) && (full.HasPrefix(rulesPrefix) || rulesPrefix.HasPrefix(full)) {
				errs = append(errs, fmt.Sprintf("%s:%d: rule %s reaches into nixsec.rules from package %s; a rule belongs in a package of its own (org.admins, or nixsec.rules.<family>.<rule>), with METADATA",
					m.File, r.Location.Row, show(full), show(p)))
				continue
			}
			if !withBuiltin {
				continue
			}
			for _, o := range nixsecOwns {
				if full.HasPrefix(o.ref) || o.ref.HasPrefix(full) {
					errs = append(errs, fmt.Sprintf("%s:%d: rule %s would add to %s, which belongs to %s; a policy cannot add to nixsec's packages",
						m.File, r.Location.Row, show(full), show(o.ref), o.what))
					break
				}
			}
		}
		if m.Test || (p.HasPrefix(nixsecPrefix) && !p.HasPrefix(rulesPrefix)) {
			continue
		}
		rule, _ := ruleAnnotations(m.Module)
		for _, a := range rule {
			id, _ := a.Custom["id"].(string)
			if id == "" {
				continue
			}
			if pre := IDPrefix(id); reserved[pre] {
				errs = append(errs, fmt.Sprintf("%s:%d: rule id %s: the prefix %s is reserved for nixsec's built-in rules; use your organisation's own (ORG001, ACME-001)",
					m.File, a.Location.Row, id, pre))
			}
		}
	}
	return errs
}

// rulePath is where a rule puts its value: its package and the ground
// part of its head's reference (up to the first variable: p[x] covers all
// of p).
func rulePath(pkg ast.Ref, r *ast.Rule) ast.Ref {
	head := r.Head.Ref()
	full := pkg.Copy()
	for i, t := range head {
		if v, ok := t.Value.(ast.Var); ok {
			if i > 0 {
				break
			}
			t = ast.StringTerm(string(v))
		}
		if !t.IsGround() {
			break
		}
		full = append(full, t)
	}
	return full
}

// show is a data reference as users write a package: nixsec.rules.ssh.
func show(r ast.Ref) string {
	return strings.TrimPrefix(r.String(), "data.")
}

// joinPolicyErrors adds extra "file:line: message" errors to err (a
// PolicyError or nil), sorted and without duplicates.
func joinPolicyErrors(err error, extra []string) error {
	var pe *PolicyError
	if err != nil && !errors.As(err, &pe) {
		if len(extra) == 0 {
			return err
		}
		extra = append(extra, err.Error())
	}
	all := append([]string{}, extra...)
	if pe != nil {
		all = append(all, pe.Errs...)
	}
	sort.Strings(all)
	out := all[:0]
	for i, e := range all {
		if i == 0 || e != all[i-1] {
			out = append(out, e)
		}
	}
	return &PolicyError{Errs: out}
}
