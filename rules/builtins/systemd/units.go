package systemd

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/topdown/builtins"

	"github.com/nixsec/nixsec/rules/builtins/optionpath"
)

// This file is the walks over a host's systemd.services that SVC006,
// SVC007 (through lib.own_services and lib.own_units) and SVC008 make: a
// NixOS host has a hundred or more units, and in Rego each cost a handful
// of expressions per rule. Which units to read and what the readings are
// stays as the Rego had it (identity_test.go compares these with the Rego
// they replace, kept under testdata/rego).

// ownServices is nixsec.systemd_own_services(services, files): {name:
// component} for each unit whose serviceConfig.ExecStart or script has a
// non-empty list of files in files (which holds only the flake's own
// files), component being the name as rendered in an option path.
func ownServices(cache builtins.Cache, services, files *ast.Term) (*ast.Term, error) {
	out := ast.NewObject()
	err := eachOwn(cache, services, files, func(name *ast.Term, own ownUnit) {
		out.Insert(name, ast.StringTerm(own.component))
	})
	if err != nil {
		return nil, err
	}
	return ast.NewTerm(out), nil
}

var ownSuffixes = []string{".serviceConfig.ExecStart", ".script"}

// keysOf is o's keys, listed once per evaluation (cache is the
// evaluation's builtin cache; nil lists them every time): lib.own_units and
// SVC008 both walk systemd.services, whose keys, unit names, cost a string
// term each when listed. Nothing changes the keys of an input's object.
func keysOf(cache builtins.Cache, o ast.Object) []*ast.Term {
	if cache == nil {
		return o.Keys()
	}
	k := objectKeys{o}
	if ks, ok := cache.Get(k); ok {
		return ks.([]*ast.Term)
	}
	ks := o.Keys()
	cache.Put(k, ks)
	return ks
}

// objectKeys is keysOf's cache key: the object itself (a pointer).
type objectKeys struct{ ast.Object }

// ownUnit is what eachOwn renders of an own unit's name: the component,
// and the option path of its serviceConfig (what SVC006 and SVC007 put
// their findings on), both cut from the key it looked up when they can be.
type ownUnit struct{ component, path string }

// eachOwn calls f with each own unit's name and rendering. As in
// the Rego it replaces, a services value that is neither an object nor an
// array has no units, an array's units are named by index (which no path
// can render: an error), and files that are not an object are an error
// once there is a unit to look up. It lists services' keys and looks up
// the entries of files it needs: walking either would convert the whole
// of it (the engine converts a host's document as it is read).
func eachOwn(cache builtins.Cache, services, files *ast.Term, f func(name *ast.Term, own ownUnit)) error {
	var names []*ast.Term
	switch s := services.Value.(type) {
	case ast.Object:
		names = keysOf(cache, s)
	case *ast.Array:
		if s.Len() > 0 {
			return builtins.NewOperandElementErr(1, s, ast.InternedTerm(0).Value, "string")
		}
	}
	if len(names) == 0 {
		return nil
	}
	fs, ok := files.Value.(ast.Object)
	if !ok {
		return builtins.NewOperandTypeErr(2, files.Value, "object")
	}
	const unitPrefix, serviceConfig = "systemd.services.", ".serviceConfig"
	var b strings.Builder
	key := &ast.Term{}   // reused: Find keeps no reference to it
	path := ast.Ref{key} // Find, not Get: no term for the entry found
	for _, name := range names {
		s, ok := name.Value.(ast.String)
		if !ok {
			return builtins.NewOperandElementErr(1, services.Value, name.Value, "string")
		}
		b.Reset()
		b.WriteString(unitPrefix)
		optionpath.Component(&b, string(s))
		prefix := b.String()
		for _, suffix := range ownSuffixes {
			k := prefix + suffix
			key.Value = ast.String(k)
			paths, err := fs.Find(path)
			if err != nil {
				continue
			}
			if a, ok := paths.(*ast.Array); ok && a.Len() > 0 {
				own := ownUnit{component: k[len(unitPrefix):len(prefix)]}
				if strings.HasPrefix(suffix, serviceConfig) {
					own.path = k[:len(prefix)+len(serviceConfig)]
				} else {
					own.path = prefix + serviceConfig
				}
				f(name, own)
				break
			}
		}
	}
	return nil
}

