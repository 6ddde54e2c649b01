package lint

import (
	"path"
	"sort"
	"strings"

	"github.com/nixsec/nixsec/evalbridge"
	"github.com/nixsec/nixsec/lint/nixsyntax"
	"github.com/nixsec/nixsec/optpath"
	"github.com/nixsec/nixsec/report"
	"github.com/nixsec/nixsec/rule"
)

// hostModules are the checkout files a host is known to be made of: the
// start files (those that define options for it), and the files they,
// or the host's entry in flake.nix, import by a relative path literal
// (`imports = [ ./a.nix ]`, `modules = [ ./hosts/web.nix ]`). Modules
// reached otherwise (through `self.nixosModules`, computed paths) are
// not known.
func (s *sources) hostModules(host string, start []string) map[string]bool {
	known := map[string]bool{}
	var queue []string
	visit := func(rel string) {
		if !known[rel] && len(known) < maxWhyScan && s.text(rel).read {
			known[rel] = true
			queue = append(queue, rel)
		}
	}
	for _, f := range start {
		visit(f)
	}
	for _, f := range s.imports(hostEntryFile, host) {
		visit(f)
	}
	for len(queue) > 0 {
		rel := queue[0]
		queue = queue[1:]
		for _, f := range s.imports(rel, "") {
			visit(f)
		}
	}
	return known
}

// imports are the files a module imports by relative path literals; with
// host set, those in flake.nix's entry for that host. Cached: a fleet's
// hosts share their modules.
func (s *sources) imports(file, host string) []string {
	return memo(s, s.importCache, file+"\x00"+host, func() []string {
		out := []string{}
		src := s.get(file)
		switch {
		case src.file == nil:
		case host != "": // file is flake.nix (hostEntryFile)
			for _, d := range s.hostDefs(host) {
				out = append(out, resolveImports(file, pathLiterals(src.file, d.Value, false))...)
			}
		default:
			out = resolveImports(file, pathLiterals(src.file, src.file.Expr.Span(), true))
		}
		return out
	})
}

// resolveImports resolves the relative path literals of file: a .nix
// file, or a directory's default.nix, inside the checkout.
func resolveImports(file string, lits []string) []string {
	var out []string
	for _, lit := range lits {
		p := path.Join(path.Dir(file), lit)
		if p == ".." || strings.HasPrefix(p, "../") {
			continue
		}
		if !strings.HasSuffix(p, ".nix") {
			p = path.Join(p, "default.nix")
		}
		out = append(out, p)
	}
	return out
}

// pathLiterals are the relative path literals without interpolation
// inside r: with onlyImports, only those in the value of an `imports`
// binding.
func pathLiterals(f *nixsyntax.File, r nixsyntax.Range, onlyImports bool) []string {
	var out []string
	collect := func(e nixsyntax.Expr) {
		nixsyntax.Walk(e, func(n nixsyntax.Expr) bool {
			if p, ok := n.(*nixsyntax.Path); ok && p.Kind == nixsyntax.PathRel && len(p.Parts) == 1 && p.Parts[0].Interp == nil {
				out = append(out, p.Parts[0].Lit)
			}
			return true
		})
	}
	nixsyntax.Walk(f.Expr, func(n nixsyntax.Expr) bool {
		sp := n.Span()
		if sp.End.Offset <= r.Start.Offset || sp.Start.Offset >= r.End.Offset {
			return false
		}
		if !onlyImports {
			if r.Start.Offset <= sp.Start.Offset && sp.End.Offset <= r.End.Offset {
				collect(n)
				return false
			}
			return true
		}
		if a, ok := n.(*nixsyntax.Attrs); ok {
			for _, b := range a.Bindings {
				if b.Inherit || len(b.Path) != 1 {
					continue
				}
				if name, _ := b.Path[0].Static(); name == "imports" {
					collect(b.Value)
				}
			}
		}
		return true
	})
	return out
}

// moduleFiles is hostModules of a host started from every file its
// definitions come from, sorted; once per host and run.
func (s *sources) moduleFiles(h evalbridge.HostEval) []string {
	return memo(s, s.moduleCache, h.Host, func() []string {
		var start []string
		for _, fs := range h.Files {
			start = append(start, fs...)
		}
		sort.Strings(start)
		modules := s.hostModules(h.Host, start)
		files := make([]string, 0, len(modules))
		for f := range modules {
			files = append(files, f)
		}
		sort.Strings(files)
		return files
	})
}

// locateIn is locate over names, cached per file and names: the hosts
// of a fleet ask the same files for the same paths.
func (s *sources) locateIn(rel string, names [][]string) []located {
	keys := make([]string, len(names))
	for i, n := range names {
		keys[i] = optpath.Format(n)
	}
	return memo(s, s.locateCache, rel+"\x00"+strings.Join(keys, "\x00"), func() []located {
		out := []located{}
		if src := s.get(rel); src.file != nil {
			for _, d := range nixsyntax.LocateAny(src.file, names) {
				if !d.Partial {
					out = append(out, located{def: d, wrap: nixsyntax.WrappingOf(src.file, d.Value)})
				}
			}
		}
		return out
	})
}

// memo is m[key], computed by f the first time (f runs unlocked: two
// hosts may compute the same value at once, which costs only time).
func memo[T any](s *sources, m map[string]T, key string, f func() T) T {
	s.mu.Lock()
	v, ok := m[key]
	s.mu.Unlock()
	if ok {
		return v
	}
	v = f()
	s.mu.Lock()
	m[key] = v
	s.mu.Unlock()
	return v
}

// related lists, for a finding placed at a definition, every assignment
// of its option (under any name the rule knows) in the host's modules,
// read from the source: the definition the finding points at, and the
// others with their wrappers and what became of them beside it. Nil when
// the option is written once: the finding says it all.
func (s *sources) related(h evalbridge.HostEval, m *rule.Meta, p string, at report.Location) []report.Definition {
	concrete, err := optpath.Parse(p)
	if err != nil || at.Via != "definition" {
		return nil
	}
	names := [][]string{concrete}
	if m != nil {
		names = append(names, aliasesOf(m, concrete)...)
	}
	files := s.moduleFiles(h)
	type found struct {
		rel string
		l   located
	}
	var all []found
	best, winner := 0, -1
	for _, rel := range files {
		for _, l := range s.locateIn(rel, names) {
			if rel == at.File && l.def.Key.Start.Line == at.StartLine && l.def.Key.Start.Col == at.StartCol {
				winner, best = len(all), l.wrap.Prio
			}
			all = append(all, found{rel, l})
		}
	}
	if len(all) < 2 || winner < 0 {
		return nil
	}
	out := make([]report.Definition, 0, len(all))
	for i, f := range all {
		d := notEvaluated(s, f.rel, f.l, best, true)
		switch {
		case i == winner:
			d.Status, d.Note = "wins", ""
		case !f.l.wrap.False && len(f.l.wrap.Conditions) == 0 && f.l.wrap.Prio == best:
			d.Status, d.Note = "merged", "" // the same priority: the type merges them
		}
		out = append(out, d)
	}
	sortDefinitions(&report.Explanation{Definitions: out})
	return out
}
