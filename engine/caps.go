package engine

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"math/big"
	"net"
	"regexp"
	"strings"
	"text/template"
	"unicode/utf8"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/topdown"
	"github.com/open-policy-agent/opa/v1/topdown/builtins"
)

// Caps on what one builtin call may build. A policy's evaluation is
// stopped between expressions by Limits (deadline, heap watchdog), but one
// call such as numbers.range(0, 1e9) allocates everything before control
// returns, so the builtins whose result can be much larger than their
// arguments are checked before they run. A call past a cap stops the whole
// evaluation with an error naming the builtin and the cap (a CapError,
// raised as topdown.Halt so that it fails the query even where builtin
// errors would only make an expression undefined): never a truncated or
// silently missing result. Calls within the caps run OPA's own builtin,
// unchanged (but for concat of an array of strings, which joinStrings
// joins as OPA does, cheaper). The checks allocate nothing for the calls
// rules make on every host (TestCapChecksDoNotAllocate).
//
//   - MaxElements (1,000,000) elements in a collection built by one call:
//     numbers.range, numbers.range_step, net.cidr_expand (a /12 in IPv4),
//     array.concat, split, indexof_n, regex.split, regex.find_n,
//     regex.find_all_string_submatch_n, graph.reachable_paths.
//   - MaxStringBytes (64 MiB) in a string built by one call: concat,
//     replace, strings.replace_n, regex.replace, sprintf, json.marshal,
//     json.marshal_with_options, yaml.marshal, strings.render_template.
//     For the serialising ones the size is estimated from the value before
//     it is serialised (a value built by sharing, [x, x] nested 60 deep, is
//     tiny in memory but not when written out).
//   - MaxFormatWidth (10,000) for a sprintf width or precision ("%1000000d").
//   - MaxDecodeBytes (16 MiB) of input to json.unmarshal, yaml.unmarshal,
//     base64.decode, base64url.decode, hex.decode, urlquery.decode_object:
//     a decoded document takes many times its text in memory.
//   - MaxPatternBytes (64 KiB) for a regular expression or glob pattern
//     (regex.*, re_match, glob.match, regex.globs_match): compiled patterns
//     are cached and compiling is superlinear for some.
//
// The caps are process-wide (OPA's builtin table is global); they apply to
// `nixsec policy test` as to checks.
const (
	MaxElements     = 1_000_000
	MaxStringBytes  = 64 << 20
	MaxFormatWidth  = 10_000
	MaxDecodeBytes  = 16 << 20
	MaxPatternBytes = 64 << 10
)

// CapError is a builtin call that would build more than a cap allows.
type CapError struct {
	Builtin string
	What    string // "elements", "bytes", "width", "input bytes", "pattern bytes"
	Cap     int64
	Size    string // what the call asked for, as precise as known ("at least ...")
}

func (e *CapError) Error() string {
	if e.What == "input bytes" {
		return fmt.Sprintf("%s: an input of %s bytes, more than nixsec's cap of %d bytes per call (docs/writing-policies.md#limits)",
			e.Builtin, e.Size, e.Cap)
	}
	return fmt.Sprintf("%s: would build %s %s, more than nixsec's cap of %d %s per call (docs/writing-policies.md#limits)",
		e.Builtin, e.Size, e.What, e.Cap, e.What)
}

// capCheck returns a *CapError, or nil when the call is within the caps or
// its arguments are malformed (OPA's builtin then reports them). args are
// the call's operands: the declared arguments, then the output's.
type capCheck func(name string, args []*ast.Term) error

var capChecks = map[string]capCheck{
	"numbers.range":                    checkRange,
	"numbers.range_step":               checkRange,
	"net.cidr_expand":                  checkCIDRExpand,
	"array.concat":                     checkArrayConcat,
	"split":                            checkSplit,
	"indexof_n":                        checkIndexOfN,
	"regex.split":                      checkRegexCount(0, 1, -1, 1),
	"regex.find_n":                     checkRegexCount(0, 1, 2, 0),
	"regex.find_all_string_submatch_n": checkRegexCount(0, 1, 2, 0),
	"graph.reachable_paths":            checkReachablePaths,
	"concat":                           checkConcat,
	"replace":                          checkReplace,
	"strings.replace_n":                checkReplaceN,
	"regex.replace":                    checkRegexReplace,
	"sprintf":                          checkSprintf,
	"json.marshal":                     checkMarshal,
	"yaml.marshal":                     checkMarshal,
	"json.marshal_with_options":        checkMarshalWithOptions,
	"json.unmarshal":                   checkDecode,
	"yaml.unmarshal":                   checkDecode,
	"base64.decode":                    checkDecode,
	"base64url.decode":                 checkDecode,
	"hex.decode":                       checkDecode,
	"urlquery.decode_object":           checkDecode,
	"regex.match":                      checkPatterns(0),
	"re_match":                         checkPatterns(0),
	"regex.is_valid":                   checkPatterns(0),
	"regex.template_match":             checkPatterns(0),
	"regex.globs_match":                checkPatterns(0, 1),
	"glob.match":                       checkPatterns(0),
}

