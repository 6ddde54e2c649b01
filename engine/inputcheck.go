package engine

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/nixsec/nixsec/optpath"
)

// InputKeys are the top-level keys of the input document (docs/input.md).
var InputKeys = []string{"host", "config", "defined", "errors", "files", "flake", "now"}

// libReaders are the data.nixsec.lib functions whose first argument is an
// option path as components: lib.cfg(["services", "x"], default).
var libReaders = map[string]bool{"cfg": true, "has": true, "is_true": true, "is_false": true}

// InputWarnings lists, as "file:line: message", what the user policies
// read of the input document that cannot be there: a top-level key the
// document lacks (input.confg), or an option under input.config that no
// rule declares in custom.options (nixsec evaluates only declared options,
// so the read finds nothing and the rule silently never fires). A rule's
// package is checked against its own options, a helper package against
// every user rule's. Only constant paths are checked.
func (b *Bundle) InputWarnings() []string {
	own := map[string][][]string{}
	var all [][]string
	for _, r := range b.rules {
		if r.Builtin {
			continue
		}
		for _, o := range r.Options {
			for _, comps := range o.Names() {
				if comps != nil {
					own[r.pkg.String()] = append(own[r.pkg.String()], comps)
					all = append(all, comps)
				}
			}
		}
	}
	var out []string
	seen := map[string]bool{}
	warn := func(file string, loc *ast.Location, format string, args ...any) {
		row := 0
		if loc != nil {
			row = loc.Row
		}
		w := fmt.Sprintf("%s:%d: ", file, row) + fmt.Sprintf(format, args...)
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	for _, m := range b.mods {
		if m.Builtin || m.Test {
			continue
		}
		declared, ok := own[m.Module.Package.Path.String()]
		if !ok {
			declared = all
		}
		check := func(comps []string, loc *ast.Location, shown string) {
			if len(comps) > 0 && !agrees(comps, declared) {
				warn(m.File, loc, "%s reads option %s, which no rule of this package declares in custom.options: nixsec evaluates only declared options, so the read finds nothing (docs/input.md)",
					shown, optpath.Format(comps))
			}
		}
		libAliases := libImports(m.Module)
		ast.WalkRefs(m.Module, func(ref ast.Ref) bool {
			if !ref[0].Equal(ast.InputRootDocument) || len(ref) < 2 {
				return false
			}
			key, isStr := ref[1].Value.(ast.String)
			if !isStr {
				return false
			}
			if !slices.Contains(InputKeys, string(key)) {
				warn(m.File, ref[0].Location, "input.%s is not in the input document, whose keys are %s (docs/input.md)",
					string(key), strings.Join(InputKeys, ", "))
				return false
			}
			if key == "config" {
				check(constantStrings(ref[2:]), ref[0].Location, "input.config")
			}
			return false
		})
		// A call is an expression's terms (l.is_true(p) as a statement) or
		// a Call term nested in one (l.cfg(p, d) != null).
		call := func(terms []*ast.Term) {
			if len(terms) < 2 {
				return
			}
			op, ok := terms[0].Value.(ast.Ref)
			if !ok || len(op) != 2 {
				return
			}
			alias, isVar := op[0].Value.(ast.Var)
			name, isStr := op[1].Value.(ast.String)
			if !isVar || !isStr || !libAliases[string(alias)] || !libReaders[string(name)] {
				return
			}
			if arr, ok := terms[1].Value.(*ast.Array); ok {
				var elems []*ast.Term
				arr.Foreach(func(t *ast.Term) { elems = append(elems, t) })
				if comps := constantStrings(elems); len(comps) == arr.Len() {
					check(comps, terms[0].Location, string(alias)+"."+string(name))
				}
			}
		}
		ast.WalkExprs(m.Module, func(e *ast.Expr) bool {
			if terms, ok := e.Terms.([]*ast.Term); ok {
				call(terms)
			}
			return false
		})
		ast.WalkTerms(m.Module, func(t *ast.Term) bool {
			if c, ok := t.Value.(ast.Call); ok {
				call(c)
			}
			return false
		})
	}
	sort.Strings(out)
	return out
}

// libImports are the names data.nixsec.lib is imported as in a module.
func libImports(m *ast.Module) map[string]bool {
	out := map[string]bool{}
	lib := ast.MustParseRef("data.nixsec.lib")
	for _, imp := range m.Imports {
		ref, ok := imp.Path.Value.(ast.Ref)
		if !ok || !ref.Equal(lib) {
			continue
		}
		if imp.Alias != "" {
			out[string(imp.Alias)] = true
		} else {
			out["lib"] = true
		}
	}
	return out
}

// constantStrings is the leading run of string terms.
func constantStrings(terms []*ast.Term) []string {
	var out []string
	for _, t := range terms {
		s, ok := t.Value.(ast.String)
		if !ok {
			break
		}
		out = append(out, string(s))
	}
	return out
}

// agrees reports whether a read path lies on a declared option: it is a
// prefix of one (a set holding declared options) or below one (a key of
// an option's value), "*" matching any name.
func agrees(read []string, declared [][]string) bool {
	for _, d := range declared {
		n := min(len(read), len(d))
		match := true
		for i := 0; i < n; i++ {
			if d[i] != optpath.Star && d[i] != read[i] {
				match = false
				break
			}
		}
		if match {
			return true
		}
	}
	return false
}
