package nixprint

import (
	"fmt"
	"sort"

	"github.com/nixsec/nixsec/lint/nixsyntax"
)

// The lowered representation mirrors the expression classes of Nix's
// evaluator (ExprAttrs, ExprCall, ExprConcatStrings, ...): attribute
// paths are expanded into nested sets, operators become calls of
// builtins, and so on. Print writes it the way Nix's show() methods do.

type nExpr interface{}

type (
	nInt   struct{ v int64 }
	nFloat struct{ v float64 }
	nStr   struct{ s string }
	// nPath is a path literal as written; it is made absolute when printed.
	nPath struct {
		kind nixsyntax.PathKind
		text string
	}
	nVar    struct{ name string }
	nSelect struct {
		e    nExpr
		path []nAttrName
		def  nExpr
	}
	nHasAttr struct {
		e    nExpr
		path []nAttrName
	}
	nAttrName struct {
		sym     string
		dynamic nExpr // nil when static
	}
	nAttrDef struct {
		e         nExpr
		inherited bool
	}
	nDyn struct {
		name, value nExpr
	}
	nAttrs struct {
		rec   bool
		attrs map[string]*nAttrDef
		dyn   []nDyn
	}
	nList   struct{ elems []nExpr }
	nFormal struct {
		name string
		def  nExpr
	}
	nLambda struct {
		arg      string
		formals  []nFormal
		hasForms bool
		ellipsis bool
		body     nExpr
	}
	nCall struct {
		fn   nExpr
		args []nExpr
	}
	nLet struct {
		attrs *nAttrs
		body  nExpr
	}
	nWith   struct{ env, body nExpr }
	nIf     struct{ c, a, b nExpr }
	nAssert struct{ c, body nExpr }
	nNot    struct{ e nExpr }
	nBin    struct {
		op   string
		l, r nExpr
	}
	nConcat struct{ parts []nExpr }
)

// lowerer lowers a tree that nixsyntax.Parse returned: Parse has made
// the checks of Nix's parser (duplicate attributes, dynamic attributes in
// let and inherit), so lowering cannot fail on such a tree; err records
// the first violation in a tree built otherwise.
type lowerer struct {
	spine []nixsyntax.Expr // pending operator nodes of the enclosing expr calls
	err   error
}

func lower(e nixsyntax.Expr) (nExpr, error) {
	lw := &lowerer{}
	ir := lw.expr(e)
	return ir, lw.err
}

func (lw *lowerer) invalid(format string, args ...any) {
	if lw.err == nil {
		lw.err = fmt.Errorf("nixprint: "+format+" (the tree was not checked by nixsyntax.Parse)", args...)
	}
}

func makeCall(fn nExpr, arg nExpr) nExpr {
	if c, ok := fn.(*nCall); ok {
		c.args = append(c.args, arg)
		return c
	}
	return &nCall{fn: fn, args: []nExpr{arg}}
}

func builtinCall(name string, args ...nExpr) nExpr {
	return &nCall{fn: &nVar{name}, args: args}
}

// expr lowers e. It walks down the spine of e (nixsyntax.SpineChild) in
// a loop, lowers its end, then the nodes on the way back up: the same
// order as plain recursion, without its stack.
func (lw *lowerer) expr(e nixsyntax.Expr) nExpr {
	c := nixsyntax.SpineChild(e)
	if c == nil {
		return lw.leaf(e)
	}
	base := len(lw.spine)
	for c != nil {
		lw.spine = append(lw.spine, e)
		e, c = c, nixsyntax.SpineChild(c)
	}
	v := lw.leaf(e)
	for i := len(lw.spine) - 1; i >= base; i-- {
		v = lw.op(lw.spine[i], v)
	}
	clear(lw.spine[base:])
	lw.spine = lw.spine[:base]
	return v
}

