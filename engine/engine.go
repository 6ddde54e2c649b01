// Package engine is the policy engine: it loads the embedded rule bundle and
// user policies, reads each rule's METADATA into a rule.Meta, compiles and
// prepares one query once per run, and evaluates host input documents
// concurrently. It knows nothing about Nix processes, nor about NixOS:
// the custom builtins policies call come with the sources (Source.Builtins).
package engine

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/metrics"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/topdown"
	"github.com/open-policy-agent/opa/v1/types"

	"github.com/nixsec/nixsec/rule"
)

// Query is the one entrypoint that runs every rule (rules/main.rego).
const Query = "data.nixsec.main.report"

// NotApplicableQuery is the entrypoint's reasons, by rule package, why a
// rule does not apply to the host (its not_applicable string).
const NotApplicableQuery = "data.nixsec.main.not_applicable"

// rulesPrefix is the package prefix of rule packages: nixsec.rules.<family>.<rule>.
var rulesPrefix = ast.MustParseRef("data.nixsec.rules")

// Source is a set of policy files: the embedded bundle or a --policy DIR.
type Source struct {
	Name    string // shown in messages: "builtin" or the directory
	FS      fs.FS
	Builtin bool
	// Builtins are the custom builtins (Go functions) the source's
	// policies call; the policies of every source may call them.
	Builtins []Builtin
	// Files, when not nil, are the only modules parsed, by Module.File: a
	// run that knows which modules its rules compile from (Bundle.Files of
	// an earlier load of the same sources) parses no other.
	Files map[string]bool
}

// Engine is a compiled, prepared rule set. Eval is safe for concurrent use.
type Engine struct {
	pq    rego.PreparedEvalQuery
	rules []*rule.Meta
	// direct are the rules outside nixsec.rules: the query binds the
	// violations of direct[i] to directVars[i], "r<i>".
	direct     []*ruleRef
	directVars []string
	byPkg      map[string]*ruleRef
	byID       map[string]*rule.Meta
	// limits are resolved: 0 is no limit.
	limits Limits
	watch  *heapWatch // nil without a heap limit
	// jobs hands an evaluation to a worker waiting for one, idle counts
	// those not yet promised one (evalOn).
	jobs chan func() func()
	idle atomic.Int32
}

// PolicyError is a policy that cannot be used: it does not parse or
// compile, or its METADATA lacks what the contract requires.
type PolicyError struct {
	Errs []string // each "file:line: message"
}

func (e *PolicyError) Error() string {
	return "policy error:\n  " + strings.Join(e.Errs, "\n  ")
}

// Module is a parsed policy file.
type Module struct {
	File    string // as shown to users: "builtin:ssh/ssh001.rego" or "DIR/x.rego"
	Module  *ast.Module
	Test    bool
	Builtin bool
}

// parserCapabilities are what the parser checks keywords and features
// against, made once: left unset, the parser makes them anew for every
// file, a tenth of parsing the bundle.
var parserCapabilities = sync.OnceValue(func() *ast.Capabilities {
	return ast.CapabilitiesForThisVersion(ast.CapabilitiesRegoVersion(ast.RegoV1))
})

// LoadModules parses every .rego file of the sources, with annotations.
// The built-in bundle's own tests are parsed only when builtinTests is set:
// they are most of its text and no check needs them.
func LoadModules(sources []Source, builtinTests bool) ([]Module, error) {
	var mods []Module
	var perr PolicyError
	for _, src := range sources {
		seen := 0
		err := fs.WalkDir(src.FS, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() || !strings.HasSuffix(p, ".rego") {
				return nil
			}
			if src.Builtin && !builtinTests && strings.HasSuffix(p, "_test.rego") {
				return nil
			}
			b, err := fs.ReadFile(src.FS, p)
			if err != nil {
				return err
			}
			name := path.Join(src.Name, p)
			if src.Builtin {
				name = "builtin:" + p
			}
			if src.Files != nil && !src.Files[name] {
				return nil
			}
			seen++
			m, err := ast.ParseModuleWithOpts(name, string(b), ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1, Capabilities: parserCapabilities()})
			if err != nil {
				perr.Errs = append(perr.Errs, astErrors(err)...)
				return nil
			}
			mods = append(mods, Module{File: name, Module: m, Test: strings.HasSuffix(p, "_test.rego"), Builtin: src.Builtin})
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("read policies %s: %w", src.Name, err)
		}
		if src.Files != nil && seen != len(src.Files) {
			return nil, fmt.Errorf("read policies %s: %d of the %d modules listed are not there", src.Name, len(src.Files)-seen, len(src.Files))
		}
	}
	if len(perr.Errs) > 0 {
		return nil, &perr
	}
	return mods, nil
}

