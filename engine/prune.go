package engine

import (
	"fmt"
	"slices"

	"github.com/open-policy-agent/opa/v1/ast"
)

// pruneLibraries drops, from the modules of a bundle narrowed to some
// rules, the built-in library modules that none of the kept modules can
// read: a plain check enables no STIG rule, and compiling the STIG
// family's helper libraries cost every such check its time
// (docs/performance.md). roots are the modules that stay whatever they
// read: the enabled rules' packages and the entrypoint. A user's module
// always stays, so that a broken one still fails the compilation; the
// built-in ones compile whole in the bundle's own tests.
//
// A module is read when a kept module holds a reference into its package
// (an import, or a data reference, its ground part or with variables in
// place of package components), through any number of other kept
// modules. A reference that stops at or above the package (data.nixsec,
// or data.nixsec.rules[family][name]) reads it too, unless the key after
// the package's components is a constant that names no rule of it: the
// entrypoint's data.nixsec.rules[family][name].deny reads no library
// without a deny.
//
// It returns the kept modules and, for each, its data references
// (dataRefs), which droppedReads then looks through: each module is
// walked once.
func pruneLibraries(mods []Module, root func(Module) bool) ([]Module, [][]ast.Ref) {
	keep := make([]bool, len(mods))
	refs := make([][]ast.Ref, len(mods))
	var queue []int
	for i, m := range mods {
		if !m.Builtin || root(m) {
			keep[i] = true
			queue = append(queue, i)
		}
	}
	for len(queue) > 0 {
		i := queue[0]
		queue = queue[1:]
		refs[i] = dataRefs(mods[i].Module)
		for _, ref := range refs[i] {
			for j, m := range mods {
				if !keep[j] && reads(ref, m.Module) {
					keep[j] = true
					queue = append(queue, j)
				}
			}
		}
	}
	out := make([]Module, 0, len(mods))
	var outRefs [][]ast.Ref
	for i, m := range mods {
		if keep[i] {
			out = append(out, m)
			outRefs = append(outRefs, refs[i])
		}
	}
	return out, outRefs
}

// dataRefs are the references into data a module holds: its imports of
// data and every reference whose head is data.
func dataRefs(m *ast.Module) []ast.Ref {
	var refs []ast.Ref
	for _, imp := range m.Imports {
		if r, ok := imp.Path.Value.(ast.Ref); ok && r.HasPrefix(ast.DefaultRootRef) {
			refs = append(refs, r)
		}
	}
	ast.WalkRefs(m, func(r ast.Ref) bool {
		if r.HasPrefix(ast.DefaultRootRef) {
			refs = append(refs, r)
		}
		return false
	})
	return refs
}

// names reports whether ref names package pkg, or a package above it, by
// constant keys all along: `import data.nixsec.rules.stig.stig091`, not
// the entrypoint's data.nixsec.rules[family][name].
func names(ref, pkg ast.Ref) bool {
	// Both start with data (dataRefs keeps only those).
	for i := 1; i < len(ref) && i < len(pkg); i++ {
		if !constant(ref[i]) || !ref[i].Equal(pkg[i]) {
			return false
		}
	}
	return true
}

// droppedReads are the errors of kept modules (with their dataRefs) that
// name the package of a rule the bundle narrowed to some rules no longer
// has: what they read there would be undefined, and the rule reading it
// would silently decide less.
func droppedReads(kept []Module, refs [][]ast.Ref, dropped []*ruleRef) []string {
	var errs []string
	for i, m := range kept {
		for _, ref := range refs[i] {
			for _, r := range dropped {
				if !names(ref, r.pkg) {
					continue
				}
				at := m.File
				if loc := ref[0].Location; loc != nil {
					at = fmt.Sprintf("%s:%d", m.File, loc.Row)
				}
				msg := fmt.Sprintf("%s: reads %s, the package of rule %s, which this run does not enable: enable %s too, or move what is read there to a package of no rule", at, r.pkg, r.ID, r.ID)
				if !slices.Contains(errs, msg) { // an import is also among the module's references
					errs = append(errs, msg)
				}
			}
		}
	}
	return errs
}

// reads reports whether ref may read a document of module m.
func reads(ref ast.Ref, m *ast.Module) bool {
	pkg := m.Package.Path
	for i := range pkg {
		if i >= len(ref) {
			return true // stops above the package: may enumerate it
		}
		if !constant(ref[i]) {
			continue // a variable, a reference or a composite: any key
		}
		if !ref[i].Equal(pkg[i]) {
			return false
		}
	}
	if len(ref) == len(pkg) {
		return true
	}
	key, ok := ref[len(pkg)].Value.(ast.String)
	if !ok {
		return true
	}
	for _, r := range m.Rules {
		if head := r.Head.Ref(); len(head) > 0 {
			if name, ok := head[0].Value.(ast.Var); ok && string(name) == string(key) {
				return true
			}
		}
	}
	return false
}

// constant is a scalar key: one document of data, where anything else (a
// variable, a reference, a composite) may be any.
func constant(t *ast.Term) bool {
	switch t.Value.(type) {
	case ast.String, ast.Number, ast.Boolean, ast.Null:
		return true
	}
	return false
}
