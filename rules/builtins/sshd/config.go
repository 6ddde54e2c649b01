package sshd

import (
	"encoding/json"
	"fmt"
	"math/big"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/nixsec/nixsec/rules/builtins/optionpath"
)

// The sshd_config NixOS writes (nixos/modules/services/networking/ssh/
// sshd.nix): services.openssh.settings without its null values, one
// "Key value" line per name in sorted order (pkgs.formats.keyValue; a
// value with a newline in it is several lines), then
// services.openssh.extraConfig, which the build appends with a shell
// here-document whose delimiter is unquoted (cat settings - >$out <<EOL):
// the shell removes "\" + newline, unescapes \\, \$ and \`, and expands
// $… and `…`. sshd reads it as sshd_config(5) and servconf.c say: keywords
// are case-insensitive, "=" may separate a keyword from its arguments,
// arguments may be quoted, a "#" word starts a comment; for each keyword
// the first value read is used; a Match line opens a block that lasts
// until the next Match line or the end of the file, whose values override
// the global ones for the connections it matches; Include reads other
// files.

const extraPath = "services.openssh.extraConfig"

// aliases are older names sshd reads as the same keyword (servconf.c).
var aliases = map[string][]string{
	"kbdinteractiveauthentication": {"challengeresponseauthentication", "skeyauthentication"},
}

// Terms every result uses, made once.
var (
	keyExtra, keySettingMatch, keyUnreadable = ast.StringTerm("extra"), ast.StringTerm("setting_match"), ast.StringTerm("unreadable")
	keySettings, keyExtraConfig              = ast.StringTerm("settings"), ast.StringTerm("extraConfig")
	keyCondition, keyPath, keyWhy            = ast.StringTerm("condition"), ast.StringTerm("path"), ast.StringTerm("why")
	termExtraPath, termEmpty, termOutside    = ast.StringTerm(extraPath), ast.StringTerm(""), ast.StringTerm("outside any Match block")
	emptyArgs                                = ast.ArrayTerm()
)

// line is a line of the file: its text, the option that writes it, and
// the settings name whose own line it is (null for the others).
type line struct {
	text string
	path *ast.Term
	own  *ast.Term
}

// directive is a line sshd reads as a keyword with arguments.
type directive struct {
	keyword string
	text    string // the line, trimmed
	args    []string
	path    *ast.Term
	own     *ast.Term
	block   int // the index in the directives of the Match line whose block it is in, -1 outside any

	condition *ast.Term // a Match line's condition: its arguments joined
	tuple     *ast.Term // its entry in the result's extra, once made
}

// terms allocates string terms in blocks: a result has a hundred or so.
type terms struct{ free []ast.Term }

func (ts *terms) str(s string) *ast.Term {
	if s == "" {
		return termEmpty
	}
	if len(ts.free) == 0 {
		ts.free = make([]ast.Term, 64)
	}
	t := &ts.free[0]
	ts.free = ts.free[1:]
	t.Value = ast.String(s)
	return t
}

// readConfig is nixsec.sshd_config's body. Values of the wrong type read
// as absent (settings {}, extraConfig ""), as the lib read them; the only
// error is a settings name that is not a string, which the lib's path
// rendering failed on too (only a Rego value, never JSON, has one).
func readConfig(openssh ast.Value) (*ast.Term, error) {
	var settings ast.Object
	raw := ""
	if o, ok := openssh.(ast.Object); ok {
		if s := o.Get(keySettings); s != nil {
			settings, _ = s.Value.(ast.Object)
		}
		if e := o.Get(keyExtraConfig); e != nil {
			if es, ok := e.Value.(ast.String); ok {
				raw = string(es)
			}
		}
	}
	ts := &terms{}
	lines, err := settingsLines(ts, settings)
	if err != nil {
		return nil, err
	}
	for t := range strings.SplitSeq(unescape(raw), "\n") {
		lines = append(lines, line{text: t, path: termExtraPath, own: ast.InternedNullTerm})
	}
	ds := directives(ts, lines)
	return ast.ObjectTerm(
		ast.Item(keyExtra, extra(ts, ds)),
		ast.Item(keySettingMatch, settingMatch(ds)),
		ast.Item(keyUnreadable, unreadable(ds, raw)),
	), nil
}

