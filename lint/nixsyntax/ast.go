package nixsyntax

import "strings"

// Expr is a node of the syntax tree. The tree keeps the source structure
// (attribute paths as written, parentheses, operators).
type Expr interface {
	Span() Range
}

// Node positions: every node records its full source range.
type node struct{ R Range }

func (n *node) Span() Range { return n.R }

// Int is an integer literal.
type Int struct {
	node
	Value int64
	Text  string
}

// Float is a floating-point literal.
type Float struct {
	node
	Value float64
	Text  string
}

// StrPart is a literal piece or an interpolation of a string or path.
type StrPart struct {
	Range  Range
	Lit    string // decoded literal text when Interp is nil
	Indent bool   // indented-string literal that takes part in indentation stripping
	Interp Expr   // ${...}
}

// String is a double-quoted or indented string.
type String struct {
	node
	Indented bool
	Parts    []StrPart
}

// Literal returns the string's value when it has no interpolation.
func (s *String) Literal() (string, bool) {
	var b strings.Builder
	for _, p := range s.StrippedParts() {
		if p.Interp != nil {
			return "", false
		}
		b.WriteString(p.Lit)
	}
	return b.String(), true
}

// StrippedParts returns the parts of s as Nix reads them: for an indented
// string, the literal parts lose the common indentation and a last line
// of only spaces (see stripIndentation); otherwise they are Parts.
func (s *String) StrippedParts() []StrPart {
	if !s.Indented {
		return s.Parts
	}
	return stripIndentation(s.Parts)
}

