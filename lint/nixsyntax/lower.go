package nixsyntax

import (
	"context"
	"fmt"
	"sort"
	"strings"
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
		kind PathKind
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
		pos       Pos
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
		order []string // binding names in Nix's (symbol address) order
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

type lowerer struct {
	file  string
	err   *Error
	syms  map[string]int
	spine []Expr // pending operator nodes of the enclosing expr calls

	ctx    context.Context // nil when it cannot be cancelled
	ctxErr error
	tick   int
}

// rank orders symbols the way Nix 2.8 does (by address): the symbols
// that exist before parsing first, then the others in creation order.
func (lw *lowerer) rank(s string) int {
	if r, ok := preRank[s]; ok {
		return r
	}
	if r, ok := lw.syms[s]; ok {
		return r
	}
	return 1 << 30
}

type lowerBail struct{}

func lower(ctx context.Context, f *File) (ir nExpr, err error) {
	lw := &lowerer{file: f.Name, syms: f.syms, ctx: ctx}
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(lowerBail); !ok {
				panic(r)
			}
			ir, err = nil, lw.err
			if lw.ctxErr != nil {
				err = lw.ctxErr
			}
		}
	}()
	return lw.expr(f.Expr), nil
}

func (lw *lowerer) fail(pos Pos, format string, args ...any) {
	lw.err = &Error{File: lw.file, Pos: pos, Msg: fmt.Sprintf(format, args...)}
	panic(lowerBail{})
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

// spineChild returns the operand of e that may be an arbitrarily long
// chain (the left operand of a binary operator, the function of an
// application, the operand of a prefix operator, the subject of a
// selection or `?`), or nil. The parser bounds the depth of every other
// child (MaxNesting), so walkers that loop down this one and recurse
// into the others use bounded stack.
func spineChild(e Expr) Expr {
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

// expr lowers e. It walks down the spine of e (see spineChild) in a loop,
// lowers its end, then the nodes on the way back up: the same order as
// plain recursion, so the same first error, without its stack.
func (lw *lowerer) expr(e Expr) nExpr {
	if lw.ctx != nil {
		if lw.tick++; lw.tick >= cancelEvery {
			lw.tick = 0
			if err := lw.ctx.Err(); err != nil {
				lw.ctxErr = err
				panic(lowerBail{})
			}
		}
	}
	c := spineChild(e)
	if c == nil {
		return lw.leaf(e)
	}
	base := len(lw.spine)
	for c != nil {
		lw.spine = append(lw.spine, e)
		e, c = c, spineChild(c)
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
func (lw *lowerer) op(e Expr, x nExpr) nExpr {
	switch e := e.(type) {
	case *Apply:
		return makeCall(x, lw.expr(e.Arg))
	case *Select:
		s := &nSelect{e: x, path: lw.attrPath(e.Path)}
		if e.Default != nil {
			s.def = lw.expr(e.Default)
		}
		return s
	case *HasAttr:
		return &nHasAttr{e: x, path: lw.attrPath(e.Path)}
	case *UnOp:
		if e.Op == NOT {
			return &nNot{x}
		}
		return builtinCall("__sub", &nInt{0}, x)
	case *BinOp:
		l, r := x, lw.expr(e.R)
		switch e.Op {
		case EQ:
			return &nBin{"==", l, r}
		case NEQ:
			return &nBin{"!=", l, r}
		case AND:
			return &nBin{"&&", l, r}
		case OR:
			return &nBin{"||", l, r}
		case IMPL:
			return &nBin{"->", l, r}
		case UPDATE:
			return &nBin{"//", l, r}
		case CONCAT:
			return &nBin{"++", l, r}
		case PLUS:
			return &nConcat{[]nExpr{l, r}}
		case MINUS:
			return builtinCall("__sub", l, r)
		case STAR:
			return builtinCall("__mul", l, r)
		case SLASH:
			return builtinCall("__div", l, r)
		case LT:
			return builtinCall("__lessThan", l, r)
		case GT:
			return builtinCall("__lessThan", r, l)
		case LEQ:
			return &nNot{builtinCall("__lessThan", r, l)}
		case GEQ:
			return &nNot{builtinCall("__lessThan", l, r)}
		case PIPE_INTO:
			return makeCall(r, l)
		case PIPE_FROM:
			return makeCall(l, r)
		}
	}
	panic(fmt.Sprintf("nixsyntax: unexpected node %T", e))
}

// leaf lowers an expression that is not a spine node.
func (lw *lowerer) leaf(e Expr) nExpr {
	switch e := e.(type) {
	case *Int:
		return &nInt{e.Value}
	case *Float:
		return &nFloat{e.Value}
	case *String:
		return lw.str(e)
	case *Path:
		if e.Kind == PathSearch {
			return builtinCall("__findFile", &nVar{"__nixPath"}, &nStr{e.Parts[0].Lit})
		}
		start := &nPath{kind: e.Kind, text: e.Parts[0].Lit}
		if len(e.Parts) == 1 {
			return start
		}
		parts := []nExpr{start}
		for _, p := range e.Parts[1:] {
			if p.Interp != nil {
				parts = append(parts, lw.expr(p.Interp))
			} else {
				parts = append(parts, &nStr{p.Lit})
			}
		}
		return &nConcat{parts}
	case *URILit:
		return &nStr{e.Text}
	case *Ident:
		return &nVar{e.Name}
	case *Paren:
		return lw.expr(e.X)
	case *Attrs:
		a := lw.binds(e.Bindings)
		a.rec = e.Rec
		return a
	case *OldLet:
		a := lw.binds(e.Bindings)
		a.rec = true
		return &nSelect{e: a, path: []nAttrName{{sym: "body"}}}
	case *Let:
		a := lw.binds(e.Bindings)
		if len(a.dyn) > 0 {
			lw.fail(e.R.Start, "dynamic attributes not allowed in let")
		}
		return &nLet{attrs: a, body: lw.expr(e.Body), order: lw.symOrder(a.attrs)}
	case *List:
		l := &nList{elems: make([]nExpr, 0, len(e.Elems))}
		for _, x := range e.Elems {
			l.elems = append(l.elems, lw.expr(x))
		}
		return l
	case *With:
		return &nWith{lw.expr(e.Env), lw.expr(e.Body)}
	case *Assert:
		return &nAssert{lw.expr(e.Cond), lw.expr(e.Body)}
	case *If:
		return &nIf{lw.expr(e.Cond), lw.expr(e.Then), lw.expr(e.Else)}
	case *Lambda:
		l := &nLambda{arg: e.Arg}
		if e.Formals != nil {
			l.hasForms = true
			l.ellipsis = e.Formals.Ellipsis
			seen := map[string]bool{}
			for _, f := range e.Formals.Formals {
				if seen[f.Name] {
					lw.fail(f.Range.Start, "duplicate formal function argument '%s'", f.Name)
				}
				seen[f.Name] = true
			}
			if e.Arg != "" && seen[e.Arg] {
				lw.fail(e.ArgRange.Start, "duplicate formal function argument '%s'", e.Arg)
			}
			for _, f := range e.Formals.Formals {
				nf := nFormal{name: f.Name}
				if f.Default != nil {
					nf.def = lw.expr(f.Default)
				}
				l.formals = append(l.formals, nf)
			}
			sort.SliceStable(l.formals, func(i, j int) bool {
				return lw.rank(l.formals[i].name) < lw.rank(l.formals[j].name)
			})
		}
		l.body = lw.expr(e.Body)
		return l
	}
	panic(fmt.Sprintf("nixsyntax: unexpected node %T", e))
}

func (lw *lowerer) str(s *String) nExpr {
	if s.Indented {
		return stripIndentation(s.Parts, lw.expr)
	}
	if len(s.Parts) == 0 {
		return &nStr{""}
	}
	if len(s.Parts) == 1 && s.Parts[0].Interp == nil {
		return &nStr{s.Parts[0].Lit}
	}
	parts := make([]nExpr, 0, len(s.Parts))
	for _, p := range s.Parts {
		if p.Interp != nil {
			parts = append(parts, lw.expr(p.Interp))
		} else {
			parts = append(parts, &nStr{p.Lit})
		}
	}
	return &nConcat{parts}
}

// stripIndentation removes the common indentation of an indented string
// as Nix does: literal text counts for the minimum indentation, escapes
// and interpolations end the leading whitespace of their line, and a last
// line of only spaces is dropped.
func stripIndentation(parts []StrPart, conv func(Expr) nExpr) nExpr {
	if len(parts) == 0 {
		return &nStr{""}
	}
	atStart := true
	minIndent := 1000000
	cur := 0
	for _, p := range parts {
		if p.Interp != nil || !p.Indent {
			if atStart {
				atStart = false
				if cur < minIndent {
					minIndent = cur
				}
			}
			continue
		}
		s := p.Lit
		for j := 0; j < len(s); j++ {
			if atStart {
				switch s[j] {
				case ' ':
					cur++
				case '\n':
					cur = 0
				default:
					atStart = false
					if cur < minIndent {
						minIndent = cur
					}
				}
			} else if s[j] == '\n' {
				atStart = true
				cur = 0
			}
		}
	}
	out := make([]nExpr, 0, len(parts))
	atStart = true
	dropped := 0
	n := len(parts)
	for _, p := range parts {
		if p.Interp != nil {
			atStart = false
			dropped = 0
			var e nExpr
			if conv != nil {
				e = conv(p.Interp)
			}
			out = append(out, e)
			n--
			continue
		}
		s := p.Lit
		var b strings.Builder
		for j := 0; j < len(s); j++ {
			c := s[j]
			if atStart {
				switch c {
				case ' ':
					if dropped >= minIndent {
						b.WriteByte(c)
					}
					dropped++
				case '\n':
					dropped = 0
					b.WriteByte(c)
				default:
					atStart = false
					dropped = 0
					b.WriteByte(c)
				}
			} else {
				b.WriteByte(c)
				if c == '\n' {
					atStart = true
				}
			}
		}
		s2 := b.String()
		if n == 1 {
			if k := strings.LastIndexByte(s2, '\n'); k >= 0 && strings.Trim(s2[k+1:], " ") == "" {
				s2 = s2[:k+1]
			}
		}
		out = append(out, &nStr{s2})
		n--
	}
	if len(out) == 1 {
		if s, ok := out[0].(*nStr); ok {
			return s
		}
	}
	return &nConcat{out}
}

// indentedLiteral is the value of an indented string without
// interpolation.
func indentedLiteral(parts []StrPart) (string, bool) {
	for _, p := range parts {
		if p.Interp != nil {
			return "", false
		}
	}
	switch v := stripIndentation(parts, nil).(type) {
	case *nStr:
		return v.s, true
	case *nConcat:
		var b strings.Builder
		for _, x := range v.parts {
			b.WriteString(x.(*nStr).s)
		}
		return b.String(), true
	}
	return "", false
}

func (lw *lowerer) attrName(a *AttrName) nAttrName {
	switch {
	case a.Str != nil:
		e := lw.str(a.Str)
		if s, ok := e.(*nStr); ok {
			return nAttrName{sym: s.s}
		}
		return nAttrName{dynamic: e}
	case a.Dynamic != nil:
		e := lw.expr(a.Dynamic)
		if s, ok := e.(*nStr); ok {
			return nAttrName{sym: s.s}
		}
		return nAttrName{dynamic: e}
	}
	return nAttrName{sym: a.Ident}
}

func (lw *lowerer) attrPath(path []*AttrName) []nAttrName {
	out := make([]nAttrName, len(path))
	for i, a := range path {
		out[i] = lw.attrName(a)
	}
	return out
}

func showAttrPathPlain(path []nAttrName) string {
	var b strings.Builder
	for i, a := range path {
		if i > 0 {
			b.WriteByte('.')
		}
		if a.dynamic != nil {
			b.WriteString("\"${...}\"")
		} else {
			b.WriteString(a.sym)
		}
	}
	return b.String()
}

func (lw *lowerer) binds(binds []*Binding) *nAttrs {
	attrs := &nAttrs{attrs: map[string]*nAttrDef{}}
	for _, b := range binds {
		if b.Inherit {
			var from nExpr
			if b.From != nil {
				from = lw.expr(b.From)
			}
			for _, n := range b.Names {
				an := lw.attrName(n)
				if an.dynamic != nil {
					lw.fail(n.Range.Start, "dynamic attributes not allowed in inherit")
				}
				if prev, ok := attrs.attrs[an.sym]; ok {
					lw.fail(n.Range.Start, "attribute '%s' already defined at %s", an.sym, prev.pos)
				}
				if from == nil {
					attrs.attrs[an.sym] = &nAttrDef{e: &nVar{an.sym}, inherited: true, pos: n.Range.Start}
				} else {
					attrs.attrs[an.sym] = &nAttrDef{e: &nSelect{e: from, path: []nAttrName{an}}, pos: n.Range.Start}
				}
			}
			continue
		}
		path := lw.attrPath(b.Path)
		lw.addAttr(attrs, path, lw.expr(b.Value), b.Path[0].Range.Start)
	}
	return attrs
}

func (lw *lowerer) addAttr(attrs *nAttrs, path []nAttrName, e nExpr, pos Pos) {
	dup := func(prev Pos) {
		lw.fail(pos, "attribute '%s' already defined at %s", showAttrPathPlain(path), prev)
	}
	for _, a := range path[:len(path)-1] {
		if a.dynamic == nil {
			if j, ok := attrs.attrs[a.sym]; ok {
				if j.inherited {
					dup(j.pos)
				}
				a2, ok := j.e.(*nAttrs)
				if !ok {
					dup(j.pos)
				}
				attrs = a2
			} else {
				nested := &nAttrs{attrs: map[string]*nAttrDef{}}
				attrs.attrs[a.sym] = &nAttrDef{e: nested, pos: pos}
				attrs = nested
			}
		} else {
			nested := &nAttrs{attrs: map[string]*nAttrDef{}}
			attrs.dyn = append(attrs.dyn, nDyn{a.dynamic, nested})
			attrs = nested
		}
	}
	last := path[len(path)-1]
	if last.dynamic != nil {
		attrs.dyn = append(attrs.dyn, nDyn{last.dynamic, e})
		return
	}
	j, ok := attrs.attrs[last.sym]
	if !ok {
		attrs.attrs[last.sym] = &nAttrDef{e: e, pos: pos}
		return
	}
	ae, ok1 := e.(*nAttrs)
	jAttrs, ok2 := j.e.(*nAttrs)
	if !ok1 || !ok2 {
		dup(j.pos)
	}
	keys := make([]string, 0, len(ae.attrs))
	for k := range ae.attrs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if prev, ok := jAttrs.attrs[k]; ok {
			lw.fail(pos, "attribute '%s' already defined at %s", k, prev.pos)
		}
		jAttrs.attrs[k] = ae.attrs[k]
	}
}

func (lw *lowerer) symOrder(m map[string]*nAttrDef) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		ri, rj := lw.rank(keys[i]), lw.rank(keys[j])
		if ri != rj {
			return ri < rj
		}
		return keys[i] < keys[j]
	})
	return keys
}
