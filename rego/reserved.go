package rego

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
	"SEC", "SSH", "SVC", "TOR", "UPD", "USB", "USR",
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

// reservedErrors lists, as "file:line: message", every user module in a
// reserved package (when the built-in bundle is loaded) and every user
// rule whose id has a reserved prefix.
func reservedErrors(mods []Module) []string {
	reserved := map[string]bool{}
	for _, p := range ReservedPrefixes {
		reserved[p] = true
	}
	withBuiltin := false
	for _, m := range mods {
		withBuiltin = withBuiltin || m.Builtin
		if m.Builtin && !m.Test {
			for _, a := range m.Module.Annotations {
				if id, ok := a.Custom["id"].(string); ok && a.Scope == "package" {
					reserved[IDPrefix(id)] = true
				}
			}
		}
	}
	var errs []string
	for _, m := range mods {
		if m.Builtin {
			continue
		}
		p := m.Module.Package.Path
		for _, r := range reservedPackages {
			if withBuiltin && p.HasPrefix(r) {
				errs = append(errs, fmt.Sprintf("%s:%d: package %s is reserved for nixsec (%s); put policies under nixsec.rules.<family>.<rule> and helpers in a package of your own",
					m.File, m.Module.Package.Location.Row, strings.TrimPrefix(p.String(), "data."), strings.TrimPrefix(r.String(), "data.")))
			}
		}
		if m.Test || !p.HasPrefix(rulesPrefix) {
			continue
		}
		for _, a := range m.Module.Annotations {
			id, _ := a.Custom["id"].(string)
			if a.Scope != "package" || id == "" {
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