// Bundle is a loaded rule set whose METADATA has been checked: enough to
// know which option paths to evaluate while the query is being compiled.
type Bundle struct {
	mods   []Module
	rules  []*ruleRef
	metas  []*rule.Meta   // rules' metadata, for Rules
	tests  []Module       // the user policies' *_test.rego (Test runs them)
	data   map[string]any // mounted under data.nixsec.user (WithData)
	limits Limits         // for the engines Prepare makes (WithLimits)
	// builtins are the sources' custom builtins, for the capabilities,
	// Prepare and Test.
	builtins []Builtin
	// errs are what Only found wrong with the rules it kept (a module
	// reading the package of a rule it dropped); Prepare refuses them.
	errs []string
}

// WithLimits sets the bounds on each host's evaluation for the engines
// Prepare makes; without it they get the defaults (Limits{}).
func (b *Bundle) WithLimits(l Limits) *Bundle {
	b.limits = l
	return b
}

// Load parses the sources and checks every rule's METADATA, and that user
// policies keep out of what the built-in bundle reserves (reserved.go).
func Load(sources []Source) (*Bundle, error) {
	builtins, err := sourceBuiltins(sources)
	if err != nil {
		return nil, err
	}
	mods, err := LoadModules(sources, false)
	if err != nil {
		return nil, err
	}
	var prod, tests []Module
	for _, m := range mods {
		switch {
		case !m.Test:
			prod = append(prod, m)
		case !m.Builtin:
			tests = append(tests, m)
		}
	}
	reserved := reservedErrors(mods)
	metas, err := readMetadata(prod)
	if err == nil {
		reserved = append(reserved, silentPolicyErrors(sources, prod, tests, metas)...)
	}
	if err != nil || len(reserved) > 0 {
		return nil, joinPolicyErrors(err, reserved)
	}
	return &Bundle{mods: prod, rules: metas, metas: metaList(metas), tests: tests, builtins: builtins}, nil
}

// Rules returns every rule of the bundle, sorted by id.
func (b *Bundle) Rules() []*rule.Meta { return b.metas }

// Only is the bundle without the packages of the rules a run does not
// enable, so that Prepare compiles, and every host evaluates, only the
// enabled ones: the framework-only rules (a STIG's) would otherwise double
// the Rego of every run. Rules() stays every rule.
func (b *Bundle) Only(ids []string) *Bundle {
	on := map[string]bool{}
	for _, id := range ids {
		on[id] = true
	}
	drop := map[string]bool{}
	var rules, dropped []*ruleRef
	for _, r := range b.rules {
		if on[r.ID] {
			rules = append(rules, r)
		} else {
			drop[r.pkg.String()] = true
			dropped = append(dropped, r)
		}
	}
	cp := *b
	cp.rules = rules
	cp.mods = nil
	for _, m := range b.mods {
		if !drop[m.Module.Package.Path.String()] {
			cp.mods = append(cp.mods, m)
		}
	}
	enabled := map[string]bool{entrypoint.String(): true}
	for _, r := range rules {
		enabled[r.pkg.String()] = true
	}
	var refs [][]ast.Ref
	cp.mods, refs = pruneLibraries(cp.mods, func(m Module) bool { return enabled[m.Module.Package.Path.String()] })
	cp.errs = droppedReads(cp.mods, refs, dropped)
	return &cp
}

