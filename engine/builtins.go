package engine

import (
	"fmt"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
)

// Builtin is a custom builtin: a Go function that policies call like one
// of OPA's. Decl declares it (name, argument and result types,
// description), for the capabilities and the type checker; Impl implements
// it (the rego option rego.Function1(...) returns), for evaluation and
// tests. The engine has no builtin of its own: a Source brings those its
// policies call (the linter passes nixsec's table, rules/builtins, with
// the built-in bundle).
//
// It is an alias of an unnamed struct type, as rules/builtins.Builtin is:
// the two name one type, so that table is passed here as it is and neither
// package imports the other.
type Builtin = struct {
	Decl *ast.Builtin
	Impl func(*rego.Rego)
}

// sourceBuiltins are the builtins of every source, in order: each is
// available to the policies of all of them. A name declared twice is an
// error.
func sourceBuiltins(sources []Source) ([]Builtin, error) {
	var out []Builtin
	seen := map[string]string{}
	for _, src := range sources {
		for _, b := range src.Builtins {
			if b.Decl == nil || b.Impl == nil {
				return nil, fmt.Errorf("policies %s: a builtin without a declaration or an implementation", src.Name)
			}
			if other, dup := seen[b.Decl.Name]; dup {
				return nil, fmt.Errorf("policies %s: builtin %s is declared by %s too", src.Name, b.Decl.Name, other)
			}
			seen[b.Decl.Name] = src.Name
			out = append(out, b)
		}
	}
	return out, nil
}
