package nixsyntax

import (
	"context"
	"fmt"
	"sort"
	"strings"
)

// Nix's parser rejects some programs that its grammar accepts: an
// attribute defined twice, a formal argument named twice, a dynamic
// attribute in a let or an inherit. check applies these checks to a
// parsed tree in the order in which Nix meets them while it builds its
// expressions (children before the binding that holds them), so the
// first error reported is Nix's, at Nix's position.

// attrSet is what check keeps of an attribute set under construction:
// where each static name is defined, and for a name bound to a set that
// later bindings may extend (`a = { b = 1; }; a.c = 2;`), that set.
type attrSet struct {
	names map[string]*attrDef
	dyn   bool // has a dynamic attribute at this level
}

type attrDef struct {
	pos Pos
	set *attrSet // nil unless the value is a set literal or an attribute path made it
}

func newAttrSet() *attrSet { return &attrSet{names: map[string]*attrDef{}} }

// attrKey is an attribute name as Nix's parser resolves it (Symbol).
type attrKey struct {
	sym     string
	dynamic bool
}

type checker struct {
	file  string
	err   *Error
	spine []Expr // pending operator nodes of the enclosing expr calls

	ctx    context.Context // nil when it cannot be cancelled
	ctxErr error
	tick   int
}

type checkBail struct{}

func check(ctx context.Context, f *File) (err error) {
	c := &checker{file: f.Name, ctx: ctx}
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(checkBail); !ok {
				panic(r)
			}
			err = c.err
			if c.ctxErr != nil {
				err = c.ctxErr
			}
		}
	}()
	c.expr(f.Expr)
	return nil
}

func (c *checker) fail(pos Pos, format string, args ...any) {
	c.err = &Error{File: c.file, Pos: pos, Msg: fmt.Sprintf(format, args...)}
	panic(checkBail{})
}

// SpineChild returns the operand of e that may be an arbitrarily long
// chain (the left operand of a binary operator, the function of an
// application, the operand of a prefix operator, the subject of a
// selection or `?`), or nil. The parser bounds the depth of every other
// child (MaxNesting), so walkers that loop down this one and recurse
// into the others use bounded stack.
func SpineChild(e Expr) Expr {
	switch x := e.(type) {
	case *BinOp:
		return x.L
	case *Apply:
		return x.Fn
	case *UnOp:
		return x.X
	case *Select:
		return x.X
	case *HasAttr:
		return x.X
	}
	return nil
}

// expr checks e and returns, when e is a set literal (possibly in
// parentheses), its attributes. It walks down the spine of e (see
// SpineChild) in a loop, checks its end, then the nodes on the way back
// up: the order of plain recursion, without its stack.
func (c *checker) expr(e Expr) *attrSet {
	if c.ctx != nil {
		if c.tick++; c.tick >= cancelEvery {
			c.tick = 0
			if err := c.ctx.Err(); err != nil {
				c.ctxErr = err
				panic(checkBail{})
			}
		}
	}
	s := SpineChild(e)
	if s == nil {
		return c.leaf(e)
	}
	base := len(c.spine)
	for s != nil {
		c.spine = append(c.spine, e)
		e, s = s, SpineChild(s)
	}
	c.leaf(e)
	for i := len(c.spine) - 1; i >= base; i-- {
		c.op(c.spine[i])
	}
	clear(c.spine[base:])
	c.spine = c.spine[:base]
	return nil
}

// op checks the children of a spine node other than its spine child.
func (c *checker) op(e Expr) {
	switch e := e.(type) {
	case *Apply:
		c.expr(e.Arg)
	case *Select:
		c.attrPath(e.Path)
		if e.Default != nil {
			c.expr(e.Default)
		}
	case *HasAttr:
		c.attrPath(e.Path)
	case *BinOp:
		c.expr(e.R)
	}
}