// op lowers a spine node whose spine child lowers to x.
func (lw *lowerer) op(e nixsyntax.Expr, x nExpr) nExpr {
	switch e := e.(type) {
	case *nixsyntax.Apply:
		return makeCall(x, lw.expr(e.Arg))
	case *nixsyntax.Select:
		s := &nSelect{e: x, path: lw.attrPath(e.Path)}
		if e.Default != nil {
			s.def = lw.expr(e.Default)
		}
		return s
	case *nixsyntax.HasAttr:
		return &nHasAttr{e: x, path: lw.attrPath(e.Path)}
	case *nixsyntax.UnOp:
		if e.Op == nixsyntax.NOT {
			return &nNot{x}
		}
		return builtinCall("__sub", &nInt{0}, x)
	case *nixsyntax.BinOp:
		l, r := x, lw.expr(e.R)
		switch e.Op {
		case nixsyntax.EQ:
			return &nBin{"==", l, r}
		case nixsyntax.NEQ:
			return &nBin{"!=", l, r}
		case nixsyntax.AND:
			return &nBin{"&&", l, r}
		case nixsyntax.OR:
			return &nBin{"||", l, r}
		case nixsyntax.IMPL:
			return &nBin{"->", l, r}
		case nixsyntax.UPDATE:
			return &nBin{"//", l, r}
		case nixsyntax.CONCAT:
			return &nBin{"++", l, r}
		case nixsyntax.PLUS:
			return &nConcat{[]nExpr{l, r}}
		case nixsyntax.MINUS:
			return builtinCall("__sub", l, r)
		case nixsyntax.STAR:
			return builtinCall("__mul", l, r)
		case nixsyntax.SLASH:
			return builtinCall("__div", l, r)
		case nixsyntax.LT:
			return builtinCall("__lessThan", l, r)
		case nixsyntax.GT:
			return builtinCall("__lessThan", r, l)
		case nixsyntax.LEQ:
			return &nNot{builtinCall("__lessThan", r, l)}
		case nixsyntax.GEQ:
			return &nNot{builtinCall("__lessThan", l, r)}
		case nixsyntax.PIPE_INTO:
			return makeCall(r, l)
		case nixsyntax.PIPE_FROM:
			return makeCall(l, r)
		}
	}
	panic(fmt.Sprintf("nixprint: unexpected node %T", e))
}

// leaf lowers an expression that is not a spine node.
func (lw *lowerer) leaf(e nixsyntax.Expr) nExpr {
	switch e := e.(type) {
	case *nixsyntax.Int:
		return &nInt{e.Value}
	case *nixsyntax.Float:
		return &nFloat{e.Value}
	case *nixsyntax.String:
		return lw.str(e)
	case *nixsyntax.Path:
		if e.Kind == nixsyntax.PathSearch {
			return builtinCall("__findFile", &nVar{"__nixPath"}, &nStr{e.Parts[0].Lit})
		}
		start := &nPath{kind: e.Kind, text: e.Parts[0].Lit}
		if len(e.Parts) == 1 {
			return start
		}
		return &nConcat{append([]nExpr{start}, lw.parts(e.Parts[1:])...)}
	case *nixsyntax.URILit:
		return &nStr{e.Text}
	case *nixsyntax.Ident:
		return &nVar{e.Name}
	case *nixsyntax.Paren:
		return lw.expr(e.X)
	case *nixsyntax.Attrs:
		a := lw.binds(e.Bindings)
		a.rec = e.Rec
		return a
	case *nixsyntax.OldLet:
		a := lw.binds(e.Bindings)
		a.rec = true
		return &nSelect{e: a, path: []nAttrName{{sym: "body"}}}
	case *nixsyntax.Let:
		a := lw.binds(e.Bindings)
		if len(a.dyn) > 0 {
			lw.invalid("dynamic attributes in let")
		}
		return &nLet{attrs: a, body: lw.expr(e.Body)}
	case *nixsyntax.List:
		l := &nList{elems: make([]nExpr, 0, len(e.Elems))}
		for _, x := range e.Elems {
			l.elems = append(l.elems, lw.expr(x))
		}
		return l
	case *nixsyntax.With:
		return &nWith{lw.expr(e.Env), lw.expr(e.Body)}
	case *nixsyntax.Assert:
		return &nAssert{lw.expr(e.Cond), lw.expr(e.Body)}
	case *nixsyntax.If:
		return &nIf{lw.expr(e.Cond), lw.expr(e.Then), lw.expr(e.Else)}
	case *nixsyntax.Lambda:
		l := &nLambda{arg: e.Arg}
		if e.Formals != nil {
			l.hasForms = true
			l.ellipsis = e.Formals.Ellipsis
			for _, f := range e.Formals.Formals {
				nf := nFormal{name: f.Name}
				if f.Default != nil {
					nf.def = lw.expr(f.Default)
				}
				l.formals = append(l.formals, nf)
			}
		}
		l.body = lw.expr(e.Body)
		return l
	}
	panic(fmt.Sprintf("nixprint: unexpected node %T", e))
}

