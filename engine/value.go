package engine

import (
	"slices"

	"github.com/open-policy-agent/opa/v1/ast"
)

// toValue converts an input document to OPA's value. It handles the Go
// types input documents are made of (JSON-decoded values, and maps of
// booleans, strings and string lists) directly: ast.InterfaceToValue
// converts those maps by encoding them to JSON and decoding them again,
// which cost more than evaluating most rules. Anything else goes to it.
func toValue(x any) (ast.Value, error) {
	switch x := x.(type) {
	case map[string]any:
		return objectOf(x, toValue)
	case []any:
		backing := make([]ast.Term, len(x)) // one allocation for the elements
		terms := make([]*ast.Term, len(x))
		for i, e := range x {
			v, err := toValue(e)
			if err != nil {
				return nil, err
			}
			backing[i].Value = v
			terms[i] = &backing[i]
		}
		return ast.NewArray(terms...), nil
	case map[string]bool:
		return objectOf(x, func(b bool) (ast.Value, error) { return ast.Boolean(b), nil })
	case map[string]string:
		return objectOf(x, func(s string) (ast.Value, error) { return ast.String(s), nil })
	case map[string][]string:
		return objectOf(x, func(l []string) (ast.Value, error) {
			if l == nil {
				return ast.Null{}, nil // as JSON writes a nil slice
			}
			return ast.InterfaceToValue(l)
		})
	case string:
		return ast.String(x), nil
	}
	return ast.InterfaceToValue(x)
}

// objectOf builds an object from a map, its keys inserted in sorted order
// (OPA keeps them sorted; inserting in order is the cheap case).
func objectOf[V any](m map[string]V, conv func(V) (ast.Value, error)) (ast.Value, error) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	backing := make([]ast.Term, 2*len(keys)) // one allocation for keys and values
	kvs := make([][2]*ast.Term, len(keys))
	for i, k := range keys {
		v, err := conv(m[k])
		if err != nil {
			return nil, err
		}
		backing[2*i].Value = ast.String(k)
		backing[2*i+1].Value = v
		kvs[i] = [2]*ast.Term{&backing[2*i], &backing[2*i+1]}
	}
	return ast.NewObject(kvs...), nil
}
