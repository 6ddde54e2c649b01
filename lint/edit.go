package lint

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/nixsec/nixsec/evalbridge"
	"github.com/nixsec/nixsec/lint/nixsyntax"
	"github.com/nixsec/nixsec/optpath"
	"github.com/nixsec/nixsec/report"
	"github.com/nixsec/nixsec/rule"
)

// fixEdit is the edit of the checkout that applies a finding's fix, made
// through the parser (docs/why.md):
//   - the fix's option is written in the host's files: its value is
//     replaced there, inside its wrappers (`lib.mkDefault x` keeps
//     mkDefault: the definition already wins with it);
//   - it is not defined at all (its default is at fault): it is inserted
//     into the host's own module (the anchor's file, or the file the
//     host's entry in flake.nix names), in the style already there;
//   - it is defined outside the checkout (a nixpkgs module): no edit here,
//     as a plain definition might not win; `nixsec fix` reads the
//     winner's priority first.
//
// With no edit, the second result says why.
func (s *sources) fixEdit(h evalbridge.HostEval, m *rule.Meta, f *report.Finding) (*report.Edit, string) {
	if f.Fix == nil {
		return nil, ""
	}
	fixPath, err := optpath.Parse(f.Fix.Path)
	if err != nil {
		return nil, "the fix names no option path"
	}
	value := rule.NixValue(f.Fix.Value)
	names := [][]string{fixPath}
	if m != nil {
		names = append(names, aliasesOf(m, fixPath)...)
	}
	// Written in the checkout: where the finding points, else the files
	// the evaluation says define it.
	var files []string
	if f.Location.Via == "definition" || f.Location.Via == "anchor" {
		files = append(files, f.Location.File)
	}
	files = append(files, h.Files[optpath.Format(fixPath)]...)
	var defs []struct {
		rel string
		l   located
	}
	seen := map[string]bool{}
	for _, rel := range files {
		if seen[rel] {
			continue
		}
		seen[rel] = true
		for _, l := range s.locateIn(rel, names) {
			at := rel == f.Location.File && f.Location.Via == "definition" &&
				l.def.Key.Start.Line == f.Location.StartLine && l.def.Key.Start.Col == f.Location.StartCol
			if at && f.Fix.Path == f.Path {
				// The finding points at the definition that wins: that one.
				defs = defs[:0]
				defs = append(defs, struct {
					rel string
					l   located
				}{rel, l})
				break
			}
			if !l.wrap.False {
				defs = append(defs, struct {
					rel string
					l   located
				}{rel, l})
			}
		}
	}
	if len(defs) > 1 {
		// The strongest priority written wins, when one alone has it.
		best, n := 0, 0
		for i, d := range defs {
			switch {
			case i == 0 || d.l.wrap.Prio < defs[best].l.wrap.Prio:
				best, n = i, 1
			case d.l.wrap.Prio == defs[best].l.wrap.Prio:
				n++
			}
		}
		if n == 1 && len(defs[best].l.wrap.Conditions) == 0 {
			defs = defs[best : best+1]
		}
	}
	switch {
	case len(defs) > 1:
		var at []string
		for _, d := range defs {
			at = append(at, fmt.Sprintf("%s:%d:%d", d.rel, d.l.def.Key.Start.Line, d.l.def.Key.Start.Col))
		}
		return nil, fmt.Sprintf("%s is written in %s; which one wins depends on conditions nixsec does not evaluate: edit it by hand (nixsec why shows the winner)",
			f.Fix.Path, strings.Join(at, ", "))
	case len(defs) == 1:
		d := defs[0]
		src := s.get(d.rel)
		e, ok := nixsyntax.ReplaceValue(src.file, d.l.def, value)
		if !ok {
			return nil, "the value is built (mkMerge, //, if) rather than written in one place"
		}
		return s.edit(d.rel, e, "replace the value of "+f.Fix.Path)
	case len(h.Files[optpath.Format(fixPath)]) > 0:
		return nil, "the definition's line could not be found in its file"
	case h.Defined[optpath.Format(fixPath)]:
		return nil, f.Fix.Path + " is set outside the checkout (a NixOS module or an input): a definition here may not win"
	}
	// Its default is at fault: insert into the host's own module.
	return s.insertFix(h.Host, f, fixPath, value)
}

// insertFix inserts a fix's setting into the host's own module: the
// anchor's file, or the file the host's entry in flake.nix names.
func (s *sources) insertFix(host string, f *report.Finding, fixPath []string, value string) (*report.Edit, string) {
	target := ""
	if f.Location.Via == "anchor" {
		target = f.Location.File
	} else if mods := s.imports(hostEntryFile, host); len(mods) > 0 {
		target = mods[0]
	}
	if target == "" {
		return nil, "no module file of the host is known (its entry in flake.nix names none by path)"
	}
	src := s.get(target)
	if src.file == nil {
		return nil, "the host's module " + target + " could not be parsed"
	}
	e, err := nixsyntax.Insert(src.file, fixPath, optpath.Source, value)
	if err != nil {
		return nil, target + ": " + err.Error()
	}
	return s.edit(target, e, "insert "+f.Fix.Path+" into "+target)
}

// edit turns a byte-offset edit of a parsed file into a report.Edit, and
// checks that the file still parses with it.
func (s *sources) edit(rel string, e nixsyntax.Edit, what string) (*report.Edit, string) {
	src := s.get(rel)
	// The hosts of a fleet share their edits: each is parsed once.
	perr := memo(s, s.editCache, fmt.Sprintf("%s\x00%d\x00%d\x00%s", rel, e.Start, e.End, e.Text), func() string {
		out, err := nixsyntax.ApplyEdits(src.text, []nixsyntax.Edit{e})
		if err == nil {
			_, err = nixsyntax.ParseContext(s.ctx, rel, []byte(out))
		}
		if err != nil {
			return "the edit would not parse: " + err.Error()
		}
		return ""
	})
	if perr != "" {
		return nil, perr
	}
	sl, sc := position(src.text, e.Start)
	el, ec := position(src.text, e.End)
	sum := sha256.Sum256([]byte(src.text))
	return &report.Edit{File: rel, StartLine: sl, StartCol: sc, EndLine: el, EndCol: ec, Text: e.Text, Description: what,
		Source: hex.EncodeToString(sum[:])}, ""
}

// position is the 1-based line and character column of a byte offset.
func position(text string, off int) (int, int) {
	before := text[:off]
	line := strings.Count(before, "\n") + 1
	return line, utf8.RuneCountInString(before[strings.LastIndexByte(before, '\n')+1:]) + 1
}

// offset is the byte offset of a 1-based line and character column, or
// -1 when the file has no such place.
func offset(text string, line, col int) int {
	off := 0
	for l := 1; l < line; l++ {
		i := strings.IndexByte(text[off:], '\n')
		if i < 0 {
			return -1
		}
		off += i + 1
	}
	for c := 1; c < col; c++ {
		if off >= len(text) || text[off] == '\n' {
			return -1
		}
		_, n := utf8.DecodeRuneInString(text[off:])
		off += n
	}
	return off
}
