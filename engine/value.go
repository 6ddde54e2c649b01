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

// inputValue converts a host's input document for evaluation. Its
// objects decoded from JSON (the configuration, above all) are converted
// only where a rule reads them: a host's document holds every option the
// bundle may read, and most rules read a handful.
func inputValue(x any) (ast.Value, error) {
	m, ok := x.(map[string]any)
	if !ok {
		return toValue(x)
	}
	native := make(map[string]any, len(m))
	for k, v := range m {
		switch v := v.(type) {
		case map[string]any:
			native[k] = v
			continue
		case map[string]bool:
			native[k] = anyMap(v)
			continue
		case map[string]string:
			native[k] = anyMap(v)
			continue
		case map[string][]string:
			m := make(map[string]any, len(v))
			for path, files := range v {
				if files == nil {
					m[path] = nil // null, as JSON writes a nil slice (toValue)
				} else {
					m[path] = files
				}
			}
			native[k] = m
			continue
		}
		cv, err := toValue(v)
		if err != nil {
			return nil, err
		}
		native[k] = cv
	}
	return ast.LazyObject(native), nil
}

// anyMap is m with its values as any, for ast.LazyObject, which converts
// the entry a rule reads.
func anyMap[V any](m map[string]V) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
