package nixsyntax

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// MaxNesting bounds how deeply expressions may nest. One level is one
// parenthesis, list, attribute set, let, with, assert, if branch, lambda
// body, formal default, interpolation, `or` default, or the right operand
// of a binary operator (so right-associative chains such as `a -> b -> c`,
// `a ++ b ++ c` or `x: y: z` count one level per operator). Left-
// associative chains (`1 + 2 + 3`, `f a b c`, `x |> f |> g`), selector
// paths and prefix operators (`- - x`, `!!x`) do not nest: they are parsed
// iteratively and may be arbitrarily long. Deeper input fails with
// "nesting deeper than MaxNesting" at the token where the limit is
// crossed, instead of exhausting the stack: every .nix file is untrusted
// input. Nix's own (bison) parser stack is bounded similarly.
const MaxNesting = 5000

// cancelEvery is how many tokens the lexer and parser handle between two
// looks at the context: cheap, yet prompt (a few microseconds of work).
const cancelEvery = 4096

type parser struct {
	file   string
	src    string
	toks   []Token
	i      int
	depth  int
	err    *Error
	lexErr *Error
	prefix []*Token // pending prefix operators of the enclosing parseOp calls

	ctx     context.Context // nil when it cannot be cancelled
	ctxErr  error           // set when parsing stopped for ctx
	ctxTick int

	lenient bool // Options.Printed
}

type bailout struct{}

// Parse parses a Nix file. name is used in error messages. The returned
// error, if any, is an *Error with a position. Parse also applies the
// checks that Nix's parser makes beyond the grammar (duplicate
// attributes and formals, dynamic attributes in let and inherit, integer
// and float range).
func Parse(name string, src []byte) (*File, error) {
	return ParseString(name, string(src))
}

// ParseString is Parse for a string.
func ParseString(name, src string) (*File, error) {
	return ParseOptions(name, src, Options{})
}

// ParseOptions parses with language options.
func ParseOptions(name, src string, opts Options) (f *File, err error) {
	return ParseOptionsContext(context.Background(), name, src, opts)
}

// ParseContext is Parse that stops early when ctx is done: it then
// returns ctx.Err() (not an *Error). Lexing, parsing and checking look at
// ctx every few thousand tokens or nodes, so a huge file stops promptly.
func ParseContext(ctx context.Context, name string, src []byte) (*File, error) {
	return ParseOptionsContext(ctx, name, string(src), Options{})
}

// ParseOptionsContext is ParseOptions that stops early when ctx is done,
// as ParseContext does.
func ParseOptionsContext(ctx context.Context, name, src string, opts Options) (f *File, err error) {
	if ctx.Done() == nil {
		ctx = nil // never cancelled: skip the checks
	} else if err := ctx.Err(); err != nil {
		return nil, err
	}
	toks, comments, lerr := lexOpts(ctx, name, src, opts)
	if ctx != nil {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	p := &parser{file: name, src: src, toks: toks, lenient: opts.Printed, ctx: ctx}
	f = &File{Name: name, Src: src, Comments: comments}
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(bailout); !ok {
				panic(r)
			}
			f, err = nil, p.err
			if p.ctxErr != nil {
				err = p.ctxErr
			}
		}
	}()
	if lerr != nil {
		// The parser reports a syntax error that comes before the
		// lexical one; otherwise the lexical error stands.
		var le *Error
		if !errors.As(lerr, &le) {
			le = &Error{File: name, Msg: lerr.Error()}
		}
		p.toks = append(p.toks, Token{Kind: EOF, Range: Range{le.Pos, le.Pos}})
		p.lexErr = le
	}
	e := p.parseExpr()
	p.expect(EOF, "end of file")
	if p.lexErr != nil {
		return nil, p.lexErr
	}
	f.Expr = e
	if err := check(ctx, f); err != nil {
		return nil, err
	}
	return f, nil
}

