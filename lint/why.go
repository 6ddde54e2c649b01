package lint

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/nixsec/nixsec/evalbridge"
	"github.com/nixsec/nixsec/lint/nixsyntax"
	"github.com/nixsec/nixsec/optpath"
	"github.com/nixsec/nixsec/report"
	"github.com/nixsec/nixsec/rule"
)

// These bound what `why` reads of the checkout for definitions the
// evaluation no longer shows: .nix files, entries walked, bytes parsed.
const (
	maxWhyScan    = 5000
	maxWhyEntries = 100000   // directory entries walked
	maxWhyBytes   = 64 << 20 // .nix bytes parsed
)

// Why explains one option path on one host: its value, and every
// definition that took part, winners first (docs/why.md). The module
// system keeps, for an option, only the definitions of the winning
// priority; those it dropped are found in the checkout's source.
func Why(ctx context.Context, cfg Config, host, option string) (*report.Explanation, error) {
	c, err := openCheckout(ctx, cfg)
	if err != nil {
		return nil, err
	}
	return c.why(ctx, host, option)
}

// checkout is a flake loaded once for questions about its hosts: why, and
// fix's about options set outside the checkout.
type checkout struct {
	rules []*rule.Meta
	r     *evalbridge.Runner
	flake *evalbridge.Flake
	dir   string // nix's copy of the flake's directory
	src   *sources
}

func openCheckout(ctx context.Context, cfg Config) (*checkout, error) {
	if cfg.Eval.FromJSON != "" {
		return nil, errors.New("why evaluates the flake: a --from-json document holds no definitions")
	}
	bundle, _, err := LoadRules(cfg)
	if err != nil {
		return nil, err
	}
	r, flake, _, err := resolve(ctx, cfg, false, nil)
	if err != nil {
		return nil, err
	}
	doc := &evalbridge.Document{Source: filepath.Join(flake.StorePath, flake.Dir), Root: flake.LocalRoot}
	s := newSources(sourceFS(doc))
	s.ctx = ctx
	return &checkout{rules: bundle.Rules(), r: r, flake: flake, dir: doc.Source, src: s}, nil
}

func (c *checkout) why(ctx context.Context, host, option string) (*report.Explanation, error) {
	path, err := optpath.Parse(option)
	if err != nil {
		return nil, fmt.Errorf("option %q: %w", option, err)
	}
	if slices.Contains(path, optpath.Star) {
		return nil, fmt.Errorf("option %q: name one option, without *", option)
	}
	r, flake := c.r, c.flake
	aliases := knownAliases(c.rules, path)
	x, err := r.Explain(ctx, flake, host, path, aliases, 0)
	if err != nil {
		return nil, err
	}
	aliasOf := ""
	if target := aliasTarget(x.Description); target != nil && optpath.Format(target) != optpath.Format(path) {
		// An older name: its value is the new option's, so explain that,
		// with this name's definitions among the others.
		aliasOf = optpath.Format(target)
		more := append([][]string{path}, knownAliases(c.rules, target)...)
		if x, err = r.Explain(ctx, flake, host, target, dedupePaths(more, target), 0); err != nil {
			return nil, err
		}
	}
	s := c.src
	e := explain(s, flake, x)
	e.Option, e.AliasOf = option, aliasOf
	if aliasOf != "" {
		e.Option = optpath.Format(path)
	}
	var start []string
	for _, d := range e.Definitions {
		if d.InFlake && d.Evaluated {
			start = append(start, d.Location.File)
		}
	}
	scanCheckout(ctx, s, c.dir, e, x, s.hostModules(host, start))
	for _, d := range e.Definitions {
		if !d.Evaluated && len(x.Rest) == 0 {
			e.Notes = append(e.Notes, "for an option, the module system keeps only the definitions of the winning priority: the others listed were found in the checkout's source")
			break
		}
	}
	sortDefinitions(e)
	return e, nil
}

// knownAliases are the other names the rules know for a path.
func knownAliases(rules []*rule.Meta, path []string) [][]string {
	var out [][]string
	for _, m := range rules {
		out = append(out, aliasesOf(m, path)...)
	}
	return dedupePaths(out, path)
}

func dedupePaths(ps [][]string, not []string) [][]string {
	seen := map[string]bool{optpath.Format(not): true}
	out := [][]string{}
	for _, p := range ps {
		if k := optpath.Format(p); !seen[k] {
			seen[k] = true
			out = append(out, p)
		}
	}
	return out
}