// init wraps OPA's implementations. A custom rego.Function cannot replace
// a standard builtin (topdown looks the standard table up first), so the
// wrapper goes into that table; topdown's own init has run by now.
func init() {
	for name, check := range capChecks {
		orig := topdown.GetBuiltin(name)
		if orig == nil {
			panic("nixsec: OPA has no builtin " + name + " to cap")
		}
		if name == "concat" {
			orig = joinStrings(orig)
		}
		topdown.RegisterBuiltinFunc(name, func(bctx topdown.BuiltinContext, args []*ast.Term, iter func(*ast.Term) error) error {
			if err := check(name, args); err != nil {
				return topdown.Halt{Err: (&topdown.Error{Code: topdown.BuiltinErr, Message: err.Error(), Location: bctx.Location}).Wrap(err)}
			}
			return orig(bctx, args, iter)
		})
	}
	topdown.RegisterBuiltinFunc("strings.render_template", renderTemplate)
}

// joinSmall is the longest result joinStrings builds itself.
const joinSmall = 64 << 10

// joinStrings is concat joining an array of strings itself, with one
// allocation for the bytes: OPA's writes through a cancellable buffer it
// makes for each call (five allocations), and rules
// call concat for most messages and rules/main.rego for every key. Sets,
// other elements (OPA's error), one or no element and long results are
// OPA's concat.
func joinStrings(orig topdown.BuiltinFunc) topdown.BuiltinFunc {
	return func(bctx topdown.BuiltinContext, args []*ast.Term, iter func(*ast.Term) error) error {
		sep, ok1 := args[0].Value.(ast.String)
		arr, ok2 := args[1].Value.(*ast.Array)
		if !ok1 || !ok2 || arr.Len() < 2 {
			return orig(bctx, args, iter)
		}
		n := len(sep) * (arr.Len() - 1)
		for i := range arr.Len() {
			s, ok := arr.Elem(i).Value.(ast.String)
			if !ok {
				return orig(bctx, args, iter)
			}
			n += len(s)
		}
		if n > joinSmall {
			return orig(bctx, args, iter)
		}
		var b strings.Builder
		b.Grow(n)
		for i := range arr.Len() {
			if i > 0 {
				b.WriteString(string(sep))
			}
			b.WriteString(string(arr.Elem(i).Value.(ast.String)))
		}
		return iter(ast.InternedTerm(b.String()))
	}
}

func overElements(name string, n float64) error {
	if n <= MaxElements {
		return nil
	}
	return &CapError{Builtin: name, What: "elements", Cap: MaxElements, Size: fmt.Sprintf("%.0f", n)}
}

func overBytes(name string, n int64, exact bool) error {
	if n <= MaxStringBytes {
		return nil
	}
	size := fmt.Sprint(n)
	if !exact {
		size = "about " + size
	}
	return &CapError{Builtin: name, What: "bytes", Cap: MaxStringBytes, Size: size}
}

func str(args []*ast.Term, i int) (string, bool) {
	if i >= len(args) {
		return "", false
	}
	s, ok := args[i].Value.(ast.String)
	return string(s), ok
}

// bigInt reads an integral number, also written as a float (1e9), as
// OPA's integer operands accept.
func bigInt(t *ast.Term) (*big.Int, bool) {
	n, ok := t.Value.(ast.Number)
	if !ok {
		return nil, false
	}
	if i, ok := new(big.Int).SetString(string(n), 10); ok {
		return i, true
	}
	f, _, err := big.ParseFloat(string(n), 10, 256, big.ToNearestEven)
	if err != nil || !f.IsInt() {
		return nil, false
	}
	i, _ := f.Int(nil)
	return i, true
}