func (c *checker) leaf(e Expr) *attrSet {
	switch e := e.(type) {
	case *String:
		c.parts(e.Parts)
	case *Path:
		c.parts(e.Parts)
	case *Paren:
		return c.expr(e.X)
	case *Attrs:
		return c.binds(e.Bindings)
	case *OldLet:
		c.binds(e.Bindings)
	case *Let:
		if c.binds(e.Bindings).dyn {
			c.fail(e.R.Start, "dynamic attributes not allowed in let")
		}
		c.expr(e.Body)
	case *List:
		for _, x := range e.Elems {
			c.expr(x)
		}
	case *With:
		c.expr(e.Env)
		c.expr(e.Body)
	case *Assert:
		c.expr(e.Cond)
		c.expr(e.Body)
	case *If:
		c.expr(e.Cond)
		c.expr(e.Then)
		c.expr(e.Else)
	case *Lambda:
		if e.Formals != nil {
			seen := map[string]bool{}
			for _, f := range e.Formals.Formals {
				if seen[f.Name] {
					c.fail(f.Range.Start, "duplicate formal function argument '%s'", f.Name)
				}
				seen[f.Name] = true
			}
			if e.Arg != "" && seen[e.Arg] {
				c.fail(e.ArgRange.Start, "duplicate formal function argument '%s'", e.Arg)
			}
			for _, f := range e.Formals.Formals {
				if f.Default != nil {
					c.expr(f.Default)
				}
			}
		}
		c.expr(e.Body)
	}
	return nil
}

func (c *checker) parts(parts []StrPart) {
	for _, p := range parts {
		if p.Interp != nil {
			c.expr(p.Interp)
		}
	}
}

func (c *checker) attrName(a *AttrName) attrKey {
	switch {
	case a.Str != nil:
		c.parts(a.Str.Parts)
	case a.Dynamic != nil:
		c.expr(a.Dynamic)
	}
	sym, ok := a.Symbol()
	return attrKey{sym: sym, dynamic: !ok}
}

func (c *checker) attrPath(path []*AttrName) []attrKey {
	out := make([]attrKey, len(path))
	for i, a := range path {
		out[i] = c.attrName(a)
	}
	return out
}

func (c *checker) binds(binds []*Binding) *attrSet {
	set := newAttrSet()
	for _, b := range binds {
		if b.Inherit {
			if b.From != nil {
				c.expr(b.From)
			}
			for _, n := range b.Names {
				k := c.attrName(n)
				if k.dynamic {
					c.fail(n.Range.Start, "dynamic attributes not allowed in inherit")
				}
				if prev, ok := set.names[k.sym]; ok {
					c.fail(n.Range.Start, "attribute '%s' already defined at %s", k.sym, prev.pos)
				}
				set.names[k.sym] = &attrDef{pos: n.Range.Start}
			}
			continue
		}
		path := c.attrPath(b.Path)
		c.addAttr(set, path, c.expr(b.Value), b.Path[0].Range.Start)
	}
	return set
}

// addAttr adds `path = value` to set as Nix's parser does: the names
// before the last open (or make) nested sets, and a set bound to a name
// that is already bound to a set is merged into it.
func (c *checker) addAttr(set *attrSet, path []attrKey, val *attrSet, pos Pos) {
	dup := func(prev Pos) {
		c.fail(pos, "attribute '%s' already defined at %s", showAttrPath(path), prev)
	}
	for _, a := range path[:len(path)-1] {
		if a.dynamic {
			set.dyn = true
			set = newAttrSet()
			continue
		}
		if j, ok := set.names[a.sym]; ok {
			if j.set == nil {
				dup(j.pos)
			}
			set = j.set
			continue
		}
		nested := newAttrSet()
		set.names[a.sym] = &attrDef{pos: pos, set: nested}
		set = nested
	}
	last := path[len(path)-1]
	if last.dynamic {
		set.dyn = true
		return
	}
	j, ok := set.names[last.sym]
	if !ok {
		set.names[last.sym] = &attrDef{pos: pos, set: val}
		return
	}
	if val == nil || j.set == nil {
		dup(j.pos)
	}
	// Nix 2.8 merges the static attributes only.
	keys := make([]string, 0, len(val.names))
	for k := range val.names {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if prev, ok := j.set.names[k]; ok {
			c.fail(pos, "attribute '%s' already defined at %s", k, prev.pos)
		}
		j.set.names[k] = val.names[k]
	}
}

func showAttrPath(path []attrKey) string {
	var b strings.Builder
	for i, a := range path {
		if i > 0 {
			b.WriteByte('.')
		}
		if a.dynamic {
			b.WriteString("\"${...}\"")
		} else {
			b.WriteString(a.sym)
		}
	}
	return b.String()
}
