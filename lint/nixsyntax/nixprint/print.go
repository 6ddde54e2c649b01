// Package nixprint prints a file parsed by nixsyntax the way
// `nix-instantiate --parse` (Nix 2.8) does, up to the order of the
// bindings of a let and of the formals of a function: Nix 2.8 orders
// those by the addresses of its symbols, an accident of its allocator;
// nixprint sorts them by name, as Nix sorts the attributes of a set.
// It lowers the syntax tree to the expressions of Nix's evaluator first
// (lower.go). `nixsec debug parse` uses it; the linter does not.
package nixprint

import (
	"bufio"
	"errors"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/nixsec/nixsec/lint/nixsyntax"
)

// Options say how to resolve path literals, as Nix does when it parses
// a file: relative paths against the file's directory, `~/` against the
// home directory.
type Options struct {
	BaseDir string // default: the directory of the file's absolute name
	Home    string // default: $HOME
}

// Print writes f the way `nix-instantiate --parse FILE` (Nix 2.8) does,
// up to the order of let bindings and formals (see the package comment),
// followed by a newline. f comes from nixsyntax.Parse, which has made
// the checks of Nix's parser.
func Print(w io.Writer, f *nixsyntax.File) error {
	return PrintWith(w, f, Options{})
}

// PrintWith is Print with explicit path resolution.
func PrintWith(w io.Writer, f *nixsyntax.File, o Options) error {
	if f == nil || f.Expr == nil {
		return errors.New("nixprint: nothing to print")
	}
	ir, err := lower(f.Expr)
	if err != nil {
		return err
	}
	if o.BaseDir == "" {
		abs, err := filepath.Abs(f.Name)
		if err != nil {
			return err
		}
		o.BaseDir = filepath.Dir(abs)
	}
	if o.Home == "" {
		o.Home = os.Getenv("HOME")
	}
	bw := bufio.NewWriter(w)
	pr := &printer{w: bw, o: o}
	pr.expr(ir)
	bw.WriteByte('\n')
	return bw.Flush()
}

type printer struct {
	w *bufio.Writer
	o Options
}

func (p *printer) s(s string) { p.w.WriteString(s) }

// showString quotes a string as Nix's printer does.
func showString(b *bufio.Writer, s string) {
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '"', '\\', '$':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\n':
			b.WriteString("\\n")
		case '\r':
			b.WriteString("\\r")
		case '\t':
			b.WriteString("\\t")
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
}

// ident writes an attribute name, quoted when it is not a plain
// identifier (Nix 2.8 only treats the keyword `if` specially).
func (p *printer) ident(s string) {
	if s == "" {
		p.s(`""`)
		return
	}
	if s == "if" {
		p.s(`"if"`)
		return
	}
	ok := isIDStart(s[0])
	for i := 1; ok && i < len(s); i++ {
		ok = isIDStart(s[i]) || s[i] >= '0' && s[i] <= '9' || s[i] == '\'' || s[i] == '-'
	}
	if ok {
		p.s(s)
		return
	}
	showString(p.w, s)
}

func isIDStart(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' }

// formatFloat prints like C++'s `ostream << double` (%g, precision 6).
func formatFloat(v float64) string {
	return strconv.FormatFloat(v, 'g', 6, 64)
}

// canonPath makes a path canonical like Nix's canonPath: no `.`, `..`
// resolved lexically, no duplicate or trailing slashes.
func canonPath(path string) string {
	var out []string
	for _, c := range strings.Split(path, "/") {
		switch c {
		case "", ".":
		case "..":
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
		default:
			out = append(out, c)
		}
	}
	return "/" + strings.Join(out, "/")
}

func (p *printer) path(n *nPath) string {
	if n.kind == nixsyntax.PathHome {
		return p.o.Home + n.text[1:]
	}
	var s string
	if strings.HasPrefix(n.text, "/") {
		s = canonPath(n.text)
	} else {
		s = canonPath(p.o.BaseDir + "/" + n.text)
	}
	if strings.HasSuffix(n.text, "/") && len(n.text) > 1 {
		s += "/"
	}
	return s
}

// sortedKeys returns the names of a set or let in the order Nix 2.8
// prints a set's.
func sortedKeys(m map[string]*nAttrDef) []string {
	return slices.Sorted(maps.Keys(m))
}

// pItem is one piece of output still to write: text, an identifier, or
// an expression.
type pItem struct {
	text  string
	ident bool // text is an attribute name, written by ident
	e     nExpr
}

// expr writes e. The lowered tree can be as deep as the longest operator
// chain of the file (`1 + 1 + …` nests to the left), so it is written
// from an explicit stack of pending pieces instead of by recursion.
func (p *printer) expr(root nExpr) {
	stack := []pItem{{e: root}}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		switch {
		case it.e != nil:
			mark := len(stack)
			stack = p.expand(stack, it.e)
			slices.Reverse(stack[mark:])
		case it.ident:
			p.ident(it.text)
		default:
			p.s(it.text)
		}
	}
}