// checkRange: numbers.range(a, b) and numbers.range_step(a, b, step) have
// |b-a|/step + 1 elements.
func checkRange(name string, args []*ast.Term) error {
	a, ok1 := bigInt(args[0])
	b, ok2 := bigInt(args[1])
	if !ok1 || !ok2 {
		return nil
	}
	step := big.NewInt(1)
	if name == "numbers.range_step" { // (args end with the output operand)
		s, ok := bigInt(args[2])
		if !ok || s.Sign() <= 0 {
			return nil
		}
		step = s
	}
	n := new(big.Int).Abs(new(big.Int).Sub(b, a))
	n.Quo(n, step)
	f, _ := new(big.Float).SetInt(n).Float64()
	return overElements(name, f+1)
}

func checkCIDRExpand(name string, args []*ast.Term) error {
	s, ok := str(args, 0)
	if !ok {
		return nil
	}
	_, ipNet, err := net.ParseCIDR(s)
	if err != nil {
		return nil //nolint:nilerr // OPA reports it
	}
	ones, bits := ipNet.Mask.Size()
	return overElements(name, math.Exp2(float64(bits-ones)))
}

func length(t *ast.Term) (int, bool) {
	switch v := t.Value.(type) {
	case *ast.Array:
		return v.Len(), true
	case ast.Set:
		return v.Len(), true
	}
	return 0, false
}

func checkArrayConcat(name string, args []*ast.Term) error {
	a, ok1 := length(args[0])
	b, ok2 := length(args[1])
	if !ok1 || !ok2 {
		return nil
	}
	return overElements(name, float64(a+b))
}

func checkSplit(name string, args []*ast.Term) error {
	s, ok1 := str(args, 0)
	sep, ok2 := str(args, 1)
	if !ok1 || !ok2 || len(s) < MaxElements {
		return nil
	}
	if sep == "" { // one piece per rune
		return overElements(name, float64(utf8.RuneCountInString(s)))
	}
	return overElements(name, float64(strings.Count(s, sep)+1))
}

func checkIndexOfN(name string, args []*ast.Term) error {
	s, ok1 := str(args, 0)
	sub, ok2 := str(args, 1)
	if !ok1 || !ok2 || len(s) < MaxElements {
		return nil
	}
	return overElements(name, float64(strings.Count(s, sub)))
}

// checkRegexCount caps the matches of a pattern (argument pat) in a string
// (argument s); nArg, when >= 0, is the call's own limit on them (-1: all);
// extra is added to the matches (a split has one piece more).
func checkRegexCount(pat, s, nArg, extra int) capCheck {
	return func(name string, args []*ast.Term) error {
		if err := patternCap(name, args, pat); err != nil {
			return err
		}
		p, ok1 := str(args, pat)
		text, ok2 := str(args, s)
		if !ok1 || !ok2 || len(text)+1+extra <= MaxElements {
			return nil
		}
		if nArg >= 0 {
			if n, ok := bigInt(args[nArg]); ok && n.Sign() >= 0 && n.IsInt64() && n.Int64()+int64(extra) <= MaxElements {
				return nil
			}
		}
		re, err := regexp.Compile(p)
		if err != nil {
			return nil //nolint:nilerr // OPA reports it
		}
		m := re.FindAllStringIndex(text, MaxElements+1)
		return overElements(name, float64(len(m)+extra))
	}
}

// checkReachablePaths counts the paths topdown's pathBuilder would commit,
// stopping at the cap: their number can be exponential in the graph's size.
func checkReachablePaths(name string, args []*ast.Term) error {
	graph, ok := args[0].Value.(ast.Object)
	if !ok {
		return nil
	}
	var starts []*ast.Term
	switch v := args[1].Value.(type) {
	case *ast.Array:
		v.Foreach(func(t *ast.Term) { starts = append(starts, t) })
	case ast.Set:
		starts = v.Slice()
	default:
		return nil
	}
	paths := 0
	onPath := map[int][]*ast.Term{} // by hash: vertices are equal terms, not the same
	on := func(t *ast.Term) bool {
		for _, u := range onPath[t.Hash()] {
			if u.Equal(t) {
				return true
			}
		}
		return false
	}
	var walk func(node *ast.Term) bool // false: over the cap
	walk = func(node *ast.Term) bool {
		edges := graph.Get(node)
		if n, _ := lengthOrZero(edges); n == 0 {
			paths++
			return paths <= MaxElements
		}
		h := node.Hash()
		onPath[h] = append(onPath[h], node)
		defer func() { onPath[h] = onPath[h][:len(onPath[h])-1] }()
		ok := true
		forEach(edges, func(next *ast.Term) {
			switch {
			case !ok:
			case on(next): // a cycle: the path ends here
				paths++
				ok = paths <= MaxElements
			default:
				ok = walk(next)
			}
		})
		return ok
	}
	for _, s := range starts {
		if !walk(s) {
			return &CapError{Builtin: name, What: "elements", Cap: MaxElements, Size: fmt.Sprintf("more than %d", MaxElements)}
		}
	}
	return nil
}

