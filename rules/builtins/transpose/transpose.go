// Package transpose is the builtin nixsec.transpose: a collection of
// objects turned around, {key: {name: value}}, for lib.users_by_option in
// rules/lib/nixsec.rego. A rule that reads one option of every user then
// walks only the users that set it: most hosts have forty or more users
// (NixOS's own system users), and each rule's walk over them all cost a
// few expressions per user. rules/builtins lists it with nixsec's other
// builtins.
package transpose

import (
	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/types"
)

// Decl declares nixsec.transpose(collection).
var Decl = &ast.Builtin{
	Name:        "nixsec.transpose",
	Description: "A collection of objects turned around: {key: {name: value}} for each element name (an object's key, an array's index) whose value is an object holding key. Other elements are left out; a value that is not a collection has none.",
	Decl: types.NewFunction(
		types.Args(types.Named("collection", types.A).Description("an object (or array) of objects")),
		types.Named("transposed", types.NewObject(nil, types.NewDynamicProperty(types.A, types.NewObject(nil, types.NewDynamicProperty(types.A, types.A))))).Description("key: {name: value}"),
	),
}

// Impl implements Decl; not memoized (its caller is computed once per
// host, and the memo key would render the whole collection).
var Impl = rego.Function1(&rego.Function{Name: Decl.Name, Decl: Decl.Decl},
	func(_ rego.BuiltinContext, a *ast.Term) (*ast.Term, error) {
		return ast.NewTerm(transpose(a.Value)), nil
	})

// transpose builds each inner object whole before inserting it: an
// object's hash is summed as items are inserted, so an object must not
// change once it is a value in another.
func transpose(c ast.Value) ast.Object {
	var keys []*ast.Term
	items := map[ast.Value][][2]*ast.Term{}
	// Each key's items sized for every element at once (up to a bound, so
	// that many rare keys cannot take room for every element each): most
	// keys are options every user has (the module system fills them in).
	n := 0
	switch c := c.(type) {
	case ast.Object:
		n = c.Len()
	case *ast.Array:
		n = c.Len()
	}
	var lookup *ast.ValueMap // keys that are not strings, rare
	each := func(name, v *ast.Term) {
		o, ok := v.Value.(ast.Object)
		if !ok {
			return
		}
		o.Foreach(func(k, x *ast.Term) {
			id := k.Value
			if _, ok := id.(ast.String); !ok {
				if lookup == nil {
					lookup = ast.NewValueMap()
				}
				if first := lookup.Get(id); first != nil {
					id = first
				} else {
					lookup.Put(id, id)
				}
			}
			col, seen := items[id]
			if !seen {
				keys = append(keys, k)
				col = make([][2]*ast.Term, 0, min(n, 64))
			}
			items[id] = append(col, ast.Item(name, x))
		})
	}
	switch c := c.(type) {
	case ast.Object:
		c.Foreach(each)
	case *ast.Array:
		for i := range c.Len() {
			each(ast.InternedTerm(i), c.Elem(i))
		}
	}
	out := make([][2]*ast.Term, 0, len(keys))
	for _, k := range keys {
		id := k.Value
		if lookup != nil {
			if first := lookup.Get(id); first != nil {
				id = first
			}
		}
		out = append(out, ast.Item(k, ast.ObjectTerm(items[id]...)))
	}
	return ast.NewObject(out...)
}