func (p *parser) peek() *Token { return &p.toks[p.i] }
func (p *parser) peekN(n int) *Token {
	if p.i+n < len(p.toks) {
		return &p.toks[p.i+n]
	}
	return &p.toks[len(p.toks)-1]
}
func (p *parser) next() *Token {
	t := &p.toks[p.i]
	if p.i < len(p.toks)-1 {
		p.i++
	}
	if p.ctx != nil {
		if p.ctxTick++; p.ctxTick >= cancelEvery {
			p.ctxTick = 0
			if err := p.ctx.Err(); err != nil {
				p.ctxErr = err
				panic(bailout{})
			}
		}
	}
	return t
}

func (p *parser) failAt(pos Pos, format string, args ...any) {
	if p.err == nil {
		p.err = &Error{File: p.file, Pos: pos, Msg: fmt.Sprintf(format, args...)}
	}
	panic(bailout{})
}

func describe(t *Token) string {
	switch t.Kind {
	case ID:
		return fmt.Sprintf("identifier '%s'", t.Text)
	case INT, FLOAT:
		return fmt.Sprintf("number '%s'", t.Text)
	case PATH, HPATH, SPATH:
		return fmt.Sprintf("path '%s'", t.Text)
	case URI:
		return fmt.Sprintf("URI '%s'", t.Text)
	case STR, IND_STR:
		return "string"
	case ILLEGAL:
		return fmt.Sprintf("character %q", t.Text)
	}
	return t.Kind.String()
}

// unexpected reports the current token as unexpected.
func (p *parser) unexpected(expected string) {
	t := p.peek()
	if t.Kind == EOF && p.lexErr != nil {
		p.err = p.lexErr
		panic(bailout{})
	}
	if expected != "" {
		p.failAt(t.Range.Start, "unexpected %s, expected %s", describe(t), expected)
	}
	p.failAt(t.Range.Start, "unexpected %s", describe(t))
}

func (p *parser) expect(k Kind, what string) *Token {
	if p.peek().Kind != k {
		p.unexpected(what)
	}
	return p.next()
}

// enter counts one level of nesting (see MaxNesting).
func (p *parser) enter() {
	p.depth++
	if p.depth > MaxNesting {
		p.failAt(p.peek().Range.Start, "nesting deeper than %d", MaxNesting)
	}
}
func (p *parser) leave() { p.depth-- }

func rng(a, b Range) Range { return Range{a.Start, b.End} }

func (p *parser) parseExpr() Expr {
	p.enter()
	defer p.leave()
	t := p.peek()
	switch t.Kind {
	case ID:
		switch p.peekN(1).Kind {
		case COLON:
			id := p.next()
			p.next()
			body := p.parseExpr()
			return &Lambda{node: node{rng(id.Range, body.Span())}, Arg: id.Text, ArgRange: id.Range, Body: body}
		case AT:
			id := p.next()
			p.next()
			if p.peek().Kind != LBRACE {
				p.unexpected("'{'")
			}
			formals := p.parseFormals()
			p.expect(COLON, "':'")
			body := p.parseExpr()
			return &Lambda{node: node{rng(id.Range, body.Span())}, Arg: id.Text, ArgRange: id.Range, ArgBefore: true, Formals: formals, Body: body}
		}
	case LBRACE:
		if p.isFormals() {
			formals := p.parseFormals()
			l := &Lambda{Formals: formals}
			if p.peek().Kind == AT {
				p.next()
				id := p.expect(ID, "identifier")
				l.Arg, l.ArgRange = id.Text, id.Range
			}
			p.expect(COLON, "':'")
			l.Body = p.parseExpr()
			l.R = rng(formals.Range, l.Body.Span())
			return l
		}
	case ASSERT:
		p.next()
		cond := p.parseExpr()
		p.expect(SEMI, "';'")
		body := p.parseExpr()
		return &Assert{node: node{rng(t.Range, body.Span())}, Cond: cond, Body: body}
	case WITH:
		p.next()
		env := p.parseExpr()
		p.expect(SEMI, "';'")
		body := p.parseExpr()
		return &With{node: node{rng(t.Range, body.Span())}, Env: env, Body: body}
	case LET:
		if p.peekN(1).Kind != LBRACE {
			p.next()
			binds := p.parseBinds(IN)
			p.expect(IN, "'in'")
			body := p.parseExpr()
			return &Let{node: node{rng(t.Range, body.Span())}, Bindings: binds, Body: body}
		}
	}
	return p.parseIf()
}

