package nixsyntax

import (
	"bufio"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// PrintOptions say how to resolve path literals, as Nix does when it
// parses a file: relative paths against the file's directory, `~/`
// against the home directory.
type PrintOptions struct {
	BaseDir string // default: the directory of the file's absolute name
	Home    string // default: $HOME

	canonical bool // sort let bindings and formals by name (tests)
}

// Print writes f the way `nix-instantiate --parse FILE` (Nix 2.8) does,
// followed by a newline.
func Print(w io.Writer, f *File) error {
	return PrintWith(w, f, PrintOptions{})
}

// PrintWith is Print with explicit path resolution.
func PrintWith(w io.Writer, f *File, o PrintOptions) error {
	if f == nil || f.ir == nil {
		return errors.New("nixsyntax: nothing to print")
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
	pr.expr(f.ir)
	bw.WriteByte('\n')
	return bw.Flush()
}

type printer struct {
	w *bufio.Writer
	o PrintOptions
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

// printIdentifier writes an attribute name, quoted when it is not a plain
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
		ok = isIDChar(s[i])
	}
	if ok {
		p.s(s)
		return
	}
	showString(p.w, s)
}

func (p *printer) attrPath(path []nAttrName) {
	for i, a := range path {
		if i > 0 {
			p.s(".")
		}
		if a.dynamic != nil {
			p.s(`"${`)
			p.expr(a.dynamic)
			p.s(`}"`)
		} else {
			p.ident(a.sym)
		}
	}
}

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
	if n.kind == PathHome {
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

func sortedKeys(m map[string]*nAttrDef) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func (p *printer) expr(e nExpr) {
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
		p.s("(")
		p.expr(e.e)
		p.s(").")
		p.attrPath(e.path)
		if e.def != nil {
			p.s(" or (")
			p.expr(e.def)
			p.s(")")
		}
	case *nHasAttr:
		p.s("((")
		p.expr(e.e)
		p.s(") ? ")
		p.attrPath(e.path)
		p.s(")")
	case *nAttrs:
		if e.rec {
			p.s("rec ")
		}
		p.s("{ ")
		for _, k := range sortedKeys(e.attrs) {
			d := e.attrs[k]
			if d.inherited {
				p.s("inherit ")
				p.ident(k)
				p.s(" ; ")
			} else {
				p.ident(k)
				p.s(" = ")
				p.expr(d.e)
				p.s("; ")
			}
		}
		for _, d := range e.dyn {
			p.s(`"${`)
			p.expr(d.name)
			p.s(`}" = `)
			p.expr(d.value)
			p.s("; ")
		}
		p.s("}")
	case *nList:
		p.s("[ ")
		for _, x := range e.elems {
			p.s("(")
			p.expr(x)
			p.s(") ")
		}
		p.s("]")
	case *nLambda:
		p.s("(")
		if e.hasForms {
			p.s("{ ")
			formals := e.formals
			if p.o.canonical {
				formals = append([]nFormal(nil), formals...)
				sort.Slice(formals, func(i, j int) bool { return formals[i].name < formals[j].name })
			}
			for i, f := range formals {
				if i > 0 {
					p.s(", ")
				}
				p.s(f.name)
				if f.def != nil {
					p.s(" ? ")
					p.expr(f.def)
				}
			}
			if e.ellipsis {
				if len(e.formals) > 0 {
					p.s(", ")
				}
				p.s("...")
			}
			p.s(" }")
			if e.arg != "" {
				p.s(" @ ")
			}
		}
		p.s(e.arg)
		p.s(": ")
		p.expr(e.body)
		p.s(")")
	case *nCall:
		p.s("(")
		p.expr(e.fn)
		for _, a := range e.args {
			p.s(" ")
			p.expr(a)
		}
		p.s(")")
	case *nLet:
		p.s("(let ")
		order := e.order
		if p.o.canonical {
			order = sortedKeys(e.attrs.attrs)
		}
		for _, k := range order {
			d := e.attrs.attrs[k]
			if d.inherited {
				p.s("inherit ")
				p.ident(k)
				p.s("; ")
			} else {
				p.ident(k)
				p.s(" = ")
				p.expr(d.e)
				p.s("; ")
			}
		}
		p.s("in ")
		p.expr(e.body)
		p.s(")")
	case *nWith:
		p.s("(with ")
		p.expr(e.env)
		p.s("; ")
		p.expr(e.body)
		p.s(")")
	case *nIf:
		p.s("(if ")
		p.expr(e.c)
		p.s(" then ")
		p.expr(e.a)
		p.s(" else ")
		p.expr(e.b)
		p.s(")")
	case *nAssert:
		p.s("assert ")
		p.expr(e.c)
		p.s("; ")
		p.expr(e.body)
	case *nNot:
		p.s("(! ")
		p.expr(e.e)
		p.s(")")
	case *nBin:
		p.s("(")
		p.expr(e.l)
		p.s(" ")
		p.s(e.op)
		p.s(" ")
		p.expr(e.r)
		p.s(")")
	case *nConcat:
		p.s("(")
		for i, x := range e.parts {
			if i > 0 {
				p.s(" + ")
			}
			p.expr(x)
		}
		p.s(")")
	}
}
