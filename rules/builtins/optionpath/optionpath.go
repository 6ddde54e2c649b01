// Package optionpath is the builtin nixsec.option_path: an option path
// rendered as NixOS prints it (lib.showOption), for lib.path in
// rules/lib/nixsec.rego. Every finding's path goes through it, a few
// hundred per host; in Rego each component cost a comprehension, three
// function bodies and half a dozen builtins. rules/builtins lists it with
// nixsec's other builtins.
package optionpath

import (
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/topdown/builtins"
	"github.com/open-policy-agent/opa/v1/types"
)

// Decl declares nixsec.option_path(components).
var Decl = &ast.Builtin{
	Name:        "nixsec.option_path",
	Description: "An option path as NixOS prints it (lib.showOption): components joined by \".\", each that is not a Nix identifier (nor \"*\") quoted as a Nix string.",
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
	// Sized once: a path is mostly identifiers, written as they are, and
	// growing the builder cost an allocation per doubling.
	size := 0
	for i := range arr.Len() {
		s, ok := arr.Elem(i).Value.(ast.String)
		if !ok {
			return nil, builtins.NewOperandElementErr(1, arr, arr.Elem(i).Value, "string")
		}
		size += len(s) + 1
	}
	var b strings.Builder
	b.Grow(size)
	for i := range arr.Len() {
		if i > 0 {
			b.WriteByte('.')
		}
		Component(&b, string(arr.Elem(i).Value.(ast.String)))
	}
	return ast.StringTerm(b.String()), nil
}

// Component writes one component of a path: "*" (a wildcard) and Nix
// identifiers as they are, anything else quoted.
func Component(b *strings.Builder, c string) {
	if c == "*" || identifier(c) {
		b.WriteString(c)
		return
	}
	Quote(b, c)
}

// identifier is c matching [a-zA-Z_][a-zA-Z0-9_'-]*.
func identifier(c string) bool {
	if c == "" {
		return false
	}
	for i := 0; i < len(c); i++ {
		switch x := c[i]; {
		case x >= 'a' && x <= 'z', x >= 'A' && x <= 'Z', x == '_':
		case i > 0 && (x >= '0' && x <= '9' || x == '\'' || x == '-'):
		default:
			return false
		}
	}
	return true
}

// Quote writes s as lib.strings.escapeNixString does (builtins.toJSON with
// "$" escaped) as far as option names go: \, ", newline, carriage return,
// tab and $ escaped, every other character as it is.
func Quote(b *strings.Builder, s string) {
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		switch x := s[i]; x {
		case '\\':
			b.WriteString(`\\`)
		case '"':
			b.WriteString(`\"`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '$':
			b.WriteString(`\$`)
		default:
			b.WriteByte(x)
		}
	}
	b.WriteByte('"')
}