func (p *parser) isFormals() bool {
	t1, t2 := p.peekN(1), p.peekN(2)
	switch t1.Kind {
	case RBRACE:
		return t2.Kind == COLON || t2.Kind == AT
	case ELLIPSIS:
		return true
	case ID:
		switch t2.Kind {
		case COMMA, QUESTION:
			return true
		case RBRACE:
			t3 := p.peekN(3)
			return t3.Kind == COLON || t3.Kind == AT
		}
	}
	return false
}

func (p *parser) parseFormals() *Formals {
	open := p.expect(LBRACE, "'{'")
	f := &Formals{}
	for {
		t := p.peek()
		switch t.Kind {
		case RBRACE:
			p.next()
			f.Range = rng(open.Range, t.Range)
			return f
		case ELLIPSIS:
			p.next()
			f.Ellipsis = true
			end := p.expect(RBRACE, "'}'")
			f.Range = rng(open.Range, end.Range)
			return f
		case ID:
			p.next()
			fm := &Formal{Range: t.Range, Name: t.Text}
			if p.peek().Kind == QUESTION {
				p.next()
				fm.Default = p.parseExpr()
				fm.Range = rng(t.Range, fm.Default.Span())
			}
			f.Formals = append(f.Formals, fm)
			switch p.peek().Kind {
			case COMMA:
				p.next()
			case RBRACE:
			default:
				p.unexpected("',' or '}'")
			}
		default:
			p.unexpected("identifier, '...' or '}'")
		}
	}
}

func (p *parser) parseIf() Expr {
	t := p.peek()
	if t.Kind == IF {
		p.next()
		c := p.parseExpr()
		p.expect(THEN, "'then'")
		a := p.parseExpr()
		p.expect(ELSE, "'else'")
		b := p.parseExpr()
		return &If{node: node{rng(t.Range, b.Span())}, Cond: c, Then: a, Else: b}
	}
	return p.parsePipe()
}

func (p *parser) parsePipe() Expr {
	l := p.parseOp(0)
	switch p.peek().Kind {
	case PIPE_INTO:
		for p.peek().Kind == PIPE_INTO {
			op := p.next()
			r := p.parseOp(0)
			l = &BinOp{node: node{rng(l.Span(), r.Span())}, Op: PIPE_INTO, OpPos: op.Range, L: l, R: r}
		}
		if p.peek().Kind == PIPE_FROM {
			p.unexpected("")
		}
	case PIPE_FROM:
		op := p.next()
		r := p.parsePipeFromRest()
		l = &BinOp{node: node{rng(l.Span(), r.Span())}, Op: PIPE_FROM, OpPos: op.Range, L: l, R: r}
		if p.peek().Kind == PIPE_INTO {
			p.unexpected("")
		}
	}
	return l
}

func (p *parser) parsePipeFromRest() Expr {
	p.enter()
	defer p.leave()
	l := p.parseOp(0)
	if p.peek().Kind == PIPE_FROM {
		op := p.next()
		r := p.parsePipeFromRest()
		return &BinOp{node: node{rng(l.Span(), r.Span())}, Op: PIPE_FROM, OpPos: op.Range, L: l, R: r}
	}
	return l
}

