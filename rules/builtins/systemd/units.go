package systemd

import (
	"cmp"
	"slices"
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
func ownServices(services, files *ast.Term) (*ast.Term, error) {
	out := ast.NewObject()
	err := eachOwn(services, files, func(name, component *ast.Term) {
		out.Insert(name, component)
	})
	if err != nil {
		return nil, err
	}
	return ast.NewTerm(out), nil
}

var ownSuffixes = []string{".serviceConfig.ExecStart", ".script"}

// eachOwn calls f with each own unit's name and rendered component. As in
// the Rego it replaces, a services value that is neither an object nor an
// array has no units, an array's units are named by index (which no path
// can render: an error), and files that are not an object are an error
// once there is a unit to look up.
func eachOwn(services, files *ast.Term, f func(name, component *ast.Term)) error {
	var names []*ast.Term
	switch s := services.Value.(type) {
	case ast.Object:
		names = s.Keys()
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
	var b strings.Builder
	for _, name := range names {
		s, ok := name.Value.(ast.String)
		if !ok {
			return builtins.NewOperandElementErr(1, services.Value, name.Value, "string")
		}
		b.Reset()
		optionpath.Component(&b, string(s))
		component := b.String()
		for _, suffix := range ownSuffixes {
			key := ast.String("systemd.services." + component + suffix)
			paths := fs.Get(&ast.Term{Value: key})
			if paths == nil {
				continue
			}
			if a, ok := paths.Value.(*ast.Array); ok && a.Len() > 0 {
				f(name, ast.StringTerm(component))
				break
			}
		}
	}
	return nil
}

// ownUnits is nixsec.systemd_own_units(services, files): each own unit
// (ownServices) that is an object, is not disabled (enable is anything but
// false) and has an object serviceConfig (absent counts as {}), by name:
// {"component", "serviceConfig", "user" (nixsec.systemd_user's reading),
// "tenths" (nixsec.systemd_exposure's) and "worst" (worst)}.
func ownUnits(services, files *ast.Term) (*ast.Term, error) {
	out := ast.NewObject()
	svcs, _ := services.Value.(ast.Object)
	empty := ast.NewTerm(ast.NewObject())
	err := eachOwn(services, files, func(name, component *ast.Term) {
		svc, ok := svcs.Get(name).Value.(ast.Object)
		if !ok {
			return
		}
		if en := svc.Get(enableKey); en != nil && en.Value.Compare(ast.Boolean(false)) == 0 {
			return
		}
		scTerm := svc.Get(serviceConfigKey)
		if scTerm == nil {
			scTerm = empty
		}
		sc, ok := scTerm.Value.(ast.Object)
		if !ok {
			return
		}
		v := newView(sc)
		e := v.exposure(false)
		out.Insert(name, ast.ObjectTerm(
			ast.Item(ast.InternedTerm("component"), component),
			ast.Item(ast.InternedTerm("serviceConfig"), scTerm),
			ast.Item(ast.InternedTerm("user"), v.term()),
			ast.Item(ast.InternedTerm("tenths"), ast.InternedTerm(e.Tenths)),
			ast.Item(ast.InternedTerm("worst"), e.worst(8)),
		))
	})
	if err != nil {
		return nil, err
	}
	return ast.NewTerm(out), nil
}

// worst is the settings that cost the most points, at most n: most points
// first, then by name (what SVC007 lists; building the points object of
// every unit cost more than scoring it).
func (e Exposure) worst(n int) *ast.Term {
	idx := make([]int, 0, len(settings))
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
	out := make([]*ast.Term, 0, n)
	for _, i := range idx[:min(n, len(idx))] {
		out = append(out, t.settings[settings[i]])
	}
	return ast.ArrayTerm(out...)
}

var (
	enableKey        = ast.StringTerm("enable")
	serviceConfigKey = ast.StringTerm("serviceConfig")
)

// term is the identity as nixsec.systemd_user returns it.
func (id identity) term() *ast.Term {
	return ast.ObjectTerm(
		ast.Item(ast.InternedTerm("name"), ast.StringTerm(id.user)),
		ast.Item(ast.InternedTerm("dynamic"), ast.InternedTerm(id.dynamic)),
		ast.Item(ast.InternedTerm("root"), ast.InternedTerm(id.root)),
	)
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
func misplaced(services *ast.Term) (*ast.Term, error) {
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
		if !ok || !suspect(sc) {
			return
		}
		for _, k := range sc.Keys() {
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
		s.Foreach(each)
	case *ast.Array:
		for i := range s.Len() {
			each(ast.InternedTerm(i), s.Elem(i))
		}
	}
	return ast.ArrayTerm(out...), nil
}

// suspect is true when a line of sc's keys, lowercased, is a key of
// another section (the Rego's one regular expression over them all).
func suspect(sc ast.Object) bool {
	found := false
	sc.Foreach(func(k, _ *ast.Term) {
		s, ok := k.Value.(ast.String)
		if found || !ok {
			return
		}
		for _, line := range strings.Split(strings.ToLower(string(s)), "\n") {
			if _, ok := unitOptions[line]; ok || unitConfigKeys[line] {
				found = true
			}
			for _, p := range checkPrefixes {
				if len(line) > len(p) && strings.HasPrefix(line, p) {
					found = true
				}
			}
		}
	})
	return found
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