// str lowers a string: one literal piece is a string, anything else a
// concatenation, except that Nix keeps the lone piece of an indented
// string when it lowers to a string (an interpolated string literal).
func (lw *lowerer) str(s *nixsyntax.String) nExpr {
	parts := s.StrippedParts()
	switch {
	case len(parts) == 0:
		return &nStr{""}
	case len(parts) == 1 && parts[0].Interp == nil:
		return &nStr{parts[0].Lit}
	}
	out := lw.parts(parts)
	if s.Indented && len(out) == 1 {
		if str, ok := out[0].(*nStr); ok {
			return str
		}
	}
	return &nConcat{out}
}

func (lw *lowerer) parts(parts []nixsyntax.StrPart) []nExpr {
	out := make([]nExpr, 0, len(parts))
	for _, p := range parts {
		if p.Interp != nil {
			out = append(out, lw.expr(p.Interp))
		} else {
			out = append(out, &nStr{p.Lit})
		}
	}
	return out
}

func (lw *lowerer) attrName(a *nixsyntax.AttrName) nAttrName {
	var e nExpr
	switch {
	case a.Str != nil:
		e = lw.str(a.Str)
	case a.Dynamic != nil:
		e = lw.expr(a.Dynamic)
	}
	if sym, ok := a.Symbol(); ok {
		return nAttrName{sym: sym}
	}
	return nAttrName{dynamic: e}
}

func (lw *lowerer) attrPath(path []*nixsyntax.AttrName) []nAttrName {
	out := make([]nAttrName, len(path))
	for i, a := range path {
		out[i] = lw.attrName(a)
	}
	return out
}

func (lw *lowerer) binds(binds []*nixsyntax.Binding) *nAttrs {
	attrs := &nAttrs{attrs: map[string]*nAttrDef{}}
	for _, b := range binds {
		if b.Inherit {
			var from nExpr
			if b.From != nil {
				from = lw.expr(b.From)
			}
			for _, n := range b.Names {
				an := lw.attrName(n)
				switch {
				case an.dynamic != nil:
					lw.invalid("dynamic attribute in inherit")
				case attrs.attrs[an.sym] != nil:
					lw.invalid("attribute '%s' defined twice", an.sym)
				case from == nil:
					attrs.attrs[an.sym] = &nAttrDef{e: &nVar{an.sym}, inherited: true}
				default:
					attrs.attrs[an.sym] = &nAttrDef{e: &nSelect{e: from, path: []nAttrName{an}}}
				}
			}
			continue
		}
		path := lw.attrPath(b.Path)
		lw.addAttr(attrs, path, lw.expr(b.Value))
	}
	return attrs
}

// addAttr adds `path = e` to attrs as Nix 2.8's parser does: the names
// before the last open (or make) nested sets, and a set bound to a name
// that is already bound to a set is merged into it (its static
// attributes only).
func (lw *lowerer) addAttr(attrs *nAttrs, path []nAttrName, e nExpr) {
	for _, a := range path[:len(path)-1] {
		nested := &nAttrs{attrs: map[string]*nAttrDef{}}
		switch j := attrs.attrs[a.sym]; {
		case a.dynamic != nil:
			attrs.dyn = append(attrs.dyn, nDyn{a.dynamic, nested})
		case j == nil:
			attrs.attrs[a.sym] = &nAttrDef{e: nested}
		default:
			if a2, ok := j.e.(*nAttrs); ok && !j.inherited {
				nested = a2
			} else {
				lw.invalid("attribute '%s' defined twice", a.sym)
			}
		}
		attrs = nested
	}
	last := path[len(path)-1]
	if last.dynamic != nil {
		attrs.dyn = append(attrs.dyn, nDyn{last.dynamic, e})
		return
	}
	j := attrs.attrs[last.sym]
	if j == nil {
		attrs.attrs[last.sym] = &nAttrDef{e: e}
		return
	}
	ae, ok1 := e.(*nAttrs)
	jAttrs, ok2 := j.e.(*nAttrs)
	if !ok1 || !ok2 {
		lw.invalid("attribute '%s' defined twice", last.sym)
		return
	}
	keys := make([]string, 0, len(ae.attrs))
	for k := range ae.attrs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if jAttrs.attrs[k] != nil {
			lw.invalid("attribute '%s' defined twice", k)
		}
		jAttrs.attrs[k] = ae.attrs[k]
	}
}
