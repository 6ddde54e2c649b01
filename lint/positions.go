package lint

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"unicode/utf8"

	"github.com/nixsec/nixsec/evalbridge"
	"github.com/nixsec/nixsec/lint/nixsyntax"
	"github.com/nixsec/nixsec/optpath"
	"github.com/nixsec/nixsec/report"
	"github.com/nixsec/nixsec/rule"
)

// hostEntryFile is where a host is declared when nothing closer is known.
const hostEntryFile = "flake.nix"

// sources reads and parses the flake's files once per run, for every host
// and finding that points into them. Safe for concurrent use.
type sources struct {
	root fs.FS // what may be read of the flake (sourceFS); nil when unknown
	// ctx stops a parse when the run is cancelled (SIGTERM): a long file
	// must not keep nixsec running. The run then fails (cmd's main).
	ctx  context.Context
	mu   sync.Mutex
	docs map[string]*source
	// What related (related.go) asks of the files, once per run.
	importCache map[string][]string
	locateCache map[string][]located
	editCache   map[string]string // an edit's parse error, "" when it parses
	moduleCache map[string][]string
	defsCache   map[string][]nixsyntax.Definition // locate's
	// The hosts' entries in flake.nix (hostDefs), found once for all.
	entriesOnce   sync.Once
	entries       map[string][]nixsyntax.Definition
	sharedEntries []nixsyntax.Definition
	// Which files hold no nixsec:ignore, from earlier runs (nil: none).
	markers *markers
}

type source struct {
	readOnce, parseOnce sync.Once
	text                string
	linesOnce           sync.Once
	lines               []string // of text, split when first wanted (lineList)
	file                *nixsyntax.File
	err                 error // reading or parsing failed
	read                bool  // the file could be read
}

// MaxParseBytes bounds the .nix files parsed to place findings; findings
// in a larger file point at the file.
const MaxParseBytes = 8 << 20

func newSources(root fs.FS) *sources {
	return &sources{root: root, ctx: context.Background(), docs: map[string]*source{},
		importCache: map[string][]string{}, locateCache: map[string][]located{}, editCache: map[string]string{},
		moduleCache: map[string][]string{}, defsCache: map[string][]nixsyntax.Definition{}}
}

// get returns the file, read and parsed.
func (s *sources) get(name string) *source {
	src := s.text(name)
	src.parseOnce.Do(func() {
		switch {
		case !src.read:
		case len(src.text) > MaxParseBytes:
			// The parser holds every token at once (~100 bytes each).
			src.err = fmt.Errorf("%s: larger than %d MiB, not parsed", name, MaxParseBytes>>20)
		default:
			src.file, src.err = nixsyntax.ParseContext(s.ctx, name, []byte(src.text))
		}
	})
	return src
}

// text returns the file, read but not parsed: enough to know that a file
// has no suppression without parsing it (a large generated module, say).
func (s *sources) text(name string) *source {
	s.mu.Lock()
	src := s.docs[name]
	if src == nil {
		src = &source{}
		s.docs[name] = src
	}
	s.mu.Unlock()
	src.readOnce.Do(func() {
		if s.root == nil {
			src.err = errors.New("the flake's checkout is not known")
			return
		}
		b, err := readRegular(s.root, path.Clean(name))
		if err != nil {
			src.err = err
			return
		}
		src.read = true
		src.text = string(b)
	})
	return src
}

// sourceFS is what positions and suppressions may read of the flake, by
// paths relative to its directory (as Location.File):
//   - after an evaluation, nix's store copy of the flake's source
//     (doc.Source): exactly the files nix evaluated, so an untracked or
//     git-ignored file that a module names with `_file` is never quoted,
//     and a suppression in it never applies;
//   - for a --from-json document (no Source), its root, but only the files
//     it lists as definition files, plus flake.nix (the hosts' entry) and
//     flake.lock (its inputs): a crafted document cannot make nixsec read
//     anything it does not name, nor walk its root.
//
// Either way only .nix files and flake.lock, only regular files, only
// inside the directory (os.Root: no symlink or ".." leads out of it).
func sourceFS(doc *evalbridge.Document) fs.FS {
	dir := doc.Source
	var listed map[string]bool
	if dir == "" {
		dir = doc.Root
		listed = map[string]bool{hostEntryFile: true, "flake.lock": true}
		for _, h := range doc.Hosts {
			for _, files := range h.Files {
				for _, f := range files {
					listed[path.Clean(f)] = true
				}
			}
		}
	}
	if dir == "" {
		return nil
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil
	}
	return &flakeFS{root: root, listed: listed}
}

