package nixsyntax

import (
	"errors"
	"strings"
)

// Edit replaces the bytes [Start, End) of a file with Text.
type Edit struct {
	Start, End int
	Text       string
}

// ApplyEdits applies non-overlapping edits to src (in any order).
func ApplyEdits(src string, edits []Edit) (string, error) {
	sorted := append([]Edit(nil), edits...)
	for i := 1; i < len(sorted); i++ { // insertion sort: a handful of edits
		for j := i; j > 0 && sorted[j].Start < sorted[j-1].Start; j-- {
			sorted[j], sorted[j-1] = sorted[j-1], sorted[j]
		}
	}
	var b strings.Builder
	at := 0
	for _, e := range sorted {
		if e.Start < at || e.End < e.Start || e.End > len(src) {
			return "", errors.New("edits overlap or lie outside the file")
		}
		b.WriteString(src[at:e.Start])
		b.WriteString(e.Text)
		at = e.End
	}
	b.WriteString(src[at:])
	return b.String(), nil
}

// ReplaceValue is the edit that gives a definition the value text, keeping
// the wrappers its value is written with: `lib.mkDefault x` becomes
// `lib.mkDefault <text>`, `mkIf c x` keeps its condition. A value under
// mkMerge, `//` or `if` is not one place: no edit.
func ReplaceValue(f *File, d Definition, text string) (Edit, bool) {
	if f == nil || f.Expr == nil || d.Partial {
		return Edit{}, false
	}
	e := exprAt(f.Expr, d.Value)
	for depth := 0; e != nil && depth < 1000; depth++ {
		inner := unwrap(e, false)
		name, args := modifierCall(inner)
		if name == "" {
			break
		}
		if name == "mkMerge" {
			return Edit{}, false
		}
		e = args[len(args)-1]
	}
	for { // keep the parentheses: `mkDefault (x)` becomes `mkDefault (y)`
		p, ok := e.(*Paren)
		if !ok {
			break
		}
		e = p.X
	}
	if e == nil {
		return Edit{}, false
	}
	switch e.(type) {
	case *BinOp, *If:
		return Edit{}, false
	}
	r := e.Span()
	return Edit{Start: r.Start.Offset, End: r.End.Offset, Text: text}, true
}

// exprAt is the expression below root spanning exactly r, or nil.
func exprAt(root Expr, r Range) Expr {
	if path := ancestors(root, r); path[len(path)-1].Span() == r {
		return path[len(path)-1]
	}
	return nil
}

// Insert is the edit that adds `path = text;` to the module of f: inside
// the deepest attribute set the module already writes for a prefix of
// the path (`services.openssh = { settings = { … }; }`), with the rest of
// the path dotted, after the set's last binding and at its indentation;
// else at the end of the module's top-level set (or its `config` set, or
// the first set of its `config = mkMerge [ … ]`).
// It fails when the module is not a plain set (or a function returning
// one) it can write into.
func Insert(f *File, path []string, key func([]string) string, text string) (Edit, error) {
	if f == nil || f.Expr == nil || len(path) == 0 {
		return Edit{}, errors.New("no module to write into")
	}
	body, ok := unwrap(f.Expr, true).(*Attrs)
	if !ok {
		return Edit{}, errors.New("the file is not a module written as an attribute set")
	}
	// A module with `config` or `options` at the top defines under config.
	var config Expr
	explicit := false
	for _, b := range body.Bindings {
		if b.Inherit || len(b.Path) == 0 {
			continue
		}
		switch n, _ := b.Path[0].Static(); n {
		case "options":
			explicit = true
		case "config":
			explicit = true
			if len(b.Path) == 1 {
				config = b.Value
			}
		}
	}
	if path[0] == "config" {
		path = path[1:]
	}
	if explicit {
		if config == nil {
			path = append([]string{"config"}, path...)
		} else if a := firstSet(config); a != nil {
			body = a
		} else {
			return Edit{}, errors.New("the module's config is not written as an attribute set")
		}
	}
	if len(path) == 0 {
		return Edit{}, errors.New("no option to write")
	}
	set, rest := body, path
	for len(rest) > 1 {
		next, used := descend(set, rest)
		if next == nil {
			break
		}
		set, rest = next, rest[used:]
	}
	// A prefix of the path bound here to something other than a set
	// (`services.openssh = mkIf c { … }`, an import) cannot take a dotted
	// line beside it: Nix would call the attribute defined twice.
	for _, b := range set.Bindings {
		if b.Inherit {
			for _, n := range b.Names {
				if name, ok := n.Static(); ok && name == rest[0] {
					return Edit{}, errors.New(rest[0] + " is inherited here; nixsec does not write beside it")
				}
			}
			continue
		}
		if k := matched(b.Path, rest); k == len(b.Path) {
			return Edit{}, errors.New("a prefix of the path is written here as an expression (mkIf, an import, a variable); nixsec does not write beside it")
		}
	}
	return insertInto(f, set, key(rest)+" = "+text+";")
}