// Files are the files of the bundle's modules (Module.File), the tests
// left out: what Source.Files needs to load this bundle again.
func (b *Bundle) Files() []string {
	out := make([]string, len(b.mods))
	for i, m := range b.mods {
		out[i] = m.File
	}
	return out
}

// FileRules are, in the order of Files, the id of the rule whose package
// each module is in, "" for a module of no rule's (a library, the
// entrypoint): the modules Only keeps for a set of rules are theirs and
// those with "".
func (b *Bundle) FileRules() []string {
	byPkg := map[string]string{}
	for _, r := range b.rules {
		byPkg[r.pkg.String()] = r.ID
	}
	out := make([]string, len(b.mods))
	for i, m := range b.mods {
		out[i] = byPkg[m.Module.Package.Path.String()]
	}
	return out
}

// entrypoint is the package of Query and NotApplicableQuery.
var entrypoint = ast.MustParseRef("data.nixsec.main")

func metaList(refs []*ruleRef) []*rule.Meta {
	out := make([]*rule.Meta, len(refs))
	for i, r := range refs {
		out[i] = r.Meta
	}
	return out
}

// Prepare compiles the bundle into the one prepared query: the
// entrypoint, which collects the rules under nixsec.rules, and the deny of
// each rule outside it, by its own reference (rules/main.rego cannot know
// a user's package names).
func (b *Bundle) Prepare(ctx context.Context) (*Engine, error) {
	if len(b.errs) > 0 {
		return nil, &PolicyError{Errs: b.errs}
	}
	var direct []*ruleRef
	na := "{}" // the entrypoint's walk finds nothing when no module defines one
	if mayGiveReasons(b.mods) {
		na = NotApplicableQuery
	}
	query := "report := " + Query + "; na := " + na
	for _, m := range b.rules {
		if m.direct() {
			// The deny itself, with its type: `some v in` would yield
			// nothing from a boolean, and Go cannot tell a set from an
			// array. [] when deny is undefined.
			query += fmt.Sprintf("; r%d := [[type_name(d), d] | d := %s]", len(direct), m.pkg.Append(ast.StringTerm("deny")))
			direct = append(direct, m)
		}
	}
	var compiler *ast.Compiler
	opts := []func(*rego.Rego){
		rego.Query(query),
		rego.Capabilities(Capabilities(b.builtins)),
		rego.Strict(true),
		rego.StrictBuiltinErrors(true),
		rego.SetRegoVersion(ast.RegoV1),
		rego.Store(dataStore(b.data)),
		rego.CompilerHook(func(c *ast.Compiler) { compiler = c }),
	}
	for _, fn := range b.builtins {
		opts = append(opts, fn.Impl)
	}
	for _, m := range b.mods {
		opts = append(opts, rego.ParsedModule(m.Module))
	}
	pq, err := rego.New(opts...).PrepareForEval(ctx)
	if err != nil {
		return nil, &PolicyError{Errs: astErrors(err)}
	}
	if errs := messageDenies(compiler, b.rules); len(errs) > 0 {
		return nil, &PolicyError{Errs: errs}
	}
	e := &Engine{pq: pq, rules: b.metas, direct: direct, directVars: make([]string, len(direct)), byPkg: map[string]*ruleRef{}, byID: map[string]*rule.Meta{}, limits: b.limits.resolve(), jobs: make(chan func() func())}
	if e.limits.MaxHeap > 0 {
		e.watch = newHeapWatch(e.limits.MaxHeap)
	}
	for i := range direct {
		e.directVars[i] = fmt.Sprintf("r%d", i)
	}
	for _, m := range b.rules {
		if !m.direct() {
			e.byPkg[m.Package] = m
		}
		e.byID[m.ID] = m.Meta
	}
	return e, nil
}