// flakeFS is sourceFS's view of a directory.
type flakeFS struct {
	root   *os.Root
	listed map[string]bool // nil: every file
}

func (f *flakeFS) allowed(name string) error {
	if !fs.ValidPath(name) || name == "." {
		return fs.ErrInvalid
	}
	if !strings.HasSuffix(name, ".nix") && path.Base(name) != "flake.lock" {
		return fs.ErrPermission
	}
	if f.listed != nil && !f.listed[name] {
		return fs.ErrPermission
	}
	return nil
}

// Stat lets a reader check for a regular file before opening it.
func (f *flakeFS) Stat(name string) (fs.FileInfo, error) {
	if err := f.allowed(name); err != nil {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: err}
	}
	return f.root.Stat(filepath.FromSlash(name))
}

// Open opens a regular file in one walk of the root: without blocking (a
// plain open of a fifo waits for a writer) and then checked, on the open
// file, to be a regular one. A warm re-check of a large fleet opens every
// file its findings point at.
func (f *flakeFS) Open(name string) (fs.File, error) {
	if err := f.allowed(name); err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	file, err := f.root.OpenFile(filepath.FromSlash(name), os.O_RDONLY|syscall.O_NONBLOCK|syscall.O_NOCTTY, 0)
	if err != nil {
		return nil, err
	}
	if fi, err := file.Stat(); err != nil || !fi.Mode().IsRegular() {
		_ = file.Close()
		if err == nil {
			err = &fs.PathError{Op: "open", Path: name, Err: errNotRegular}
		}
		return nil, err
	}
	return file, nil
}

var errNotRegular = errors.New("not a regular file")

// readRegular reads a regular file of fsys. Another file system than
// flakeFS (whose Open refuses other files without blocking) is asked
// first: opening a fifo or a device would block or never end.
func readRegular(fsys fs.FS, name string) ([]byte, error) {
	if _, ok := fsys.(*flakeFS); !ok {
		fi, err := fs.Stat(fsys, name)
		if err == nil && !fi.Mode().IsRegular() {
			err = &fs.PathError{Op: "read", Path: name, Err: errNotRegular}
		}
		if err != nil {
			return nil, err
		}
	}
	return fs.ReadFile(fsys, name)
}

// lineList is the file's lines. Split when first wanted: a re-check whose
// findings come from the cache reads each file they point at only to look
// for nixsec:ignore.
func (src *source) lineList() []string {
	src.linesOnce.Do(func() {
		if src.read {
			src.lines = strings.Split(src.text, "\n")
		}
	})
	return src.lines
}

// line returns line n (1-based) of the file, without its newline.
func (src *source) line(n int) string {
	lines := src.lineList()
	if n < 1 || n > len(lines) {
		return ""
	}
	return strings.TrimRight(lines[n-1], "\r")
}

// place finds where a violation belongs: the user's definition of the
// option at fault (under its current or an older name); else the
// definition of the rule's anchor, where the fix belongs when a default is
// at fault; else the host's entry in flake.nix. It is never nowhere.
func (s *sources) place(h evalbridge.HostEval, v rule.Violation) report.Location {
	if v.File != "" {
		return s.fileLocation(v.File, "file", v.Path)
	}
	// An exact line beats a known file: the option's own definition, then
	// the anchor's, and only then the first line of a file known to define
	// one of them.
	var fallback *report.Location
	for _, c := range []struct{ path, via string }{{v.Path, "definition"}, {v.Anchor, "anchor"}} {
		if c.path == "" {
			continue
		}
		loc, exact, ok := s.definition(h, v.Rule, c.path, c.via)
		if exact {
			return loc
		}
		if ok && fallback == nil {
			fallback = &loc
		}
	}
	if fallback != nil {
		return *fallback
	}
	return s.hostEntry(h.Host)
}