func lengthOrZero(t *ast.Term) (int, bool) {
	if t == nil {
		return 0, false
	}
	return length(t)
}

func forEach(t *ast.Term, f func(*ast.Term)) {
	switch v := t.Value.(type) {
	case *ast.Array:
		v.Foreach(f)
	case ast.Set:
		v.Foreach(f)
	}
}

func checkConcat(name string, args []*ast.Term) error {
	sep, ok := str(args, 0)
	if !ok {
		return nil
	}
	var total, n int64
	switch v := args[1].Value.(type) {
	case *ast.Array:
		// By index: a closure for Foreach would be allocated on every call.
		n = int64(v.Len())
		for i := range v.Len() {
			if s, ok := v.Elem(i).Value.(ast.String); ok {
				total += int64(len(s))
			}
		}
	case ast.Set:
		total, n = setStringBytes(v)
	default:
		return nil
	}
	if n > 1 {
		total += int64(len(sep)) * (n - 1)
	}
	return overBytes(name, total, true)
}

// setStringBytes is the length of the strings of a set, and its size.
func setStringBytes(set ast.Set) (total, n int64) {
	set.Foreach(func(t *ast.Term) {
		if s, ok := t.Value.(ast.String); ok {
			total += int64(len(s))
		}
		n++
	})
	return total, n
}

// replaced bounds the length of s with every key of repl replaced by its
// value: each key replaces at most strings.Count(s, key) non-overlapping
// occurrences ("" occurs between runes and at both ends).
func replaced(s string, repl map[string]string) int64 {
	total := int64(len(s))
	for old, new := range repl {
		total += growth(s, old, new)
	}
	return total
}

// growth is how much replacing every old in s by new can lengthen it.
func growth(s, old, new string) int64 {
	if len(new) <= len(old) {
		return 0
	}
	n := int64(strings.Count(s, old))
	if old == "" {
		n = int64(utf8.RuneCountInString(s)) + 1
	}
	return n * int64(len(new)-len(old))
}

func checkReplace(name string, args []*ast.Term) error {
	s, ok1 := str(args, 0)
	old, ok2 := str(args, 1)
	repl, ok3 := str(args, 2)
	if !ok1 || !ok2 || !ok3 {
		return nil
	}
	return overBytes(name, int64(len(s))+growth(s, old, repl), false)
}

func checkReplaceN(name string, args []*ast.Term) error {
	obj, ok1 := args[0].Value.(ast.Object)
	s, ok2 := str(args, 1)
	if !ok1 || !ok2 {
		return nil
	}
	repl := map[string]string{}
	obj.Foreach(func(k, v *ast.Term) {
		ks, ok1 := k.Value.(ast.String)
		vs, ok2 := v.Value.(ast.String)
		if ok1 && ok2 {
			repl[string(ks)] = string(vs)
		}
	})
	return overBytes(name, replaced(s, repl), false)
}

// checkRegexReplace: regex.replace(s, pattern, value). A replacement is at
// most len(value) plus, per $ in it, a group (no longer than s); there are
// at most len(s)+1 matches. Past that cheap bound the replacements are
// measured.
func checkRegexReplace(name string, args []*ast.Term) error {
	if err := patternCap(name, args, 1); err != nil {
		return err
	}
	s, ok1 := str(args, 0)
	p, ok2 := str(args, 1)
	value, ok3 := str(args, 2)
	if !ok1 || !ok2 || !ok3 {
		return nil
	}
	per := int64(len(value)) + int64(strings.Count(value, "$"))*int64(len(s))
	if int64(len(s))+(int64(len(s))+1)*per <= MaxStringBytes {
		return nil
	}
	re, err := regexp.Compile(p)
	if err != nil {
		return nil //nolint:nilerr // OPA reports it
	}
	total := int64(len(s))
	var buf []byte
	for _, m := range re.FindAllStringSubmatchIndex(s, -1) {
		buf = re.ExpandString(buf[:0], value, s, m)
		total += int64(len(buf))
		if total > MaxStringBytes {
			return overBytes(name, total, false)
		}
	}
	return nil
}