// Binary operator precedences (higher binds tighter) as in Nix's
// grammar; NOT is 7 and NEGATE 12 for the prefix operators.
func binPrec(k Kind) (prec int, right, nonassoc bool) {
	switch k {
	case IMPL:
		return 1, true, false
	case OR:
		return 2, false, false
	case AND:
		return 3, false, false
	case EQ, NEQ:
		return 4, false, true
	case LT, GT, LEQ, GEQ:
		return 5, false, true
	case UPDATE:
		return 6, true, false
	case PLUS, MINUS:
		return 8, false, false
	case STAR, SLASH:
		return 9, false, false
	case CONCAT:
		return 10, true, false
	case QUESTION:
		return 11, false, true
	}
	return 0, false, false
}

// parseOp parses an operator expression whose binary operators bind at
// least as tightly as min. Prefix operators are collected in a loop
// rather than by recursion, so `- - - … x` costs no stack: the operand of
// `!` is parsed at precedence 8 and that of `-` at 13, innermost first,
// exactly as the recursive grammar would.
func (p *parser) parseOp(min int) Expr {
	base := len(p.prefix)
	for k := p.peek().Kind; k == NOT || k == MINUS; k = p.peek().Kind {
		p.prefix = append(p.prefix, p.next())
	}
	lhs := p.parseApp()
	for i := len(p.prefix) - 1; i >= base; i-- {
		t := p.prefix[i]
		if t.Kind == NOT {
			lhs = p.parseBinary(lhs, 8)
		} else {
			lhs = p.parseBinary(lhs, 13)
		}
		lhs = &UnOp{node: node{rng(t.Range, lhs.Span())}, Op: t.Kind, X: lhs}
	}
	clear(p.prefix[base:]) // drop the token pointers
	p.prefix = p.prefix[:base]
	return p.parseBinary(lhs, min)
}

// parseBinary continues lhs with binary operators that bind at least as
// tightly as min. Left-associative chains are a loop; only right operands
// recurse, and they count as nesting.
func (p *parser) parseBinary(lhs Expr, min int) Expr {
	for {
		op := p.peek()
		prec, right, nonassoc := binPrec(op.Kind)
		if prec == 0 || prec < min {
			return lhs
		}
		p.next()
		if op.Kind == QUESTION {
			path := p.parseAttrPath()
			lhs = &HasAttr{node: node{rng(lhs.Span(), path[len(path)-1].Range)}, X: lhs, Path: path}
		} else {
			next := prec + 1
			if right {
				next = prec
			}
			p.enter()
			r := p.parseOp(next)
			p.leave()
			lhs = &BinOp{node: node{rng(lhs.Span(), r.Span())}, Op: op.Kind, OpPos: op.Range, L: lhs, R: r}
		}
		if nonassoc {
			if p2, _, _ := binPrec(p.peek().Kind); p2 == prec {
				p.unexpected("")
			}
		}
	}
}

func startsSelect(k Kind) bool {
	switch k {
	case ID, INT, FLOAT, QUOTE, IND_STRING_OPEN, PATH, HPATH, SPATH, URI, LPAREN, LET, REC, LBRACE, LBRACKET:
		return true
	}
	return false
}

func (p *parser) parseApp() Expr {
	fn := p.parseSelect()
	for startsSelect(p.peek().Kind) || p.lenient && p.peek().Kind == ASSERT {
		arg := p.parseSelect()
		fn = &Apply{node: node{rng(fn.Span(), arg.Span())}, Fn: fn, Arg: arg}
	}
	return fn
}

func (p *parser) parseSelect() Expr {
	x := p.parseSimple()
	switch p.peek().Kind {
	case DOT:
		p.next()
		path := p.parseAttrPath()
		s := &Select{node: node{rng(x.Span(), path[len(path)-1].Range)}, X: x, Path: path}
		if p.peek().Kind == OR_KW {
			p.next()
			p.enter() // `a.b or c.d or …` nests to the right
			s.Default = p.parseSelect()
			p.leave()
			s.R.End = s.Default.Span().End
		}
		return s
	case OR_KW:
		t := p.next()
		return &Apply{node: node{rng(x.Span(), t.Range)}, Fn: x, Arg: &Ident{node: node{t.Range}, Name: "or"}}
	}
	return x
}