// ownUnits is nixsec.systemd_own_units(services, files): each own unit
// (ownServices) that is an object, is not disabled (enable is anything but
// false) and has an object serviceConfig (absent counts as {}), by name:
// {"component", "path" (of its serviceConfig option:
// systemd.services.<component>.serviceConfig), "serviceConfig", "user"
// (nixsec.systemd_user's reading), "tenths" (nixsec.systemd_exposure's),
// "exposure" (tenths as systemd-analyze prints the score: "9.6"), "worst"
// (worst) and "weak" (worst joined by ", "). The two strings are what
// SVC007's message prints: formatting them in Rego cost more than the
// rest of the rule (issue 17).
func ownUnits(cache builtins.Cache, services, files *ast.Term) (*ast.Term, error) {
	svcs, _ := services.Value.(ast.Object)
	var items [][2]*ast.Term
	err := eachOwn(cache, services, files, func(name *ast.Term, own ownUnit) {
		svc, ok := svcs.Get(name).Value.(ast.Object)
		if !ok {
			return
		}
		if en := svc.Get(enableKey); en != nil && en.Value.Compare(ast.Boolean(false)) == 0 {
			return
		}
		scTerm := svc.Get(serviceConfigKey)
		if scTerm == nil {
			scTerm = emptyObject
		}
		sc, ok := scTerm.Value.(ast.Object)
		if !ok {
			return
		}
		v := newView(sc)
		e := v.exposure(false)
		worst, weak := e.worst(8)
		items = append(items, ast.Item(name, ast.ObjectTerm(
			ast.Item(unitKeys.component, ast.StringTerm(own.component)),
			ast.Item(unitKeys.path, ast.StringTerm(own.path)),
			ast.Item(unitKeys.serviceConfig, scTerm),
			ast.Item(unitKeys.user, v.term()),
			ast.Item(unitKeys.tenths, ast.InternedTerm(e.Tenths)),
			ast.Item(unitKeys.exposure, shownScore(e.Tenths)),
			ast.Item(unitKeys.worst, worst),
			ast.Item(unitKeys.weak, ast.StringTerm(weak)),
		)))
	})
	if err != nil {
		return nil, err
	}
	// Built in one go: inserting a unit at a time grew its keys and map.
	return ast.ObjectTerm(items...), nil
}

// shownScore is an exposure in tenths as systemd-analyze prints it, one
// decimal: 96 is "9.6", 100 is "10.0". The scores 0 to 10.0 are made once.
func shownScore(tenths int) *ast.Term {
	if tenths >= 0 && tenths < len(shownScores) {
		return shownScores[tenths]
	}
	return ast.StringTerm(formatScore(tenths))
}

func formatScore(tenths int) string {
	return strconv.Itoa(tenths/10) + "." + strconv.Itoa(tenths%10)
}

var shownScores = func() (out [101]*ast.Term) {
	for i := range out {
		out[i] = ast.StringTerm(formatScore(i))
	}
	return out
}()

// worst is the settings that cost the most points, at most n: most points
// first, then by name (what SVC007 lists; building the points object of
// every unit cost more than scoring it), and the same joined by ", ".
func (e Exposure) worst(n int) (*ast.Term, string) {
	var buf [maxSettings]int
	idx := buf[:0]
	for i, p := range e.bySetting[:len(settings)] {
		if p > 0 {
			idx = append(idx, i)
		}
	}
	slices.SortFunc(idx, func(a, b int) int {
		if c := cmp.Compare(e.bySetting[b], e.bySetting[a]); c != 0 {
			return c
		}
		return strings.Compare(settings[a], settings[b])
	})
	t := exposureTerms()
	out := make([]*ast.Term, 0, min(n, len(idx)))
	var joined strings.Builder
	for j, i := range idx[:min(n, len(idx))] {
		out = append(out, t.settings[settings[i]])
		if j > 0 {
			joined.WriteString(", ")
		}
		joined.WriteString(settings[i])
	}
	return ast.ArrayTerm(out...), joined.String()
}

// The keys of the objects the builtins return, and the constants they
// read with; built once, never changed (as the terms of the input).
var (
	enableKey        = ast.StringTerm("enable")
	serviceConfigKey = ast.StringTerm("serviceConfig")
	emptyObject      = ast.NewTerm(ast.NewObject())
	unitKeys         = struct{ component, path, serviceConfig, user, tenths, exposure, worst, weak *ast.Term }{
		ast.StringTerm("component"), ast.StringTerm("path"), serviceConfigKey, ast.StringTerm("user"), ast.StringTerm("tenths"),
		ast.StringTerm("exposure"), ast.StringTerm("worst"), ast.StringTerm("weak"),
	}
	identityKeys = struct{ name, dynamic, root *ast.Term }{
		ast.StringTerm("name"), ast.StringTerm("dynamic"), ast.StringTerm("root"),
	}
	// unsetUser is the identity of a unit without User, by DynamicUser:
	// most units' (index 1: dynamic).
	unsetUser = [2]*ast.Term{identity{root: true}.newTerm(), identity{dynamic: true}.newTerm()}
)

// term is the identity as nixsec.systemd_user returns it.
func (id identity) term() *ast.Term {
	if id.user == "" {
		return unsetUser[bool2int(id.dynamic)]
	}
	return id.newTerm()
}

func (id identity) newTerm() *ast.Term {
	return ast.ObjectTerm(
		ast.Item(identityKeys.name, ast.StringTerm(id.user)),
		ast.Item(identityKeys.dynamic, ast.InternedTerm(id.dynamic)),
		ast.Item(identityKeys.root, ast.InternedTerm(id.root)),
	)
}

func bool2int(b bool) int {
	if b {
		return 1
	}
	return 0
}