// mayGiveReasons is false when no rule of mods can be a rule package's
// not_applicable: the entrypoint's walk over every package for it would
// find none, and a plain check (no STIG rule) pays that walk on every
// host. A head whose path is not all constants may name anything.
func mayGiveReasons(mods []Module) bool {
	for _, m := range mods {
		if m.Module.Package.Path.Equal(entrypoint) {
			continue // the entrypoint's own walk (a reserved package)
		}
		for _, r := range m.Module.Rules {
			ref := r.Head.Ref()
			if !ref.IsGround() { // its first term, a name, is not looked at
				return true
			}
			// Anywhere in the head: not_applicable.x := "why" is an object
			// the walk finds and the engine refuses (not a reason).
			for _, t := range ref {
				if t.Value.Compare(ast.Var("not_applicable")) == 0 || t.Value.Compare(ast.String("not_applicable")) == 0 {
					return true
				}
			}
		}
	}
	return false
}

// violationShape is how a violation is written, for the messages that
// refuse other shapes.
const violationShape = `{"path": "<option path>", "msg": "..."}`

// messageDenies finds the user rules whose deny the type checker knows is
// not a set (a boolean `deny if`: the evaluation would refuse it) or holds
// no objects: conftest's and Trivy's `deny contains msg` with a
// message string. nixsec places a finding at the definition of the
// option its path names, and a string names none; refusing it here
// fails `nixsec policy check`, not the first run that finds something.
func messageDenies(c *ast.Compiler, rules []*ruleRef) []string {
	if c == nil || c.TypeEnv == nil {
		return nil
	}
	var errs []string
	for _, m := range rules {
		if m.Builtin {
			continue
		}
		deny := c.TypeEnv.GetByRef(m.pkg.Append(ast.StringTerm("deny")))
		if deny != nil && !mayBeSet(deny) {
			what := "of type " + types.Sprint(deny)
			if types.Compare(deny, types.B) == 0 {
				what = "a boolean (deny if ...)"
			}
			errs = append(errs, fmt.Sprintf("%s: deny of rule %s is %s, not a set of violations: write `deny contains v if {...}` with v %s",
				m.denyAt, m.ID, what, violationShape))
			continue
		}
		t := types.Values(deny)
		if t == nil || mayBeObject(t) {
			continue
		}
		errs = append(errs, fmt.Sprintf("%s: deny of rule %s holds values of type %s, not violations: nixsec needs objects %s, where path is the option at fault (a message alone has no line to point at)",
			m.denyAt, m.ID, types.Sprint(t), violationShape))
	}
	return errs
}

// mayBeSet is false for a type that is certainly not a set.
func mayBeSet(t types.Type) bool {
	switch t := t.(type) {
	case *types.Set:
		return true
	case *types.NamedType:
		return mayBeSet(t.Type)
	case types.Any:
		if len(t) == 0 {
			return true
		}
		for _, u := range t {
			if mayBeSet(u) {
				return true
			}
		}
		return false
	case types.Null, types.Boolean, types.Number, types.String, *types.Array, *types.Object, *types.Function:
		return false
	}
	return true
}

// mayBeObject is false for a type that is certainly not an object.
func mayBeObject(t types.Type) bool {
	switch t := t.(type) {
	case *types.Object:
		return true
	case types.Any:
		if len(t) == 0 {
			return true
		}
		for _, u := range t {
			if mayBeObject(u) {
				return true
			}
		}
		return false
	case types.Null, types.Boolean, types.Number, types.String, *types.Array, *types.Set, *types.Function:
		return false
	}
	return true
}

// New loads, checks and prepares the rules of the sources.
func New(ctx context.Context, sources []Source) (*Engine, error) {
	b, err := Load(sources)
	if err != nil {
		return nil, err
	}
	return b.Prepare(ctx)
}

// astErrors renders OPA's errors as "file:line: message".
func astErrors(err error) []string {
	var errs ast.Errors
	if errors.As(err, &errs) {
		var out []string
		for _, e := range errs {
			loc := "?"
			if e.Location != nil {
				loc = fmt.Sprintf("%s:%d", e.Location.File, e.Location.Row)
			}
			msg := e.Message
			if name, ok := strings.CutPrefix(msg, "undefined function "); ok && Excluded[name] != "" {
				msg += fmt.Sprintf(" (nixsec policies cannot use it: %s)", Excluded[name])
			}
			out = append(out, fmt.Sprintf("%s: %s", loc, msg))
		}
		return out
	}
	return []string{err.Error()}
}