func (p *parser) parseAttrName() *AttrName {
	t := p.peek()
	switch t.Kind {
	case ID, OR_KW:
		p.next()
		return &AttrName{Range: t.Range, Ident: t.Text}
	case QUOTE:
		s := p.parseString()
		return &AttrName{Range: s.R, Str: s}
	case DOLLAR_CURLY:
		p.next()
		e := p.parseExpr()
		end := p.expect(RBRACE, "'}'")
		return &AttrName{Range: rng(t.Range, end.Range), Dynamic: e}
	}
	p.unexpected("attribute name")
	return nil
}

func (p *parser) parseAttrPath() []*AttrName {
	path := []*AttrName{p.parseAttrName()}
	for p.peek().Kind == DOT {
		p.next()
		path = append(path, p.parseAttrName())
	}
	return path
}

func (p *parser) parseString() *String {
	open := p.expect(QUOTE, "'\"'")
	s := &String{}
	for {
		t := p.peek()
		switch t.Kind {
		case STR:
			p.next()
			s.Parts = append(s.Parts, StrPart{Range: t.Range, Lit: t.Value})
		case DOLLAR_CURLY:
			p.next()
			e := p.parseExpr()
			end := p.expect(RBRACE, "'}'")
			s.Parts = append(s.Parts, StrPart{Range: rng(t.Range, end.Range), Interp: e})
		case QUOTE:
			p.next()
			s.R = rng(open.Range, t.Range)
			return s
		default:
			p.unexpected("'\"'")
		}
	}
}

func (p *parser) parseIndString() *String {
	open := p.next()
	s := &String{Indented: true}
	for {
		t := p.peek()
		switch t.Kind {
		case IND_STR:
			p.next()
			s.Parts = append(s.Parts, StrPart{Range: t.Range, Lit: t.Value, Indent: t.Indent})
		case DOLLAR_CURLY:
			p.next()
			e := p.parseExpr()
			end := p.expect(RBRACE, "'}'")
			s.Parts = append(s.Parts, StrPart{Range: rng(t.Range, end.Range), Interp: e})
		case IND_STRING_CLOSE:
			p.next()
			s.R = rng(open.Range, t.Range)
			return s
		default:
			p.unexpected("\"''\"")
		}
	}
}