// SVC008's table: [Unit] and [Install] keys (lower case) and the NixOS
// option under systemd.services.<name> that writes them; the keys that go
// through unitConfig; the prefixes of Condition…= and Assert…= checks.
var (
	unitOptions = map[string]string{
		"description": "description", "documentation": "documentation", "after": "after", "before": "before",
		"wants": "wants", "requires": "requires", "requisite": "requisite", "bindsto": "bindsTo",
		"partof": "partOf", "upholds": "upholds", "conflicts": "conflicts", "onfailure": "onFailure",
		"onsuccess": "onSuccess", "wantedby": "wantedBy", "requiredby": "requiredBy", "upheldby": "upheldBy",
		"alias": "aliases",
	}
	unitConfigKeys = map[string]bool{
		"propagatesreloadto": true, "reloadpropagatedfrom": true, "propagatesstopto": true, "stoppropagatedfrom": true,
		"joinsnamespaceof": true, "requiresmountsfor": true, "wantsmountsfor": true, "defaultdependencies": true,
		"stopwhenunneeded": true, "refusemanualstart": true, "refusemanualstop": true, "allowisolate": true,
		"ignoreonisolate": true, "collectmode": true, "also": true, "defaultinstance": true,
	}
	checkPrefixes = []string{"condition", "assert"}
)

// misplaced is nixsec.systemd_misplaced(services): [name, key, where] for
// each key of a unit's serviceConfig (every unit that is an object with an
// object serviceConfig) that is a [Unit] or [Install] setting, where being
// the components under systemd.services.<name> of the option it belongs
// in. As SVC008 had it in Rego: a unit is looked at only when one line of
// its keys, lowercased and joined by newlines, is such a key (a key with a
// newline in it is several lines); then each key is judged whole.
func misplaced(cache builtins.Cache, services *ast.Term) (*ast.Term, error) {
	var out []*ast.Term
	each := func(name, svc *ast.Term) {
		s, ok := svc.Value.(ast.Object)
		if !ok {
			return
		}
		t := s.Get(serviceConfigKey)
		if t == nil {
			return
		}
		sc, ok := t.Value.(ast.Object)
		if !ok {
			return
		}
		keys := sc.Keys()
		if !suspect(keys) {
			return
		}
		for _, k := range keys {
			key, ok := k.Value.(ast.String)
			if !ok {
				continue
			}
			if where := unitWhere(string(key)); where != nil {
				out = append(out, ast.ArrayTerm(name, k, ast.ArrayTerm(where...)))
			}
		}
	}
	switch s := services.Value.(type) {
	case ast.Object:
		// Keys and Get, not Foreach: only the serviceConfig keys are
		// read, and walking services would convert all of it.
		for _, name := range keysOf(cache, s) {
			each(name, s.Get(name))
		}
	case *ast.Array:
		for i := range s.Len() {
			each(ast.InternedTerm(i), s.Elem(i))
		}
	}
	return ast.ArrayTerm(out...), nil
}

// suspect is true when a line of a key, lowercased, is a key of another
// section (the Rego's one regular expression over them all).
func suspect(keys []*ast.Term) bool {
	var buf [64]byte
	for _, k := range keys {
		s, ok := k.Value.(ast.String)
		if !ok {
			continue
		}
		for rest := string(s); ; {
			line, more, found := strings.Cut(rest, "\n")
			if otherSection(line, buf[:0]) {
				return true
			}
			if !found {
				break
			}
			rest = more
		}
	}
	return false
}

// otherSection is whether line, lowercased, is a [Unit] or [Install] key
// or a check. An ASCII line that fits is lowercased into buf: no
// allocation per key (the map lookups of string(lower) make none).
func otherSection(line string, buf []byte) bool {
	var lower []byte
	if len(line) <= cap(buf) && isASCII(line) {
		lower = buf[:0]
		for i := 0; i < len(line); i++ {
			c := line[i]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			lower = append(lower, c)
		}
	} else {
		lower = []byte(strings.ToLower(line))
	}
	if _, ok := unitOptions[string(lower)]; ok || unitConfigKeys[string(lower)] {
		return true
	}
	for _, p := range checkPrefixes {
		if len(lower) > len(p) && string(lower[:len(p)]) == p {
			return true
		}
	}
	return false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// unitWhere is where key belongs, as components under
// systemd.services.<name>; nil for a [Service] setting.
func unitWhere(key string) []*ast.Term {
	lk := strings.ToLower(key)
	if o, ok := unitOptions[lk]; ok {
		return []*ast.Term{ast.StringTerm(o)}
	}
	if unitConfigKeys[lk] {
		return []*ast.Term{ast.InternedTerm("unitConfig"), ast.StringTerm(key)}
	}
	for _, p := range checkPrefixes {
		if strings.HasPrefix(lk, p) && utf8.RuneCountInString(key) > len(p) {
			return []*ast.Term{ast.InternedTerm("unitConfig"), ast.StringTerm(key)}
		}
	}
	return nil
}