// aliasRE reads the target of lib.mkRenamedOptionModule's and
// mkAliasOptionModule's description: "Alias of {option}`a.b`." (older
// releases: "Alias of <option>a.b</option>.").
var aliasRE = regexp.MustCompile("^Alias of (?:\\{option\\}`([^`]+)`|<option>([^<]+)</option>)")

func aliasTarget(description string) []string {
	m := aliasRE.FindStringSubmatch(description)
	if m == nil {
		return nil
	}
	p, err := optpath.Parse(m[1] + m[2])
	if err != nil {
		return nil
	}
	return p
}

// evaluated is one contribution of an evaluated definition.
type evaluated struct {
	file, name string
	c          evalbridge.Contribution
}

// explain turns what the evaluation returned into the explanation, each
// definition in the checkout placed at its line.
func explain(s *sources, flake *evalbridge.Flake, x *evalbridge.Explanation) *report.Explanation {
	e := &report.Explanation{Host: x.Host, Declared: x.Declared, Type: x.Type, Present: x.Present, ValueError: x.ValueError, Definitions: []report.Definition{}}
	if x.Present {
		e.Value = x.Value
	}
	if !x.Declared {
		e.Merge = "unset"
		e.Notes = append(e.Notes, "no option of this host is declared at this path")
		return e
	}
	e.DeclaredAs = optpath.Format(x.Option)
	top := len(x.Rest) == 0
	var all []evaluated
	add := func(name string, defs []evalbridge.Definition) {
		for _, d := range defs {
			if !d.OK {
				e.Notes = append(e.Notes, "a definition in "+displayFile(flake, d.File)+" could not be read (a throw inside its value)")
			}
			for _, c := range d.Contributions {
				all = append(all, evaluated{file: d.File, name: name, c: c})
			}
		}
	}
	add(optpath.Format(x.Path), x.Definitions)
	for _, a := range x.Aliases {
		add(optpath.Format(a.Path), a.Definitions)
	}
	if x.DefinitionsError {
		e.Notes = append(e.Notes, "the option's definitions could not be listed (a throw)")
	}
	// A rename (mkRenamedOptionModule) copies the older name's
	// definitions to the new one, attributed to the module declaring the
	// rename: such a copy is not a definition of its own.
	forwarded := map[int]bool{}
	mainName := optpath.Format(x.Path)
	for i, v := range all {
		if _, own := flake.Relative(v.file); own || v.name != mainName {
			continue
		}
		for _, a := range all {
			if a.name != mainName && a.c.Prio == v.c.Prio && a.c.Holds == v.c.Holds && reflect.DeepEqual(a.c.Value, v.c.Value) {
				forwarded[i] = true
				break
			}
		}
	}
	best := 0
	for i, v := range all {
		if !forwarded[i] && v.c.Holds && !v.c.Throws && (best == 0 || v.c.Prio < best) {
			best = v.c.Prio
		}
	}
	winners := 0
	for i, v := range all {
		if !forwarded[i] && v.c.Holds && !v.c.Throws && v.c.Prio == best {
			winners++
		}
	}
	declared := map[string]bool{}
	for _, f := range x.Declarations {
		declared[f] = true
	}
	// Evaluated definitions in a checkout file are paired with the
	// assignments found there, in order, by their priority.
	located := map[string][]located{}
	for i, v := range all {
		d := report.Definition{Name: v.name, Value: v.c.Value, Priority: v.c.Prio, Wrapper: wrapperName(v.c.Prio), Evaluated: true}
		if v.c.Order != nil {
			d.Order = *v.c.Order
		}
		switch {
		case forwarded[i]:
			d.Status, d.Note = "forwarded", "the rename's copy of the older name's definition"
		case v.c.Throws:
			d.Status, d.Note = "condition-error", "an mkIf condition around it failed to evaluate"
		case !v.c.Holds:
			d.Status, d.Note = "condition-false", "an mkIf condition around it is false"
		case v.c.Prio > best:
			d.Status, d.Note = "overridden", fmt.Sprintf("priority %d loses to %d", v.c.Prio, best)
		case top && best == 1500 && declared[v.file] && x.HasDefault:
			d.Status, d.Wrapper = "default", "the option's default"
		case winners > 1:
			d.Status = "merged"
		default:
			d.Status = "wins"
		}
		rel, own := flake.Relative(v.file)
		if own {
			if _, ok := located[rel]; !ok {
				located[rel] = locate(s, rel, x, true)
			}
			d.InFlake = true
			d.Location = place(s, rel, located[rel], &d, v.c.Prio)
		} else {
			d.Location = report.Location{File: displayFile(flake, v.file), Via: "definition"}
		}
		if d.Status == "default" {
			dd := d
			e.Default = &dd
		}
		e.Definitions = append(e.Definitions, d)
	}
	// Assignments in those files that no evaluated definition accounts
	// for were dropped (a false mkIf, a lower priority).
	for rel, ls := range located {
		for _, l := range ls {
			if !l.used {
				e.Definitions = append(e.Definitions, notEvaluated(s, rel, l, best, true))
			}
		}
	}
	switch {
	case winners == 0 && x.Present:
		e.Merge = "default"
		if e.Default == nil {
			e.Default = declaration(flake, x)
		}
	case winners == 0:
		e.Merge = "unset"
	case e.Default != nil:
		e.Merge = "default"
	case winners > 1:
		e.Merge = "merged"
	default:
		e.Merge = "single"
	}
	return e
}