// settingsLines renders the settings as sshd.nix writes them: names in
// sorted order, null values left out, a value with newlines several lines.
func settingsLines(ts *terms, settings ast.Object) ([]line, error) {
	if settings == nil {
		return nil, nil
	}
	type setting struct {
		name  string
		key   *ast.Term
		value ast.Value
	}
	ss := make([]setting, 0, settings.Len())
	var bad error
	settings.Foreach(func(k, v *ast.Term) {
		if _, null := v.Value.(ast.Null); null {
			return
		}
		name, ok := k.Value.(ast.String)
		if !ok {
			bad = fmt.Errorf("%s: services.openssh.settings has a name that is not a string: %v", Decl.Name, k)
			return
		}
		ss = append(ss, setting{string(name), k, v.Value})
	})
	if bad != nil {
		return nil, bad
	}
	sort.Slice(ss, func(i, j int) bool { return ss[i].name < ss[j].name })
	lines := make([]line, 0, len(ss)+1)
	var pb strings.Builder
	for _, s := range ss {
		value, ok := render(s.name, s.value)
		if !ok {
			continue
		}
		pb.Reset()
		pb.WriteString("services.openssh.settings.")
		optionpath.Component(&pb, s.name) // as lib.path renders it
		p := ts.str(pb.String())
		text := strings.ReplaceAll(s.name, " ", "\\ ") + " " + value
		own := s.key
		for t := range strings.SplitSeq(text, "\n") {
			lines = append(lines, line{text: t, path: p, own: own})
			own = ast.InternedNullTerm // the lines after the first are no setting's own
		}
	}
	return lines, nil
}

// render is a settings value as sshd.nix writes it: yes/no, numbers,
// strings and paths as they are, a derivation (an object) as
// "<derivation>", lists joined (Ciphers, KexAlgorithms and Macs with ",",
// the others with " ") without the elements that render as nothing. A set
// (only a Rego value has one) renders as nothing: ok false.
func render(name string, v ast.Value) (string, bool) {
	a, ok := v.(*ast.Array)
	if !ok {
		return atom(v)
	}
	sep := " "
	if name == "Ciphers" || name == "KexAlgorithms" || name == "Macs" {
		sep = ","
	}
	var b strings.Builder
	n := 0
	a.Foreach(func(x *ast.Term) {
		if s, ok := atom(x.Value); ok {
			if n > 0 {
				b.WriteString(sep)
			}
			b.WriteString(s)
			n++
		}
	})
	return b.String(), true
}

func atom(v ast.Value) (string, bool) {
	switch v := v.(type) {
	case ast.String:
		return string(v), true
	case ast.Boolean:
		if v {
			return "yes", true
		}
		return "no", true
	case ast.Number:
		return formatInt(v)
	case ast.Object:
		return "<derivation>", true
	}
	return "", false
}

// formatInt is OPA's format_int(n, 10): the integer, a fraction truncated
// toward zero.
func formatInt(n ast.Number) (string, bool) {
	if i, ok := n.Int64(); ok {
		return fmt.Sprint(i), true
	}
	if i, ok := new(big.Int).SetString(string(n), 10); ok {
		return i.Text(10), true
	}
	f, ok := new(big.Float).SetString(string(n))
	if !ok {
		return "", false
	}
	i, _ := f.Int(nil)
	return i.Text(10), true
}

