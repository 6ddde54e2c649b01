package nixsyntax

import (
	"slices"
	"sort"
)

// Definition is one place in a file that defines an option path.
type Definition struct {
	// Path is the option path the definition sets: the requested path,
	// or for a Partial definition the prefix that is set.
	Path []string
	// Key is the range of the innermost attribute name of the definition
	// (e.g. `PasswordAuthentication` in
	// `services.openssh.settings.PasswordAuthentication = false;`).
	Key Range
	// Value is the range of the value expression bound to that name.
	Value Range
	// Partial is set when only a prefix of the path is defined, with a
	// value that is not an attribute set (`settings = mkDefault x;`).
	Partial bool
}

// modifiers are the NixOS module-system functions whose last argument
// carries the definition.
var modifiers = map[string]bool{
	"mkIf": true, "mkForce": true, "mkDefault": true, "mkOverride": true,
	"mkBefore": true, "mkAfter": true, "mkOrder": true, "mkOptionDefault": true,
	"mkVMOverride": true, "mkImageMediaOverride": true, "mkFixStrictness": true,
	"mkMerge": true,
}

type locator struct {
	path  []string
	defs  []Definition
	seen  map[Range]bool
	roots map[Expr]bool
	// modules holds the expressions module has seen: each is looked at
	// once, and walks for module lists stop at them, as their own walk
	// covers them. Nested `modules = [ … ]` lists were otherwise walked
	// again from every enclosing one (quadratic, or exponential through
	// mkIf).
	modules map[Expr]bool
}

// Locate finds every place in f that defines the option path: dotted,
// nested or mixed attribute paths, quoted names, inside `config = ...`,
// through mkIf/mkMerge/mkForce/mkDefault/mkOverride/mkBefore/mkAfter/
// mkOrder (with or without `lib.`), under let, with and assert, in a
// module that is a function or a set, in a list of modules, in inline
// modules of `imports` and `modules` lists, and in a flake's `outputs`
// (so `nixosConfigurations.<host>` is found in flake.nix). Results are
// in source order.
func Locate(f *File, path []string) []Definition {
	if slices.Contains(path, anyName) {
		return nil // no name of Nix holds a NUL; only LocateEach's marker does
	}
	return locate(f, path)
}

// locate is Locate, anyName in path matching every name.
func locate(f *File, path []string) []Definition {
	if f == nil || f.Expr == nil || len(path) == 0 {
		return nil
	}
	l := &locator{path: path, seen: map[Range]bool{}, roots: map[Expr]bool{}, modules: map[Expr]bool{}}
	l.module(f.Expr)
	sort.SliceStable(l.defs, func(i, j int) bool { return l.defs[i].Key.Start.Offset < l.defs[j].Key.Start.Offset })
	return l.defs
}

// anyName, as a component of a locator's path, matches every static
// attribute name; definitions report the name matched (LocateEach).
const anyName = "\x00any"

// LocateEach is Locate of prefix.<name> for every static name at once,
// in one walk of the file instead of one per name (a flake's hosts:
// `nixosConfigurations.<host>` once per host made a fleet's flake.nix
// quadratic). byName holds each name's definitions; shared holds those
// that define prefix, or less of it, by a value that is not a set
// (Partial): Locate would return them for every name. Locate(f,
// prefix+[name]) is byName[name] and shared, in source order.
func LocateEach(f *File, prefix []string) (byName map[string][]Definition, shared []Definition) {
	byName = map[string][]Definition{}
	if slices.Contains(prefix, anyName) {
		return byName, nil
	}
	for _, d := range locate(f, append(append([]string{}, prefix...), anyName)) {
		if len(d.Path) <= len(prefix) {
			shared = append(shared, d)
			continue
		}
		byName[d.Path[len(prefix)]] = append(byName[d.Path[len(prefix)]], d)
	}
	return byName, shared
}

// LocateAny is Locate for several paths (e.g. an option and its old
// names); definitions are in source order.
func LocateAny(f *File, paths [][]string) []Definition {
	var all []Definition
	seen := map[Range]bool{}
	for _, p := range paths {
		for _, d := range Locate(f, p) {
			if !seen[d.Key] {
				seen[d.Key] = true
				all = append(all, d)
			}
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].Key.Start.Offset < all[j].Key.Start.Offset })
	return all
}

// unwrap strips what does not change the value of a module or a
// definition: parentheses, let, with, assert, function headers.
func unwrap(e Expr, lambdas bool) Expr {
	for i := 0; i < 1000; i++ {
		switch x := e.(type) {
		case *Paren:
			e = x.X
		case *Let:
			e = x.Body
		case *With:
			e = x.Body
		case *Assert:
			e = x.Body
		case *Lambda:
			if !lambdas {
				return e
			}
			e = x.Body
		default:
			return e
		}
	}
	return e
}