// Rules returns every rule, sorted by id.
func (e *Engine) Rules() []*rule.Meta { return e.rules }

// Rule returns the rule with this id, or nil.
func (e *Engine) Rule(id string) *rule.Meta { return e.byID[id] }

// Eval runs every rule on one input document. A rule that errors (a
// builtin error, a malformed violation) fails the evaluation: a gate must
// not pass because a rule could not run. The engine's Limits bound it: past
// them the error is a *LimitError (Host is the input's "host"), and a
// builtin call past a cap is a *CapError.
func (e *Engine) Eval(ctx context.Context, input any) ([]rule.Violation, error) {
	res, err := e.EvalHost(ctx, input)
	return res.Violations, err
}

// Result is what the rules said of one input document.
type Result struct {
	Violations []rule.Violation
	// NotApplicable are the reasons rules gave for not applying to the
	// input (their package's not_applicable), by rule id. Only rules
	// under nixsec.rules can say so.
	NotApplicable map[string]string
}

// EvalHost is Eval with the rules' not_applicable reasons.
func (e *Engine) EvalHost(ctx context.Context, input any) (Result, error) {
	vs, na, err := e.eval(ctx, input)
	return Result{Violations: vs, NotApplicable: na}, err
}

func (e *Engine) eval(ctx context.Context, input any) ([]rule.Violation, map[string]string, error) {
	v, err := inputValue(input)
	if err != nil {
		return nil, nil, fmt.Errorf("convert input: %w", err)
	}
	rs, err := e.evalLimited(ctx, v)
	if err != nil {
		var le *LimitError
		if errors.As(err, &le) {
			le.Host = hostOf(input)
			return nil, nil, le
		}
		return nil, nil, fmt.Errorf("evaluate rules: %w", err)
	}
	if len(rs) != 1 {
		return nil, nil, fmt.Errorf("evaluate rules: unexpected result set %v", rs)
	}
	return e.decodeResult(rs[0])
}