// definition looks for p in the user's files that define it, under every
// name the rule knows for it. When p itself is not written in them (a
// rule may report a key below what it read, or a key left at its default
// inside a set the user wrote), the nearest enclosing definition is the
// exact place. It reports whether it found a line, and, failing that,
// whether it knows a file.
func (s *sources) definition(h evalbridge.HostEval, rule *rule.Meta, p, via string) (loc report.Location, exact, ok bool) {
	concrete, err := optpath.Parse(p)
	if err != nil {
		return report.Location{}, false, false
	}
	files, depth := definingFiles(h, concrete)
	if len(files) == 0 {
		return report.Location{}, false, false
	}
	for n := len(concrete); n >= depth; n-- {
		names := [][]string{concrete[:n]}
		if rule != nil {
			names = append(names, aliasesOf(rule, concrete[:n])...)
		}
		for _, file := range files {
			src := s.get(file)
			if src.file == nil {
				continue
			}
			if defs := s.locate(file, src.file, names); len(defs) > 0 {
				d := defs[0]
				for _, x := range defs { // not one under a literal `mkIf false`, which never wins
					if !nixsyntax.WrappingOf(src.file, x.Value).False {
						d = x
						break
					}
				}
				loc := s.region(file, src, d.Key, via, "")
				if n == len(concrete) {
					setValue(&loc, src, d)
				}
				return loc, true, true
			}
		}
	}
	// The files are known, the line is not (a generated attribute name,
	// a value built elsewhere): the file is still the right place.
	src := s.get(files[0])
	note := "the definition's line could not be found in this file"
	if src.err != nil && src.read {
		note = "this file could not be parsed (" + src.err.Error() + "); the finding is placed at its first line"
	}
	return s.region(files[0], src, rangeAt(1, 1), via, note), false, true
}

// locate is nixsyntax.LocateAny in a file of the flake, once per file and
// paths: a fleet's hosts share their modules, and each host's findings
// look for the same options in them (one walk of the file per finding
// and host was a quadratic share of placing a fleet's findings).
func (s *sources) locate(rel string, f *nixsyntax.File, names [][]string) []nixsyntax.Definition {
	var key strings.Builder
	key.WriteString(rel)
	for _, n := range names {
		key.WriteByte(0)
		key.WriteString(optpath.Format(n))
	}
	return memo(s, s.defsCache, key.String(), func() []nixsyntax.Definition { return nixsyntax.LocateAny(f, names) })
}

// definingFiles returns the user's files that define the path or its
// nearest evaluated prefix (a rule may report a path below what it read,
// such as one key of a settings set), with the length of that prefix;
// failing both, the files of evaluated paths below it (a rule may report
// fileSystems."/" having read fileSystems."/".device).
func definingFiles(h evalbridge.HostEval, p []string) ([]string, int) {
	for n := len(p); n > 0; n-- {
		if files := h.Files[optpath.Format(p[:n])]; len(files) > 0 {
			return files, n
		}
	}
	prefix := optpath.Format(p) + "."
	var below []string
	for k, files := range h.Files {
		if strings.HasPrefix(k, prefix) {
			below = append(below, files...)
		}
	}
	sort.Strings(below)
	return dedupeStrings(below), len(p)
}