// modifierCall returns the name and arguments of `f a b` when f is a
// module-system modifier (`mkIf`, `lib.mkIf`, `lib.modules.mkIf`, ...).
func modifierCall(e Expr) (string, []Expr) {
	var args []Expr
	for {
		a, ok := e.(*Apply)
		if !ok {
			break
		}
		args = append(args, a.Arg) // last argument first; reversed below
		e = unwrap(a.Fn, false)
	}
	slices.Reverse(args)
	if len(args) == 0 {
		return "", nil
	}
	name := ""
	switch fn := e.(type) {
	case *Ident:
		name = fn.Name
	case *Select:
		if n, ok := fn.Path[len(fn.Path)-1].Static(); ok && fn.Default == nil {
			name = n
		}
	}
	if modifiers[name] {
		return name, args
	}
	return "", nil
}

// values returns the expressions a value stands for: through modifiers,
// mkMerge lists, `//`, and both branches of `if`.
func values(e Expr, out []Expr, depth int) []Expr {
	if depth > 200 {
		return out
	}
	e = unwrap(e, false)
	if name, args := modifierCall(e); name != "" {
		last := unwrap(args[len(args)-1], false)
		if name == "mkMerge" {
			if l, ok := last.(*List); ok {
				for _, x := range l.Elems {
					out = values(x, out, depth+1)
				}
				return out
			}
		}
		return values(last, out, depth+1)
	}
	switch x := e.(type) {
	case *BinOp:
		if x.Op == UPDATE {
			out = values(x.L, out, depth+1)
			return values(x.R, out, depth+1)
		}
	case *If:
		out = values(x.Then, out, depth+1)
		return values(x.Else, out, depth+1)
	}
	return append(out, e)
}

// module looks for the path in a module (or a list of modules, or a
// flake).
func (l *locator) module(e Expr) {
	if l.modules[e] {
		return // done already, and would find nothing new
	}
	l.modules[e] = true
	for _, v := range values(unwrap(e, true), nil, 0) {
		v = unwrap(v, true)
		if l.roots[v] {
			continue
		}
		l.roots[v] = true
		switch x := v.(type) {
		case *List:
			for _, m := range x.Elems {
				l.module(m)
			}
		case *Attrs:
			l.inAttrs(x.Bindings, l.path, nil)
			if l.path[0] != "config" {
				l.inAttrs(x.Bindings, append([]string{"config"}, l.path...), nil)
			}
			// inline modules and a flake's outputs
			for _, b := range x.Bindings {
				if b.Inherit || len(b.Path) != 1 {
					continue
				}
				name, _ := b.Path[0].Static()
				switch name {
				case "imports", "modules":
					if lst, ok := unwrap(b.Value, false).(*List); ok {
						for _, m := range lst.Elems {
							l.module(m)
						}
					}
				case "outputs":
					l.module(b.Value)
				}
			}
		}
	}
	// calls such as `nixpkgs.lib.nixosSystem { modules = [ ... ]; }`
	l.findModuleLists(e, 0)
}

// findModuleLists visits every `modules = [ ... ]` list below e.
func (l *locator) findModuleLists(e Expr, depth int) {
	if depth > 100 || e == nil {
		return
	}
	walk(e, func(n Expr) bool {
		if n != e && l.modules[n] {
			return false
		}
		a, ok := n.(*Attrs)
		if !ok {
			return true
		}
		for _, b := range a.Bindings {
			if b.Inherit || len(b.Path) != 1 {
				continue
			}
			if name, _ := b.Path[0].Static(); name == "modules" {
				if lst, ok := unwrap(b.Value, false).(*List); ok {
					for _, m := range lst.Elems {
						if !l.roots[unwrap(m, true)] {
							l.module(m)
						}
					}
				}
			}
		}
		return true
	})
}

func (l *locator) add(d Definition) {
	if l.seen[d.Key] {
		return
	}
	l.seen[d.Key] = true
	l.defs = append(l.defs, d)
}