// unescape is the text the build writes for extraConfig: "\" + newline
// removed, \\, \$ and \` unescaped, left to right as the shell reads them.
func unescape(s string) string {
	if !strings.Contains(s, "\\") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			switch s[i+1] {
			case '\n':
				i++
				continue
			case '\\', '$', '`':
				b.WriteByte(s[i+1])
				i++
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// space is \s of Go's regular expressions: ASCII white space without \v.
func space(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

// directives reads the lines as sshd does: a keyword (quotes removed,
// lower case), an optional "=", the arguments; a line whose keyword starts
// with "#" is a comment; each directive knows the Match block it is in.
func directives(ts *terms, lines []line) []directive {
	ds := make([]directive, 0, len(lines))
	block := -1
	for _, l := range lines {
		text := strings.TrimRight(strings.TrimLeft(l.text, " \t\r"), " \t\r\n\f")
		kw, rest, ok := splitKeyword(text)
		if !ok || strings.HasPrefix(kw, "#") {
			continue
		}
		d := directive{
			keyword: strings.ToLower(strings.ReplaceAll(kw, "\"", "")), text: text,
			args: args(rest), path: l.path, own: l.own, block: block,
		}
		if d.keyword == "match" {
			d.condition = ts.str(strings.Join(d.args, " "))
			block = len(ds)
		}
		ds = append(ds, d)
	}
	return ds
}

// splitKeyword matches a line with ^((?:"[^"]*"|[^\s="])+)\s*=?\s*(.*)$:
// the keyword (quoted parts, or characters other than white space, "=" and
// an unclosed quote), and the rest after white space, one "=", white space.
func splitKeyword(s string) (kw, rest string, ok bool) {
	i := 0
	for i < len(s) {
		c := s[i]
		if c == '"' {
			j := strings.IndexByte(s[i+1:], '"')
			if j < 0 {
				break
			}
			i += j + 2
			continue
		}
		if space(c) || c == '=' {
			break
		}
		i++
	}
	if i == 0 {
		return "", "", false
	}
	j := i
	for j < len(s) && space(s[j]) {
		j++
	}
	if j < len(s) && s[j] == '=' {
		j++
	}
	for j < len(s) && space(s[j]) {
		j++
	}
	return s[:i], s[j:], true
}

// args splits a directive's arguments as the regular expression
// (?:"[^"]*"|'[^']*'|\\.|\\$|[^\s"'\\])+ finds its words (an unclosed
// quote separates words), up to a word starting with "#", and removes
// every quote character.
func args(s string) []string {
	var out []string
	for i := 0; i < len(s); {
		start := i
	word:
		for i < len(s) {
			switch c := s[i]; {
			case c == '"' || c == '\'':
				j := strings.IndexByte(s[i+1:], c)
				if j < 0 {
					break word
				}
				i += j + 2
			case c == '\\':
				// A backslash escapes the next character (the rest of a
				// multi-byte one is a word's character anyway).
				i = min(i+2, len(s))
			case space(c):
				break word
			default:
				i++
			}
		}
		if i == start {
			i++ // white space or an unclosed quote: no word here
			continue
		}
		w := s[start:i]
		if strings.HasPrefix(w, "#") {
			break
		}
		out = append(out, strings.ReplaceAll(strings.ReplaceAll(w, "\"", ""), "'", ""))
	}
	return out
}

// show is the lib's show of a string: json.marshal, as encoding/json
// writes it (<, > and & escaped too).
func show(s string) string {
	b, err := json.Marshal(s)
	if err != nil { // a string always marshals
		return fmt.Sprintf("%q", s)
	}
	return string(b)
}

// where says for a message where a directive is: inside a Match block (and
// the option that opens it, when another option writes the line), or
// outside any.
func where(ts *terms, ds []directive, d *directive) *ast.Term {
	if d.block < 0 {
		return termOutside
	}
	b := &ds[d.block]
	inside := "inside " + show("Match "+string(b.condition.Value.(ast.String)))
	if b.path.Value.Compare(d.path.Value) == 0 {
		return ts.str(inside)
	}
	return ts.str(inside + " (opened by " + string(b.path.Value.(ast.String)) + ")")
}

// extra is, for each keyword, the directives that give it (or an older
// name of it) a value sshd can use: every one inside a Match block, and
// the first of all when it is outside any. Each is a tuple [own, path,
// text, args, value, match, where] (own: the settings name whose own line
// it is, or null), which the lib makes an object of only for the lines it
// returns: most are the settings' own lines, which it leaves out.
func extra(ts *terms, ds []directive) *ast.Term {
	type group struct {
		keyword string
		members []int // indices in ds, in file order
	}
	// The directives by keyword, in file order within each (a stable sort
	// of their indices): a map of slices, one per keyword, cost more than
	// the tuples.
	byKeyword := make([]int, len(ds))
	for i := range byKeyword {
		byKeyword[i] = i
	}
	slices.SortStableFunc(byKeyword, func(a, b int) int { return strings.Compare(ds[a].keyword, ds[b].keyword) })
	groups := make([]group, 0, len(ds)+len(aliases))
	for start := 0; start < len(byKeyword); {
		kw := ds[byKeyword[start]].keyword
		end := start + 1
		for end < len(byKeyword) && ds[byKeyword[end]].keyword == kw {
			end++
		}
		groups = append(groups, group{kw, byKeyword[start:end]})
		start = end
	}
	for kw, olds := range aliases {
		var members []int
		for i := range ds {
			if ds[i].keyword == kw || slices.Contains(olds, ds[i].keyword) {
				members = append(members, i)
			}
		}
		if len(members) == 0 {
			continue
		}
		at, found := slices.BinarySearchFunc(groups, kw, func(g group, kw string) int { return strings.Compare(g.keyword, kw) })
		if found {
			groups[at].members = members
		} else {
			groups = slices.Insert(groups, at, group{kw, members})
		}
	}
	// One backing array for every keyword's items, and the object made in
	// one go.
	kvs := make([][2]*ast.Term, 0, len(groups))
	items := make([]*ast.Term, 0, len(ds))
	for _, g := range groups {
		start := len(items)
		for n, i := range g.members { // in file order: the first is members[0]
			d := &ds[i]
			if d.block >= 0 || n == 0 {
				items = append(items, tuple(ts, ds, d))
			}
		}
		// Three indices: a later keyword's appends stay out of this one's.
		kvs = append(kvs, ast.Item(ts.str(g.keyword), ast.ArrayTerm(items[start:len(items):len(items)]...)))
	}
	return ast.ObjectTerm(kvs...)
}

// tuple is a directive's entry in extra, made once (a directive of an
// older name is in two keywords' lists).
func tuple(ts *terms, ds []directive, d *directive) *ast.Term {
	if d.tuple != nil {
		return d.tuple
	}
	args, value := emptyArgs, termEmpty
	if len(d.args) > 0 {
		as := make([]*ast.Term, len(d.args))
		for i, a := range d.args {
			as[i] = ts.str(a)
		}
		args, value = ast.ArrayTerm(as...), as[0]
	}
	match := ast.InternedNullTerm
	if d.block >= 0 {
		match = ds[d.block].condition
	}
	d.tuple = ast.ArrayTerm(d.own, d.path, ts.str(d.text), args, value, match, where(ts, ds, d))
	return d.tuple
}

// settingMatch is, for each settings name whose own line falls in a Match
// block other than "Match all", that block: {"condition", "path"}.
func settingMatch(ds []directive) *ast.Term {
	out := ast.NewObject()
	for i := range ds {
		d := &ds[i]
		if d.block < 0 || d.own == ast.InternedNullTerm {
			continue
		}
		b := &ds[d.block]
		if strings.ToLower(string(b.condition.Value.(ast.String))) == "all" {
			continue
		}
		out.Insert(d.own, ast.ObjectTerm(ast.Item(keyCondition, b.condition), ast.Item(keyPath, b.path)))
	}
	return ast.NewTerm(out)
}

// unreadable is what keeps nixsec from reading the sshd_config the build
// writes: an Include line (the included file is not in the document);
// shell syntax the build expands in extraConfig (an unescaped $ before a
// character, or `); a line "EOL" in extraConfig, which ends the
// here-document, so that the lines after it run as shell commands.
func unreadable(ds []directive, raw string) *ast.Term {
	out := ast.NewSet()
	add := func(path *ast.Term, why string) {
		out.Add(ast.ObjectTerm(ast.Item(keyPath, path), ast.Item(keyWhy, ast.StringTerm(why))))
	}
	for _, d := range ds {
		if d.keyword == "include" {
			add(d.path, "writes "+show(redact(d.text))+" (nixsec does not read included files)")
		}
	}
	eol := false
	for l := range strings.SplitSeq(raw, "\n") {
		if expands(l) {
			add(termExtraPath, "has "+show(redact(strings.TrimSpace(l)))+", which the build's shell expands (write \\$ and \\` for the characters)")
		}
		eol = eol || l == "EOL"
	}
	for l := range strings.SplitSeq(unescape(raw), "\n") {
		eol = eol || l == "EOL"
	}
	if eol {
		add(termExtraPath, "has a line \"EOL\", which ends the build's here-document and runs the lines after it as shell commands")
	}
	return ast.NewTerm(out)
}

// expands is true when a line of extraConfig has what
// \\[\s\S]|\$\S|` finds other than an escaped character: a $ before a
// character that is not white space, or a `.
func expands(l string) bool {
	for i := 0; i < len(l); i++ {
		switch l[i] {
		case '\\':
			i++ // escapes the next character, if any
		case '$':
			if i+1 < len(l) && !space(l[i+1]) {
				return true
			}
		case '`':
			return true
		}
	}
	return false
}

// storeHash is a store path's hash, never shown in a message.
var storeHash = regexp.MustCompile(`/nix/store/[0-9a-df-np-sv-z]{32}-`)

func redact(s string) string {
	if !strings.Contains(s, "/nix/store/") {
		return s
	}
	return storeHash.ReplaceAllString(s, "/nix/store/…-")
}