// valueSize estimates the serialised size of v (JSON-like), its number of
// values and its depth, stopping once the size passes budget. It walks
// the value as written out, so a shared subterm counts each time.
func valueSize(v ast.Value, budget int64) (size, nodes, depth int64) {
	s := sizer{budget: budget}
	s.walk(v, 0)
	return s.size, s.nodes, s.depth
}

// sizer is valueSize's walk. It stays on the caller's stack (sprintf
// measures each argument): only sets and objects, walked with closures,
// allocate (sizer.each).
type sizer struct {
	size, nodes, depth, budget int64
}

func (s *sizer) walk(v ast.Value, d int64) {
	if s.size > s.budget {
		return
	}
	s.nodes++
	s.depth = max(s.depth, d)
	switch x := v.(type) {
	case ast.String:
		s.size += int64(len(x)) + 2
	case ast.Number:
		s.size += int64(len(x))
	case ast.Boolean:
		s.size += 5
	case ast.Null:
		s.size += 4
	case *ast.Array:
		s.size += 2
		for i := range x.Len() {
			s.size++
			s.walk(x.Elem(i).Value, d+1)
		}
	case ast.Set, ast.Object:
		s.size += 2
		s.each(x, d)
	default:
		s.size += int64(len(v.String()))
	}
}

// each walks the elements of a set or the entries of an object, through a
// copy of s that the closures may move to the heap.
func (s *sizer) each(v ast.Value, d int64) {
	c := new(sizer)
	*c = *s
	switch x := v.(type) {
	case ast.Set:
		x.Foreach(func(t *ast.Term) { c.size++; c.walk(t.Value, d+1) })
	case ast.Object:
		x.Foreach(func(k, t *ast.Term) { c.size += 2; c.walk(k.Value, d+1); c.walk(t.Value, d+1) })
	}
	*s = *c
}

func checkMarshal(name string, args []*ast.Term) error {
	size, _, _ := valueSize(args[0].Value, MaxStringBytes)
	return overBytes(name, size, false)
}

// checkMarshalWithOptions adds, per value, a line with the prefix and the
// indent repeated to its depth.
func checkMarshalWithOptions(name string, args []*ast.Term) error {
	var prefix, indent int64 = 0, 1 // OPA indents with a tab by default
	if o, ok := args[1].Value.(ast.Object); ok {
		if p := o.Get(ast.StringTerm("prefix")); p != nil {
			if s, ok := p.Value.(ast.String); ok {
				prefix = int64(len(s))
			}
		}
		if i := o.Get(ast.StringTerm("indent")); i != nil {
			if s, ok := i.Value.(ast.String); ok {
				indent = int64(len(s))
			}
		}
	}
	size, nodes, depth := valueSize(args[0].Value, MaxStringBytes)
	if size > MaxStringBytes || prefix+indent*depth > MaxStringBytes {
		return overBytes(name, max(size, prefix+indent*depth), false)
	}
	return overBytes(name, size+nodes*(1+prefix+indent*depth), false)
}

// renderTemplate is OPA's strings.render_template writing into a buffer
// that stops at MaxStringBytes: a template's loops are bounded only by the
// values it ranges over ({{range 1000000000}} is valid), which no check
// before the call can see.
func renderTemplate(bctx topdown.BuiltinContext, args []*ast.Term, iter func(*ast.Term) error) error {
	text, err := builtins.StringOperand(args[0].Value, 1)
	if err != nil {
		return err
	}
	obj, err := builtins.ObjectOperand(args[1].Value, 2)
	if err != nil {
		return err
	}
	var vars map[string]any
	if err := ast.As(obj, &vars); err != nil {
		return err
	}
	tmpl, err := template.New("template").Parse(string(text))
	if err != nil {
		return err
	}
	w := &cappedWriter{name: "strings.render_template", cancel: bctx.Cancel}
	if err := tmpl.Execute(w, vars); err != nil {
		var ce *CapError
		if errors.As(err, &ce) {
			return topdown.Halt{Err: (&topdown.Error{Code: topdown.BuiltinErr, Message: ce.Error(), Location: bctx.Location}).Wrap(ce)}
		}
		return err
	}
	return iter(ast.StringTerm(strings.ReplaceAll(w.buf.String(), "<no value>", "<undefined>")))
}

// cappedWriter fails a write that would take it past MaxStringBytes, or
// once the query is cancelled.
type cappedWriter struct {
	name   string
	cancel topdown.Cancel
	buf    bytes.Buffer
}