func dedupeStrings(xs []string) []string {
	var out []string
	for i, x := range xs {
		if i == 0 || x != xs[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// aliasesOf returns the other names of a concrete path: for the rule's
// option whose name (the path or one of its aliases) matches it (or a
// prefix of it), every other name with the stars bound as in the path,
// followed by the rest of the path. The path may be an older name: the
// bridge reads an option under the name the host's nixpkgs declares.
func aliasesOf(rule *rule.Meta, concrete []string) [][]string {
	var out [][]string
	for _, o := range rule.Options {
		if len(o.Aliases) == 0 {
			continue
		}
		names := o.Names()
		for i, pat := range names {
			if pat == nil || len(pat) > len(concrete) || !optpath.Matches(pat, concrete[:len(pat)]) {
				continue
			}
			var stars []string
			for k, c := range pat {
				if c == optpath.Star {
					stars = append(stars, concrete[k])
				}
			}
			rest := concrete[len(pat):]
			for j, ap := range names {
				if j != i && ap != nil {
					out = append(out, append(bindStars(ap, stars), rest...))
				}
			}
			break
		}
	}
	return out
}

// bindStars substitutes the names bound to a pattern's stars, in order.
func bindStars(pat, stars []string) []string {
	bound := make([]string, 0, len(pat))
	k := 0
	for _, c := range pat {
		if c == optpath.Star && k < len(stars) {
			c = stars[k]
			k++
		}
		bound = append(bound, c)
	}
	return bound
}

// hostEntry is `nixosConfigurations.<host>` in flake.nix.
func (s *sources) hostEntry(host string) report.Location {
	if defs := s.hostDefs(host); len(defs) > 0 {
		return s.region(hostEntryFile, s.get(hostEntryFile), defs[0].Key, "host", "")
	}
	return s.fileLocation(hostEntryFile, "host", "")
}

// hostDefs are the definitions of `nixosConfigurations.<host>` in
// flake.nix, as nixsyntax.Locate finds them, in source order. Every
// host's are found in one walk of the file: a walk per host made a
// fleet's placing quadratic in its size (1000 hosts: a second of CPU).
func (s *sources) hostDefs(host string) []nixsyntax.Definition {
	s.entriesOnce.Do(func() {
		if src := s.get(hostEntryFile); src.file != nil {
			s.entries, s.sharedEntries = nixsyntax.LocateEach(src.file, []string{"nixosConfigurations"})
		}
	})
	defs := append(append([]nixsyntax.Definition{}, s.entries[host]...), s.sharedEntries...)
	sort.SliceStable(defs, func(i, j int) bool { return defs[i].Key.Start.Offset < defs[j].Key.Start.Offset })
	return defs
}

// fileLocation points at a file: at the line of `"name"` when the file
// has one (flake.lock's input nodes), else at its first line.
func (s *sources) fileLocation(file, via, p string) report.Location {
	src := s.get(file)
	r := rangeAt(1, 1)
	if parts, err := optpath.Parse(p); err == nil && len(parts) > 0 {
		needle := `"` + parts[len(parts)-1] + `": {`
		for i, l := range src.lineList() {
			if c := strings.Index(l, needle); c >= 0 {
				col := utf8.RuneCountInString(l[:c]) + 1
				r = nixsyntax.Range{Start: nixsyntax.Pos{Line: i + 1, Col: col}, End: nixsyntax.Pos{Line: i + 1, Col: col + utf8.RuneCountInString(needle) - 3}}
				break
			}
		}
	}
	return s.region(file, src, r, via, "")
}

func (s *sources) region(file string, src *source, r nixsyntax.Range, via, note string) report.Location {
	loc := report.Location{File: file, StartLine: r.Start.Line, StartCol: r.Start.Col, EndLine: r.End.Line, EndCol: r.End.Col, Via: via, Note: note}
	if loc.StartLine < 1 {
		loc.StartLine, loc.StartCol = 1, 1
	}
	if loc.EndLine < loc.StartLine || (loc.EndLine == loc.StartLine && loc.EndCol < loc.StartCol) {
		loc.EndLine, loc.EndCol = loc.StartLine, loc.StartCol
	}
	loc.Snippet = src.line(loc.StartLine)
	return loc
}

// setValue records the region of a definition's value, which a fix
// replaces: only for a whole definition whose value is written in place,
// not wrapped in a priority modifier (mkForce, mkDefault, mkOverride, ...),
// which a plain value would silently drop.
func setValue(loc *report.Location, src *source, d nixsyntax.Definition) {
	v := d.Value
	if d.Partial || v.Start.Line < 1 || v.End.Offset <= v.Start.Offset || v.End.Offset > len(src.text) {
		return
	}
	text := strings.TrimPrefix(src.text[v.Start.Offset:v.End.Offset], "lib.")
	if strings.HasPrefix(text, "mk") {
		return
	}
	loc.ValueStartLine, loc.ValueStartCol = v.Start.Line, v.Start.Col
	loc.ValueEndLine, loc.ValueEndCol = v.End.Line, v.End.Col
}

// rangeAt is an empty range at a line and column.
func rangeAt(line, col int) nixsyntax.Range {
	p := nixsyntax.Pos{Line: line, Col: col}
	return nixsyntax.Range{Start: p, End: p}
}