func (p *parser) parseSimple() Expr {
	t := p.peek()
	switch t.Kind {
	case ID:
		p.next()
		return &Ident{node: node{t.Range}, Name: t.Text}
	case INT:
		p.next()
		v, err := strconv.ParseInt(t.Text, 10, 64)
		if err != nil {
			p.failAt(t.Range.Start, "invalid integer '%s'", t.Text)
		}
		return &Int{node: node{t.Range}, Value: v, Text: t.Text}
	case FLOAT:
		p.next()
		v, ok := parseFloat(t.Text)
		if !ok {
			p.failAt(t.Range.Start, "invalid float '%s'", t.Text)
		}
		return &Float{node: node{t.Range}, Value: v, Text: t.Text}
	case QUOTE:
		return p.parseString()
	case IND_STRING_OPEN:
		return p.parseIndString()
	case PATH, HPATH:
		p.next()
		kind := PathRel
		if t.Kind == HPATH {
			kind = PathHome
		} else if strings.HasPrefix(t.Text, "/") {
			kind = PathAbs
		}
		path := &Path{Kind: kind, Parts: []StrPart{{Range: t.Range, Lit: t.Text}}}
		interp := false
		for {
			n := p.peek()
			switch n.Kind {
			case STR:
				if !interp && p.peekN(1).Kind != DOLLAR_CURLY {
					p.next()
					p.unexpected("'${'")
				}
				p.next()
				path.Parts = append(path.Parts, StrPart{Range: n.Range, Lit: n.Value})
				continue
			case DOLLAR_CURLY:
				p.next()
				interp = true
				e := p.parseExpr()
				end := p.expect(RBRACE, "'}'")
				path.Parts = append(path.Parts, StrPart{Range: rng(n.Range, end.Range), Interp: e})
				continue
			case PATH_END:
				p.next()
				path.R = rng(t.Range, path.Parts[len(path.Parts)-1].Range)
				return path
			}
			p.unexpected("end of path")
		}
	case SPATH:
		p.next()
		return &Path{node: node{t.Range}, Kind: PathSearch, Parts: []StrPart{{Range: t.Range, Lit: t.Text[1 : len(t.Text)-1]}}}
	case URI:
		p.next()
		return &URILit{node: node{t.Range}, Text: t.Text}
	case ASSERT:
		if p.lenient {
			return p.parseExpr()
		}
	case LPAREN:
		p.next()
		x := p.parseExpr()
		end := p.expect(RPAREN, "')'")
		return &Paren{node: node{rng(t.Range, end.Range)}, X: x}
	case LET:
		p.next()
		p.expect(LBRACE, "'{'")
		binds := p.parseBinds(RBRACE)
		end := p.expect(RBRACE, "'}'")
		return &OldLet{node: node{rng(t.Range, end.Range)}, Bindings: binds}
	case REC:
		p.next()
		p.expect(LBRACE, "'{'")
		binds := p.parseBinds(RBRACE)
		end := p.expect(RBRACE, "'}'")
		return &Attrs{node: node{rng(t.Range, end.Range)}, Rec: true, Bindings: binds}
	case LBRACE:
		p.next()
		binds := p.parseBinds(RBRACE)
		end := p.expect(RBRACE, "'}'")
		return &Attrs{node: node{rng(t.Range, end.Range)}, Bindings: binds}
	case LBRACKET:
		p.next()
		p.enter()
		l := &List{}
		for startsSelect(p.peek().Kind) {
			l.Elems = append(l.Elems, p.parseSelect())
		}
		p.leave()
		end := p.expect(RBRACKET, "']'")
		l.R = rng(t.Range, end.Range)
		return l
	}
	p.unexpected("an expression")
	return nil
}

func (p *parser) parseBinds(end Kind) []*Binding {
	var binds []*Binding
	for {
		t := p.peek()
		switch t.Kind {
		case end:
			return binds
		case INHERIT:
			p.next()
			b := &Binding{Inherit: true}
			if p.peek().Kind == LPAREN {
				p.next()
				b.From = p.parseExpr()
				p.expect(RPAREN, "')'")
			}
			for {
				k := p.peek().Kind
				if k == SEMI {
					break
				}
				if k != ID && k != OR_KW && k != QUOTE && k != DOLLAR_CURLY {
					p.unexpected("attribute name or ';'")
				}
				b.Names = append(b.Names, p.parseAttrName())
			}
			semi := p.next()
			b.Range = rng(t.Range, semi.Range)
			binds = append(binds, b)
		case ID, OR_KW, QUOTE, DOLLAR_CURLY:
			path := p.parseAttrPath()
			p.expect(ASSIGN, "'='")
			v := p.parseExpr()
			semi := p.expect(SEMI, "';'")
			binds = append(binds, &Binding{Range: rng(path[0].Range, semi.Range), Path: path, Value: v})
		default:
			if end == IN {
				p.unexpected("attribute name or 'in'")
			}
			p.unexpected("attribute name or '}'")
		}
	}
}

// parseFloat converts like C's strtod and reports what Nix reports as an
// invalid float: overflow, and underflow below the smallest normal double
// of a non-zero literal.
func parseFloat(s string) (float64, bool) {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil { // out of range, or not a float at all
		return v, false
	}
	if math.Abs(v) < 2.2250738585072014e-308 {
		mant := s
		if i := strings.IndexAny(mant, "eE"); i >= 0 {
			mant = mant[:i]
		}
		if strings.Trim(mant, "0.") != "" {
			return v, false
		}
	}
	return v, true
}