// decodeResult reads the violations and not_applicable reasons from the
// query's bindings, as OPA's terms (keepTerms).
func (e *Engine) decodeResult(res rego.Result) (out []rule.Violation, na map[string]string, err error) {
	// A violation may hold part of the input, which converts when read
	// (inputValue) and panics on a value it cannot convert, as in
	// evalLimited.
	defer func() {
		if p := recover(); p != nil {
			out, na, err = nil, nil, fmt.Errorf("evaluate rules: input not convertible: %v", p)
		}
	}()
	// The entrypoint is an object: each rule package's deny set by its
	// path below nixsec.rules ("ssh.ssh001").
	report, ok := binding(res, "report").(ast.Object)
	if !ok {
		return nil, nil, fmt.Errorf("evaluate rules: %s is not an object", Query)
	}
	na, err = e.notApplicable(binding(res, "na"))
	if err != nil {
		return nil, nil, err
	}
	n := 0
	report.Foreach(func(_, deny *ast.Term) {
		l, _ := length(deny)
		n += l
	})
	if n > 0 {
		out = make([]rule.Violation, 0, n) // not grown a violation at a time
	}
	err = report.Iter(func(k, deny *ast.Term) error {
		pkg := goKey(k)
		return eachElem(deny.Value, func(r *ast.Term) error {
			viol, err := e.decodeReport(pkg, r)
			if err != nil {
				return err
			}
			out = append(out, viol)
			return nil
		}, func() error {
			return fmt.Errorf("evaluate rules: deny of nixsec.rules.%s is not a set", pkg)
		})
	})
	if err != nil {
		return nil, nil, err
	}
	for i, meta := range e.direct {
		set, err := denySet(meta, binding(res, e.directVars[i]))
		if err != nil {
			return nil, nil, err
		}
		if set == nil {
			continue
		}
		err = set.Iter(func(r *ast.Term) error {
			viol, err := decode(meta, r)
			if err != nil {
				return err
			}
			out = append(out, viol)
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
	}
	slices.SortFunc(out, func(a, b rule.Violation) int {
		return cmp.Or(strings.Compare(a.Rule.ID, b.Rule.ID), strings.Compare(a.Path, b.Path), strings.Compare(a.Message, b.Message))
	})
	return out, na, nil
}

// keepTerms is the evaluation's "JSON generator" (rego.EvalGenerateJSON):
// it keeps each binding as OPA's term, which decodeResult reads, instead
// of a generic Go value (maps and slices) built for every violation.
func keepTerms(t *ast.Term, _ *rego.EvalContext) (any, error) { return t, nil }

// binding is a variable of the query's result, nil when it is unbound.
func binding(r rego.Result, name string) ast.Value {
	if t, ok := r.Bindings[name].(*ast.Term); ok {
		return t.Value
	}
	return nil
}

// goValue is v as the evaluation would have returned it without
// keepTerms (rego's default conversion), for the messages and Fix.Value.
func goValue(v ast.Value) any {
	if v == nil {
		return nil
	}
	x, err := ast.JSONWithOpt(v, ast.JSONOpt{})
	if err != nil {
		return v.String()
	}
	return x
}

// goKey is an object key as rego's conversion writes it: a string as
// itself, another value as JSON.
func goKey(k *ast.Term) string {
	if s, ok := k.Value.(ast.String); ok {
		return string(s)
	}
	b, err := json.Marshal(goValue(k.Value))
	if err != nil {
		return k.String()
	}
	return string(b)
}

// eachElem calls f on each element of a set or array (either converted
// to a list before), and returns notList() for any other value.
func eachElem(v ast.Value, f func(*ast.Term) error, notList func() error) error {
	switch v := v.(type) {
	case ast.Set:
		return v.Iter(f)
	case *ast.Array:
		return v.Iter(f)
	}
	return notList()
}

// Keys of a violation object.
var (
	pathKey   = ast.StringTerm("path")
	msgKey    = ast.StringTerm("msg")
	anchorKey = ast.StringTerm("anchor")
	fileKey   = ast.StringTerm("file")
	idKey     = ast.StringTerm("id")
	fixKey    = ast.StringTerm("fix")
	valueKey  = ast.StringTerm("value")
)

// strAt is obj[k] when it is a string, else "".
func strAt(obj ast.Object, k *ast.Term) string {
	if t := obj.Get(k); t != nil {
		if s, ok := t.Value.(ast.String); ok {
			return string(s)
		}
	}
	return ""
}

// notApplicable decodes the entrypoint's not_applicable object: each
// reason must be a string, as the contract says (docs/contracts.md).
func (e *Engine) notApplicable(b ast.Value) (map[string]string, error) {
	raw, ok := b.(ast.Object)
	if !ok {
		return nil, fmt.Errorf("evaluate rules: %s is not an object", NotApplicableQuery)
	}
	if raw.Len() == 0 {
		return nil, nil
	}
	out := make(map[string]string, raw.Len())
	err := raw.Iter(func(k, r *ast.Term) error {
		meta := e.byPkg[goKey(k)]
		if meta == nil {
			return nil // a helper package's not_applicable: no rule to speak for
		}
		s, ok := r.Value.(ast.String)
		if !ok || s == "" {
			return fmt.Errorf("%s (%s): not_applicable is %s, not a reason: write `not_applicable := \"why\" if {...}`", meta.ID, meta.File, shortJSON(goValue(r.Value)))
		}
		out[meta.ID] = string(s)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// denySet is the violations of a direct rule from its binding, [[type,
// deny]] or [] (undefined: nil). A deny that is not a set fails the
// evaluation: its rule could not run.
func denySet(meta *ruleRef, b ast.Value) (ast.Set, error) {
	got, ok := b.(*ast.Array)
	if !ok || got.Len() > 1 {
		return nil, fmt.Errorf("%s (%s): unexpected evaluation of deny: %v", meta.ID, meta.denyAt, goValue(b))
	}
	if got.Len() == 0 {
		return nil, nil
	}
	pair, _ := got.Elem(0).Value.(*ast.Array)
	if pair == nil || pair.Len() != 2 {
		return nil, fmt.Errorf("%s (%s): unexpected evaluation of deny: %v", meta.ID, meta.denyAt, goValue(b))
	}
	t, _ := pair.Elem(0).Value.(ast.String)
	set, ok := pair.Elem(1).Value.(ast.Set)
	if t != "set" || !ok {
		return nil, fmt.Errorf("%s (%s): deny is %s %s (%s), not a set of violations: write `deny contains v if {...}` with v %s",
			meta.ID, meta.denyAt, article(string(t)), string(t), shortJSON(goValue(pair.Elem(1).Value)), violationShape)
	}
	return set, nil
}

func article(s string) string {
	if s != "" && strings.ContainsRune("aeiou", rune(s[0])) {
		return "an"
	}
	return "a"
}

// decodeReport decodes a violation of the entrypoint from the deny of
// rule package pkg.
func (e *Engine) decodeReport(pkg string, r *ast.Term) (rule.Violation, error) {
	if _, ok := r.Value.(ast.Object); !ok {
		return rule.Violation{}, fmt.Errorf("a rule produced %v, not an object", goValue(r.Value))
	}
	meta := e.byPkg[pkg]
	if meta == nil {
		return rule.Violation{}, fmt.Errorf("violation from nixsec.rules.%s, which has no METADATA", pkg)
	}
	return decode(meta, r)
}

// decode checks one violation of meta's deny against the contract.
func decode(meta *ruleRef, r *ast.Term) (rule.Violation, error) {
	obj, ok := r.Value.(ast.Object)
	if !ok {
		return rule.Violation{}, fmt.Errorf("%s (%s): deny holds %s, not a violation: nixsec needs objects %s, where path is the option at fault",
			meta.ID, meta.denyAt, shortJSON(goValue(r.Value)), violationShape)
	}
	v := rule.Violation{Rule: meta.Meta}
	v.Path = strAt(obj, pathKey)
	v.Message = strAt(obj, msgKey)
	v.Anchor = strAt(obj, anchorKey)
	v.File = strAt(obj, fileKey)
	// The rule of a violation is its package's; one claiming another
	// id ("id": "SSH001") would read as that rule's finding.
	if id := obj.Get(idKey); id != nil {
		if s, ok := id.Value.(ast.String); !ok || string(s) != meta.ID {
			return rule.Violation{}, fmt.Errorf("%s (%s): a violation has \"id\": %v, but its rule is %s; a violation belongs to its package's rule, drop the id",
				meta.ID, meta.File, goValue(id.Value), meta.ID)
		}
	}
	if v.Path == "" || v.Message == "" {
		return rule.Violation{}, fmt.Errorf("%s (%s): a violation needs a string path and msg, got %v", meta.ID, meta.File, goValue(obj))
	}
	if fx := obj.Get(fixKey); fx != nil {
		if fo, ok := fx.Value.(ast.Object); ok {
			p := strAt(fo, pathKey)
			if p == "" {
				return rule.Violation{}, fmt.Errorf("%s (%s): fix needs a path, got %v", meta.ID, meta.File, goValue(fo))
			}
			v.Fix = &rule.Fix{Path: p}
			if val := fo.Get(valueKey); val != nil {
				v.Fix.Value = goValue(val.Value)
			}
		}
	}
	return v, nil
}

// shortJSON shows a value in an error, cut to a line.
func shortJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	if len(b) > 80 {
		return string(b[:77]) + "..."
	}
	return string(b)
}

// The options of every evaluation: no metrics (rego would make a fresh
// set per call, which nothing reads), results kept as terms (keepTerms).
var (
	evalMetrics = rego.EvalMetrics(metrics.NoOp())
	evalTerms   = rego.EvalGenerateJSON(keepTerms)
)

// evalLimited runs the prepared query under the deadline and the heap
// watchdog, and returns their *LimitError when they stopped it.
func (e *Engine) evalLimited(ctx context.Context, input ast.Value) (rego.ResultSet, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	if e.limits.Timeout > 0 {
		var stop context.CancelFunc
		ctx, stop = context.WithTimeoutCause(ctx, e.limits.Timeout, &LimitError{Timeout: e.limits.Timeout})
		defer stop()
	}
	if e.watch != nil {
		defer e.watch.add(cancel)()
	}
	type result struct {
		rs  rego.ResultSet
		err error
	}
	// OPA stops at stop, which this function cancels with ctx: without
	// it each evaluation starts a goroutine of its own to watch ctx.
	stop := topdown.NewCancel()
	done := make(chan result, 1)
	e.evalOn(func() (deliver func()) {
		// The input converts lazily (inputValue), inside the evaluation: a
		// value it cannot convert panics there, and must fail this host,
		// not the process.
		defer func() {
			if p := recover(); p != nil {
				deliver = func() { done <- result{err: fmt.Errorf("input not convertible: %v", p)} }
			}
		}()
		rs, err := e.pq.Eval(ctx, rego.EvalParsedInput(input), rego.EvalExternalCancel(stop), rego.EvalVirtualCache(newRuleCache()), evalMetrics, evalTerms)
		return func() { done <- result{rs, err} }
	})
	var r result
	select {
	case r = <-done:
	case <-ctx.Done():
		stop.Cancel()
		select {
		case r = <-done:
		case <-time.After(abandonAfter):
			r.err = ctx.Err()
		}
	}
	if r.err != nil && ctx.Err() != nil {
		var ce *CapError
		if errors.As(r.err, &ce) {
			return nil, r.err // the cap, not the cancellation it may have raced with
		}
		var le *LimitError
		if cause := context.Cause(ctx); errors.As(cause, &le) {
			cp := *le // the watchdog's error is shared by the evaluations it stops
			return nil, &cp
		}
	}
	return r.rs, r.err
}

// workerIdle is how long a worker of evalOn waits for the next evaluation
// before it ends: the hosts of a check come one after another.
const workerIdle = 100 * time.Millisecond

// evalOn runs eval on a goroutine apart from the caller's, which can then
// abandon an evaluation that does not stop (evalLimited), and calls the
// function eval returns to hand over its result. The goroutine is a
// worker that runs the next evaluations too, while they keep coming:
// OPA's evaluation recurses deeply, and a new goroutine's stack grew from
// 8 KB by copying itself at every doubling, on every host (issue 17). A
// worker counts itself idle before it hands over a result, so the
// caller's next evaluation finds it. An abandoned evaluation keeps its
// worker until it returns; others get their own.
func (e *Engine) evalOn(eval func() func()) {
	for {
		n := e.idle.Load()
		if n <= 0 {
			go e.work(eval)
			return
		}
		if e.idle.CompareAndSwap(n, n-1) {
			e.jobs <- eval // an idle worker is promised to take it
			return
		}
	}
}

func (e *Engine) work(eval func() func()) {
	t := time.NewTimer(workerIdle)
	defer t.Stop()
	for {
		deliver := eval()
		eval = nil // nothing of the host it evaluated is kept while idle
		e.idle.Add(1)
		deliver()
		for eval == nil {
			t.Reset(workerIdle)
			select {
			case eval = <-e.jobs:
			case <-t.C:
				// Idle too long: end, unless every idle worker is promised
				// an evaluation (idle <= 0); then wait again, with the
				// timer: the promised one may go to another worker.
				for n := e.idle.Load(); n > 0; n = e.idle.Load() {
					if e.idle.CompareAndSwap(n, n-1) {
						return
					}
				}
			}
		}
	}
}

// hostOf is the input's "host" (lint.Input sets it), for LimitError.
func hostOf(input any) string {
	if m, ok := input.(map[string]any); ok {
		h, _ := m["host"].(string)
		return h
	}
	return ""
}