// stripIndentation removes the common indentation of an indented string
// as Nix does: literal text counts for the minimum indentation, escapes
// and interpolations end the leading whitespace of their line, and a last
// line of only spaces is dropped. It returns one part for each of parts.
func stripIndentation(parts []StrPart) []StrPart {
	if len(parts) == 0 {
		return nil
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
	out := make([]StrPart, 0, len(parts))
	atStart = true
	dropped := 0
	for i, p := range parts {
		if p.Interp != nil {
			atStart = false
			dropped = 0
			out = append(out, p)
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
		if i == len(parts)-1 {
			if k := strings.LastIndexByte(s2, '\n'); k >= 0 && strings.Trim(s2[k+1:], " ") == "" {
				s2 = s2[:k+1]
			}
		}
		p.Lit = s2
		out = append(out, p)
	}
	return out
}

// PathKind distinguishes the forms of path literals.
type PathKind int

// Path kinds.
const (
	PathRel    PathKind = iota // ./a, a/b
	PathAbs                    // /a
	PathHome                   // ~/a
	PathSearch                 // <nixpkgs>
)

// Path is a path literal, possibly interpolated (./a/${x}). For
// PathSearch, Parts holds the single name inside the angle brackets.
type Path struct {
	node
	Kind  PathKind
	Parts []StrPart // first part is the literal start
}

// URILit is an unquoted URI literal.
type URILit struct {
	node
	Text string
}

// Ident is a variable reference.
type Ident struct {
	node
	Name string
}

// AttrName is one component of an attribute path: an identifier, a
// string ("a.b", possibly interpolated) or ${expr}.
type AttrName struct {
	Range   Range
	Ident   string  // set for identifiers (and `or`)
	Str     *String // set for quoted names
	Dynamic Expr    // set for ${expr}
}

// Static returns the attribute name when it is known without evaluation.
func (a *AttrName) Static() (string, bool) {
	switch {
	case a.Str != nil:
		return a.Str.Literal()
	case a.Dynamic != nil:
		return "", false
	default:
		return a.Ident, true
	}
}

// Symbol returns the name as Nix's parser resolves it: an identifier, or
// a quoted name or ${…} that Nix's parser reduces to a constant string
// (see constString). Other names are dynamic: Nix evaluates them.
// Static, which Locate uses, treats every ${…} as dynamic.
func (a *AttrName) Symbol() (string, bool) {
	switch {
	case a.Str != nil:
		return constString(a.Str)
	case a.Dynamic != nil:
		return constString(a.Dynamic)
	}
	return a.Ident, true
}

// constString reports whether Nix's parser makes a constant string
// (ExprString) of e, and its value: a string of one literal piece, an
// indented string whose only piece is such a string, or a URI, possibly
// in parentheses.
func constString(e Expr) (string, bool) {
	for {
		p, ok := e.(*Paren)
		if !ok {
			break
		}
		e = p.X
	}
	switch x := e.(type) {
	case *String:
		parts := x.StrippedParts()
		switch {
		case len(parts) == 0:
			return "", true
		case len(parts) == 1 && parts[0].Interp == nil:
			return parts[0].Lit, true
		case len(parts) == 1 && x.Indented:
			// ''${"a"}'': Nix keeps the lone piece of an indented
			// string when it is a string
			return constString(parts[0].Interp)
		}
	case *URILit:
		return x.Text, true
	}
	return "", false
}

// Binding is one entry of an attribute set or let: either an attribute
// definition (Path = Value) or an inherit.
type Binding struct {
	Range Range
	// definition
	Path  []*AttrName
	Value Expr
	// inherit
	Inherit bool
	From    Expr // inherit (From) names; nil for plain inherit
	Names   []*AttrName
}

// Attrs is an attribute set `{ ... }` or `rec { ... }`.
type Attrs struct {
	node
	Rec      bool
	Bindings []*Binding
}

// List is `[ ... ]`.
type List struct {
	node
	Elems []Expr
}

// Let is `let binds in body`.
type Let struct {
	node
	Bindings []*Binding
	Body     Expr
}

// OldLet is the legacy `let { ...; body = ...; }`.
type OldLet struct {
	node
	Bindings []*Binding
}

// With is `with e; body`.
type With struct {
	node
	Env  Expr
	Body Expr
}

// Assert is `assert cond; body`.
type Assert struct {
	node
	Cond Expr
	Body Expr
}

// If is `if c then a else b`.
type If struct {
	node
	Cond, Then, Else Expr
}

// Formal is one parameter of a pattern lambda.
type Formal struct {
	Range   Range
	Name    string
	Default Expr
}

// Formals is the `{ a, b ? 1, ... }` pattern of a lambda.
type Formals struct {
	Range    Range
	Formals  []*Formal
	Ellipsis bool
}

// Lambda is `arg: body`, `{ ... }: body`, `{ ... }@arg: body` or
// `arg@{ ... }: body`.
type Lambda struct {
	node
	Arg       string
	ArgRange  Range
	ArgBefore bool     // arg@{...}
	Formals   *Formals // nil for a plain `arg: body`
	Body      Expr
}

// Apply is function application `Fn Arg`.
type Apply struct {
	node
	Fn  Expr
	Arg Expr
}

// Select is `e.a.b` or `e.a.b or def`.
type Select struct {
	node
	X       Expr
	Path    []*AttrName
	Default Expr
}

// HasAttr is `e ? a.b`.
type HasAttr struct {
	node
	X    Expr
	Path []*AttrName
}

// BinOp is a binary operator expression. Op is the token kind
// (EQ, NEQ, LT, LEQ, GT, GEQ, AND, OR, IMPL, UPDATE, CONCAT, PLUS,
// MINUS, STAR, SLASH, PIPE_INTO, PIPE_FROM).
type BinOp struct {
	node
	Op    Kind
	OpPos Range
	L, R  Expr
}

// UnOp is `!e` (Op NOT) or `-e` (Op MINUS).
type UnOp struct {
	node
	Op Kind
	X  Expr
}

// Paren is `( e )`.
type Paren struct {
	node
	X Expr
}

// File is a parsed Nix file.
type File struct {
	Name     string
	Src      string
	Expr     Expr
	Comments []Comment
}