func (w *cappedWriter) Write(p []byte) (int, error) {
	if w.cancel != nil && w.cancel.Cancelled() {
		return 0, errors.New("cancelled")
	}
	if n := int64(w.buf.Len() + len(p)); n > MaxStringBytes {
		return 0, &CapError{Builtin: w.name, What: "bytes", Cap: MaxStringBytes, Size: fmt.Sprintf("more than %d", MaxStringBytes)}
	}
	return w.buf.Write(p)
}

func checkDecode(name string, args []*ast.Term) error {
	s, ok := str(args, 0)
	if !ok || len(s) <= MaxDecodeBytes {
		return nil
	}
	return &CapError{Builtin: name, What: "input bytes", Cap: MaxDecodeBytes, Size: fmt.Sprint(len(s))}
}

// checkPatterns caps the length of the pattern arguments at idx.
func checkPatterns(idx ...int) capCheck {
	return func(name string, args []*ast.Term) error {
		for _, i := range idx {
			if err := patternCap(name, args, i); err != nil {
				return err
			}
		}
		return nil
	}
}

// patternCap caps the length of the pattern argument i.
func patternCap(name string, args []*ast.Term, i int) error {
	if p, ok := str(args, i); ok && len(p) > MaxPatternBytes {
		return &CapError{Builtin: name, What: "pattern bytes", Cap: MaxPatternBytes, Size: fmt.Sprintf("a pattern of %d", len(p))}
	}
	return nil
}

// checkSprintf bounds sprintf's output: the format's text, each verb's
// width and precision, and each argument as many times as verbs print it
// (an explicit index, %[1]s, can print one argument many times).
func checkSprintf(name string, args []*ast.Term) error {
	format, ok := str(args, 0)
	if !ok {
		return nil
	}
	arr, ok := args[1].Value.(*ast.Array)
	if !ok {
		return nil
	}
	var buf [16]int64 // the arguments' sizes, on the stack for a few
	sizes := buf[:]
	if arr.Len() > len(buf) {
		sizes = make([]int64, arr.Len())
	}
	sizes = sizes[:arr.Len()]
	var all int64
	for i := range sizes {
		sizes[i], _, _ = valueSize(arr.Elem(i).Value, MaxStringBytes)
		all += sizes[i]
	}
	numArg := func(i int) int64 { // a * width or precision
		if i < 0 || i >= arr.Len() {
			return 0
		}
		if n, ok := bigInt(arr.Elem(i)); ok && n.IsInt64() {
			return n.Int64()
		}
		return 0
	}
	total := int64(len(format)) + all // + all: arguments no verb uses are appended
	arg := 0
	widthErr := func(w int64) error {
		if w > MaxFormatWidth || w < -MaxFormatWidth {
			return &CapError{Builtin: name, What: "width", Cap: MaxFormatWidth, Size: fmt.Sprintf("a field of %d", w)}
		}
		return nil
	}
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		for i < len(format) && strings.IndexByte("+-# 0", format[i]) >= 0 {
			i++
		}
		num := func() int64 { // digits, * or [n]* at i
			if i < len(format) && format[i] == '[' {
				j := strings.IndexByte(format[i:], ']')
				if j < 0 {
					return 0
				}
				if n, ok := new(big.Int).SetString(format[i+1:i+j], 10); ok && n.IsInt64() {
					arg = int(n.Int64()) - 1
				}
				i += j + 1
			}
			if i < len(format) && format[i] == '*' {
				i++
				arg++
				return numArg(arg - 1)
			}
			start := i
			for i < len(format) && format[i] >= '0' && format[i] <= '9' {
				i++
			}
			if i == start {
				return 0
			}
			n, ok := new(big.Int).SetString(format[start:i], 10)
			if !ok || !n.IsInt64() {
				return math.MaxInt64
			}
			return n.Int64()
		}
		width := num()
		if err := widthErr(width); err != nil {
			return err
		}
		var prec int64
		if i < len(format) && format[i] == '.' {
			i++
			prec = num()
			if err := widthErr(prec); err != nil {
				return err
			}
		}
		_ = num() // an explicit index of the value: [n]
		if i >= len(format) {
			break
		}
		if format[i] == '%' {
			continue
		}
		factor := int64(1)
		switch format[i] {
		case 'x', 'X':
			factor = 3
		case 'q':
			factor = 4
		}
		if arg >= 0 && arg < len(sizes) {
			total += factor * sizes[arg]
		}
		arg++
		total += abs(width) + abs(prec)
	}
	return overBytes(name, total, false)
}

func abs(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}