// inAttrs looks for want (the rest of the path) among bindings; done is
// the part of the path already matched, for reporting.
func (l *locator) inAttrs(binds []*Binding, want []string, done []string) {
	for _, b := range binds {
		if b.Inherit {
			for _, n := range b.Names {
				name, ok := n.Static()
				if !ok || (name != want[0] && want[0] != anyName) {
					continue
				}
				val := n.Range
				if b.From != nil {
					val = b.From.Span()
				}
				l.add(Definition{Path: append(append([]string{}, done...), name), Key: n.Range, Value: val, Partial: len(want) > 1})
			}
			continue
		}
		k := matched(b.Path, want)
		if k == 0 {
			continue
		}
		switch {
		case k == len(want):
			// the whole path is defined here (possibly deeper: a.b.c = x
			// defines a.b); point at the component that ends the path.
			l.add(Definition{Path: appendNames(done, b.Path[:k]), Key: b.Path[k-1].Range, Value: b.Value.Span()})
		case k == len(b.Path):
			// the binding defines a prefix: look inside its value.
			l.inValue(b.Value, want[k:], appendNames(done, b.Path[:k]), b.Path[k-1].Range)
		}
	}
}

// matched is how many leading names of an attribute path are the leading
// names of want (static names only; anyName matches every one).
func matched(path []*AttrName, want []string) int {
	k := 0
	for k < len(path) && k < len(want) {
		name, ok := path[k].Static()
		if !ok || (name != want[k] && want[k] != anyName) {
			break
		}
		k++
	}
	return k
}

// appendNames is done and the static names of path, matched already, in
// a new slice.
func appendNames(done []string, path []*AttrName) []string {
	out := append(make([]string, 0, len(done)+len(path)), done...)
	for _, n := range path {
		name, _ := n.Static()
		out = append(out, name)
	}
	return out
}

// ancestors are the expressions from root down to the one spanning
// exactly r (last), each containing the next; r need not be reached.
func ancestors(root Expr, r Range) []Expr {
	var out []Expr
	for e := root; e != nil && len(out) < 10000; {
		out = append(out, e)
		if e.Span() == r {
			break
		}
		var next Expr
		for _, c := range appendChildren(nil, e) {
			if c != nil && contains(c.Span(), r) {
				next = c
				break
			}
		}
		e = next
	}
	return out
}

func (l *locator) inValue(v Expr, want []string, done []string, key Range) {
	for _, x := range values(v, nil, 0) {
		if a, ok := x.(*Attrs); ok {
			l.inAttrs(a.Bindings, want, done)
			continue
		}
		l.add(Definition{Path: append([]string{}, done...), Key: key, Value: v.Span(), Partial: true})
	}
}

// walk calls fn for e and every expression below it, while fn returns
// true. It keeps its own stack: operator chains make trees as deep as
// the file is long.
func walk(e Expr, fn func(Expr) bool) {
	stack := []Expr{e}
	for len(stack) > 0 {
		e := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if e == nil || !fn(e) {
			continue
		}
		mark := len(stack)
		stack = appendChildren(stack, e)
		slices.Reverse(stack[mark:]) // visit the children in order
	}
}

// appendChildren appends the subexpressions of e in source order (nil
// for absent ones).
func appendChildren(out []Expr, e Expr) []Expr {
	switch x := e.(type) {
	case *String:
		for _, p := range x.Parts {
			out = append(out, p.Interp)
		}
	case *Path:
		for _, p := range x.Parts {
			out = append(out, p.Interp)
		}
	case *Attrs:
		out = appendBinds(out, x.Bindings)
	case *OldLet:
		out = appendBinds(out, x.Bindings)
	case *Let:
		out = appendBinds(out, x.Bindings)
		out = append(out, x.Body)
	case *List:
		out = append(out, x.Elems...)
	case *With:
		out = append(out, x.Env, x.Body)
	case *Assert:
		out = append(out, x.Cond, x.Body)
	case *If:
		out = append(out, x.Cond, x.Then, x.Else)
	case *Lambda:
		if x.Formals != nil {
			for _, f := range x.Formals.Formals {
				out = append(out, f.Default)
			}
		}
		out = append(out, x.Body)
	case *Apply:
		out = append(out, x.Fn, x.Arg)
	case *Select:
		out = append(out, x.X, x.Default)
	case *HasAttr:
		out = append(out, x.X)
	case *BinOp:
		out = append(out, x.L, x.R)
	case *UnOp:
		out = append(out, x.X)
	case *Paren:
		out = append(out, x.X)
	}
	return out
}

func appendBinds(out []Expr, binds []*Binding) []Expr {
	walkBinds(binds, func(e Expr) { out = append(out, e) })
	return out
}

func walkBinds(binds []*Binding, fn func(Expr)) {
	for _, b := range binds {
		if b.Inherit {
			if b.From != nil {
				fn(b.From)
			}
			continue
		}
		fn(b.Value)
	}
}

// Walk calls fn for every expression of the tree in depth-first order;
// returning false skips the children of that expression.
func Walk(e Expr, fn func(Expr) bool) { walk(e, fn) }