// declaration is where the option (or, for a path inside one, the
// enclosing option) is declared: the default's place.
func declaration(flake *evalbridge.Flake, x *evalbridge.Explanation) *report.Definition {
	d := &report.Definition{Status: "default", Wrapper: "the option's default", Priority: 1500}
	switch {
	case len(x.DeclarationPositions) > 0:
		p := x.DeclarationPositions[0]
		d.Location = report.Location{File: displayFile(flake, p.File), Via: "declaration"}
		if p.Line != nil && p.Column != nil {
			d.Location.StartLine, d.Location.StartCol = *p.Line, *p.Column
			d.Location.EndLine, d.Location.EndCol = *p.Line, *p.Column
		}
		_, d.InFlake = flake.Relative(p.File)
	case len(x.Declarations) > 0:
		d.Location = report.Location{File: displayFile(flake, x.Declarations[0]), Via: "declaration"}
		_, d.InFlake = flake.Relative(x.Declarations[0])
	default:
		return nil
	}
	if d.InFlake {
		d.Location.File, _ = flake.Relative(d.Location.File)
	}
	return d
}

// located is one assignment of the path found in a checkout file.
type located struct {
	def  nixsyntax.Definition
	wrap nixsyntax.Wrapping
	used bool
}

// locate finds the assignments of the path (or an alias) in a file. With
// partial, an assignment of an enclosing set counts too (`settings =
// mkForce { … }` sets the path through its value).
func locate(s *sources, rel string, x *evalbridge.Explanation, partial bool) []located {
	src := s.get(rel)
	if src.file == nil {
		return nil
	}
	names := [][]string{x.Path}
	for _, a := range x.Aliases {
		names = append(names, a.Path)
	}
	var out []located
	for _, d := range nixsyntax.LocateAny(src.file, names) {
		if d.Partial && !partial {
			continue
		}
		out = append(out, located{def: d, wrap: nixsyntax.WrappingOf(src.file, d.Value)})
	}
	return out
}

// place pairs an evaluated definition with the first unused assignment of
// its priority in the file (else the first unused one that may hold),
// taking its wrapper's name from the source.
func place(s *sources, rel string, ls []located, d *report.Definition, prio int) report.Location {
	pick := -1
	for pass := 0; pass < 3 && pick < 0; pass++ {
		for i := range ls {
			l := &ls[i]
			if l.used || (pass < 2 && l.wrap.False) || (pass == 0 && l.wrap.Prio != prio) {
				continue
			}
			pick = i
			break
		}
	}
	src := s.get(rel)
	if pick < 0 {
		return s.region(rel, src, rangeAt(1, 1), "definition", "the definition's line could not be found in this file")
	}
	l := &ls[pick]
	l.used = true
	if l.wrap.Override != "" && l.wrap.Prio == prio {
		d.Wrapper = l.wrap.Override
	}
	if l.wrap.Order != 0 && d.Order == 0 {
		d.Order = l.wrap.Order
	}
	return s.region(rel, src, l.def.Key, "definition", "")
}

