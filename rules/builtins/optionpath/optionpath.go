// Package optionpath is the builtin nixsec.option_path: an option path
// rendered as NixOS prints it (lib.showOption), for lib.path in
// rules/lib/nixsec.rego. Every finding's path goes through it, a few
// hundred per host; in Rego each component cost a comprehension, three
// function bodies and half a dozen builtins. The rendering is optpath's
// (optpath.Format), so that a finding's path and the path Go renders for
// the same components are the same text. rules/builtins lists it with
// nixsec's other builtins.
package optionpath

import (
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/topdown/builtins"
	"github.com/open-policy-agent/opa/v1/types"

	"github.com/nixsec/nixsec/optpath"
)

// Decl declares nixsec.option_path(components).
var Decl = &ast.Builtin{
	Name:        "nixsec.option_path",
	Description: "An option path as NixOS prints it (lib.showOption): components joined by \".\", each that is not a Nix identifier (or is a keyword) quoted as a Nix string; \"*\" and <...> placeholders as they are.",
	Decl: types.NewFunction(
		types.Args(types.Named("components", types.NewArray(nil, types.A)).Description("the path's components, strings")),
		types.Named("path", types.S).Description("the rendered path, e.g. users.users.\"alice.smith\".password"),
	),
}

// Impl implements Decl. Not memoized: OPA's memo key renders the argument,
// which costs as much as rendering the path.
var Impl = rego.Function1(&rego.Function{Name: Decl.Name, Decl: Decl.Decl},
	func(_ rego.BuiltinContext, a *ast.Term) (*ast.Term, error) { return optionPath(a) })

// optionPath is the builtin's body. A component that is not a string is an
// error, as trim_left raised on it in the Rego this replaces.
func optionPath(a *ast.Term) (*ast.Term, error) {
	arr, ok := a.Value.(*ast.Array)
	if !ok {
		return nil, builtins.NewOperandTypeErr(1, a.Value, "array")
	}
	// Sized once, exactly (optpath.ComponentLen): growing the builder cost
	// an allocation per doubling.
	size := arr.Len() - 1
	for i := range arr.Len() {
		s, ok := arr.Elem(i).Value.(ast.String)
		if !ok {
			return nil, builtins.NewOperandElementErr(1, arr, arr.Elem(i).Value, "string")
		}
		size += optpath.ComponentLen(string(s))
	}
	var b strings.Builder
	b.Grow(max(size, 0))
	for i := range arr.Len() {
		if i > 0 {
			b.WriteByte('.')
		}
		optpath.WriteComponent(&b, string(arr.Elem(i).Value.(ast.String)))
	}
	return ast.StringTerm(b.String()), nil
}

// Component writes one component of a path as optpath.Format does, for
// the builtins that build paths themselves (rules/builtins/systemd,
// rules/builtins/sshd).
func Component(b *strings.Builder, c string) { optpath.WriteComponent(b, c) }