func txt(s string) pItem    { return pItem{text: s} }
func sub(e nExpr) pItem     { return pItem{e: e} }
func idItem(s string) pItem { return pItem{text: s, ident: true} }

func attrPathItems(out []pItem, path []nAttrName) []pItem {
	for i, a := range path {
		if i > 0 {
			out = append(out, txt("."))
		}
		if a.dynamic != nil {
			out = append(out, txt(`"${`), sub(a.dynamic), txt(`}"`))
		} else {
			out = append(out, idItem(a.sym))
		}
	}
	return out
}

// expand appends, in output order, the pieces that make up e; leaves are
// written at once.
func (p *printer) expand(out []pItem, e nExpr) []pItem {
	switch e := e.(type) {
	case *nInt:
		p.s(strconv.FormatInt(e.v, 10))
	case *nFloat:
		p.s(formatFloat(e.v))
	case *nStr:
		showString(p.w, e.s)
	case *nPath:
		p.s(p.path(e))
	case *nVar:
		p.s(e.name)
	case *nSelect:
		out = append(out, txt("("), sub(e.e), txt(")."))
		out = attrPathItems(out, e.path)
		if e.def != nil {
			out = append(out, txt(" or ("), sub(e.def), txt(")"))
		}
	case *nHasAttr:
		out = append(out, txt("(("), sub(e.e), txt(") ? "))
		out = attrPathItems(out, e.path)
		out = append(out, txt(")"))
	case *nAttrs:
		if e.rec {
			out = append(out, txt("rec "))
		}
		out = append(out, txt("{ "))
		for _, k := range sortedKeys(e.attrs) {
			d := e.attrs[k]
			if d.inherited {
				out = append(out, txt("inherit "), idItem(k), txt(" ; "))
			} else {
				out = append(out, idItem(k), txt(" = "), sub(d.e), txt("; "))
			}
		}
		for _, d := range e.dyn {
			out = append(out, txt(`"${`), sub(d.name), txt(`}" = `), sub(d.value), txt("; "))
		}
		out = append(out, txt("}"))
	case *nList:
		out = append(out, txt("[ "))
		for _, x := range e.elems {
			out = append(out, txt("("), sub(x), txt(") "))
		}
		out = append(out, txt("]"))
	case *nLambda:
		out = append(out, txt("("))
		if e.hasForms {
			out = append(out, txt("{ "))
			formals := slices.SortedFunc(slices.Values(e.formals), func(a, b nFormal) int { return strings.Compare(a.name, b.name) })
			for i, f := range formals {
				if i > 0 {
					out = append(out, txt(", "))
				}
				out = append(out, txt(f.name))
				if f.def != nil {
					out = append(out, txt(" ? "), sub(f.def))
				}
			}
			if e.ellipsis {
				if len(e.formals) > 0 {
					out = append(out, txt(", "))
				}
				out = append(out, txt("..."))
			}
			out = append(out, txt(" }"))
			if e.arg != "" {
				out = append(out, txt(" @ "))
			}
		}
		out = append(out, txt(e.arg), txt(": "), sub(e.body), txt(")"))
	case *nCall:
		out = append(out, txt("("), sub(e.fn))
		for _, a := range e.args {
			out = append(out, txt(" "), sub(a))
		}
		out = append(out, txt(")"))
	case *nLet:
		out = append(out, txt("(let "))
		for _, k := range sortedKeys(e.attrs.attrs) {
			d := e.attrs.attrs[k]
			if d.inherited {
				out = append(out, txt("inherit "), idItem(k), txt("; "))
			} else {
				out = append(out, idItem(k), txt(" = "), sub(d.e), txt("; "))
			}
		}
		out = append(out, txt("in "), sub(e.body), txt(")"))
	case *nWith:
		out = append(out, txt("(with "), sub(e.env), txt("; "), sub(e.body), txt(")"))
	case *nIf:
		out = append(out, txt("(if "), sub(e.c), txt(" then "), sub(e.a), txt(" else "), sub(e.b), txt(")"))
	case *nAssert:
		out = append(out, txt("assert "), sub(e.c), txt("; "), sub(e.body))
	case *nNot:
		out = append(out, txt("(! "), sub(e.e), txt(")"))
	case *nBin:
		out = append(out, txt("("), sub(e.l), txt(" "), txt(e.op), txt(" "), sub(e.r), txt(")"))
	case *nConcat:
		out = append(out, txt("("))
		for i, x := range e.parts {
			if i > 0 {
				out = append(out, txt(" + "))
			}
			out = append(out, sub(x))
		}
		out = append(out, txt(")"))
	}
	return out
}