// notEvaluated describes an assignment written in the checkout that the
// evaluation did not return. inModule says the file is one of the host's
// modules (it holds another definition of the option).
func notEvaluated(s *sources, rel string, l located, best int, inModule bool) report.Definition {
	name := l.def.Path
	if len(name) > 1 && name[0] == "config" { // `config = { … }` in a module with options
		name = name[1:]
	}
	d := report.Definition{Name: optpath.Format(name), InFlake: true, Priority: l.wrap.Prio, Wrapper: l.wrap.Override, Order: l.wrap.Order,
		Location: s.region(rel, s.get(rel), l.def.Key, "definition", "")}
	switch {
	case !inModule:
		d.Status, d.Note = "elsewhere", "in a file this host is not known to import"
	case l.wrap.False:
		d.Status, d.Note = "condition-false", "inside mkIf false"
	case best > 0 && l.wrap.Prio > best:
		d.Status, d.Note = "overridden", fmt.Sprintf("priority %d loses to %d", l.wrap.Prio, best)
	case len(l.wrap.Conditions) > 0:
		d.Status, d.Note = "condition-false", "an mkIf condition around it does not hold"
	default:
		d.Status, d.Note = "not-evaluated", "not among this host's definitions (a condition, or a definition built in a way the source does not show)"
	}
	if src := s.get(rel); l.def.Value.End.Offset <= len(src.text) && l.def.Value.Start.Offset < l.def.Value.End.Offset {
		d.Source = src.text[l.def.Value.Start.Offset:l.def.Value.End.Offset]
		if r := []rune(d.Source); len(r) > 200 {
			d.Source = string(r[:200]) + "…"
		}
	}
	return d
}

// scanCheckout looks for the path in the checkout's other .nix files (nix's
// copy of the flake: exactly what nix evaluated): a definition the module
// system dropped before anything could read it is still written there.
func scanCheckout(ctx context.Context, s *sources, dir string, e *report.Explanation, x *evalbridge.Explanation, modules map[string]bool) {
	if dir == "" || !x.Declared {
		return
	}
	seen := map[string]bool{}
	best := 0
	for _, d := range e.Definitions {
		if d.InFlake {
			seen[d.Location.File] = true
		}
		if d.Evaluated && (d.Status == "wins" || d.Status == "merged") && (best == 0 || d.Priority < best) {
			best = d.Priority
		}
	}
	entries, files, bytes := 0, 0, 0
	_ = filepath.WalkDir(dir, func(p string, de fs.DirEntry, err error) error {
		if err != nil || ctx.Err() != nil {
			return filepath.SkipDir
		}
		// A checkout is the author's: bound what it can make nixsec read.
		if entries++; entries > maxWhyEntries || files > maxWhyScan || bytes > maxWhyBytes {
			e.Notes = append(e.Notes, "the checkout is larger than why searches (files, or bytes of .nix); the rest was not searched")
			return fs.SkipAll
		}
		if de.IsDir() || !de.Type().IsRegular() || !strings.HasSuffix(p, ".nix") {
			return nil
		}
		files++
		rel, rerr := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if rerr != nil || seen[rel] {
			return nil //nolint:nilerr // a path WalkDir gave is below dir; skip what is not
		}
		bytes += len(s.text(rel).text)
		for _, l := range locate(s, rel, x, false) {
			e.Definitions = append(e.Definitions, notEvaluated(s, rel, l, best, modules[rel]))
		}
		return nil
	})
}

var statusRank = map[string]int{"wins": 0, "merged": 0, "default": 1, "forwarded": 1, "overridden": 2, "condition-false": 3, "condition-error": 3, "not-evaluated": 4, "elsewhere": 5}

// sortDefinitions lists winners first (in the module system's order),
// then the rest by status and place.
func sortDefinitions(e *report.Explanation) {
	sort.SliceStable(e.Definitions, func(i, j int) bool {
		a, b := e.Definitions[i], e.Definitions[j]
		if ra, rb := statusRank[a.Status], statusRank[b.Status]; ra != rb {
			return ra < rb
		}
		if statusRank[a.Status] == 0 {
			return false // keep the evaluation's order
		}
		if a.Location.File != b.Location.File {
			return a.Location.File < b.Location.File
		}
		return a.Location.StartLine < b.Location.StartLine || (a.Location.StartLine == b.Location.StartLine && a.Location.StartCol < b.Location.StartCol)
	})
}

// wrapperName names the override function of a priority.
func wrapperName(prio int) string {
	switch prio {
	case 100:
		return ""
	case 1000:
		return "mkDefault"
	case 50:
		return "mkForce"
	case 1500:
		return "mkOptionDefault"
	}
	return "mkOverride " + strconv.Itoa(prio)
}

// displayFile names a file outside the checkout: a NixOS module by its
// path in nixpkgs, anything else by its store path.
func displayFile(flake *evalbridge.Flake, file string) string {
	if rel, ok := flake.Relative(file); ok {
		return rel
	}
	if i := strings.Index(file, "/nixos/modules/"); i >= 0 {
		return "<nixpkgs>" + file[i:]
	}
	return file
}