// firstSet is the attribute set a config value is written as: the value
// itself, or the first set of its `mkMerge [ … ]`.
func firstSet(e Expr) *Attrs {
	e = unwrap(e, false)
	if a, ok := e.(*Attrs); ok {
		return a
	}
	if name, args := modifierCall(e); name == "mkMerge" {
		if l, ok := unwrap(args[len(args)-1], false).(*List); ok {
			for _, x := range l.Elems {
				if a, ok := unwrap(x, false).(*Attrs); ok {
					return a
				}
			}
		}
	}
	return nil
}

// descend finds, among set's bindings, an attribute set literal bound to a
// prefix of path (shorter than the path), and how much of it it covers.
func descend(set *Attrs, path []string) (*Attrs, int) {
	for _, b := range set.Bindings {
		if b.Inherit || len(b.Path) >= len(path) {
			continue
		}
		k := matched(b.Path, path)
		if k != len(b.Path) {
			continue
		}
		if a, ok := unwrap(b.Value, false).(*Attrs); ok && !a.Rec {
			return a, k
		}
	}
	return nil, 0
}

// insertInto adds a binding line to set, after its last binding (at that
// binding's indentation), or as the first line of an empty set; never
// inside a comment, and never removing one.
func insertInto(f *File, set *Attrs, line string) (Edit, error) {
	src := f.Src
	r := set.Span()
	if r.End.Offset < 1 || r.End.Offset > len(src) || src[r.End.Offset-1] != '}' {
		return Edit{}, errors.New("cannot find the end of the attribute set")
	}
	if n := len(set.Bindings); n > 0 {
		last := set.Bindings[n-1].Range.End.Offset
		// Past a comment on the same line as the last binding.
		if nl := strings.IndexByte(src[last:], '\n'); nl >= 0 && last+nl < r.End.Offset {
			at := pastComments(f.Comments, last+nl)
			if at >= r.End.Offset {
				return Edit{}, errors.New("a comment runs to the end of the attribute set")
			}
			indent := lineIndent(src, set.Bindings[n-1].Range.Start.Offset)
			return Edit{Start: at, End: at, Text: "\n" + indent + line}, nil
		}
		at := pastComments(f.Comments, last)
		if at >= r.End.Offset {
			return Edit{}, errors.New("a comment runs to the end of the attribute set")
		}
		return Edit{Start: at, End: at, Text: " " + line}, nil
	}
	// An empty set: `{ }` or `{\n}`.
	open := r.Start.Offset
	if i := strings.IndexByte(src[open:r.End.Offset], '{'); i >= 0 {
		open += i
	}
	indent := lineIndent(src, open)
	if strings.TrimSpace(src[open+1:r.End.Offset-1]) == "" {
		return Edit{Start: open + 1, End: r.End.Offset - 1, Text: "\n" + indent + "  " + line + "\n" + indent}, nil
	}
	return Edit{Start: open + 1, End: open + 1, Text: "\n" + indent + "  " + line}, nil // keep what is there (comments)
}

// pastComments moves an offset that falls inside a block comment to the
// comment's end.
func pastComments(comments []Comment, at int) int {
	for _, c := range comments {
		if c.Block && c.Range.Start.Offset < at && at < c.Range.End.Offset {
			at = c.Range.End.Offset
		}
	}
	return at
}

// lineIndent is the whitespace that starts the line holding offset.
func lineIndent(src string, offset int) string {
	start := strings.LastIndexByte(src[:offset], '\n') + 1
	end := start
	for end < len(src) && (src[end] == ' ' || src[end] == '\t') {
		end++
	}
	return src[start:end]
}
