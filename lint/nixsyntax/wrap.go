package nixsyntax

import "strconv"

// Wrapping is what the module-system wrappers around one definition say,
// read from the source: the priority of the mkOverride nearest the value
// (mkDefault, mkForce, …), the mkIf conditions on the way, the mkOrder.
// It is what the source shows, not what evaluation decided: a condition
// is only known when it is the literal `true` or `false`.
type Wrapping struct {
	// Prio is the override priority (100 without one); Override names the
	// function that set it ("mkDefault", "mkOverride 900"), "" for none.
	Prio     int
	Override string
	// Conditions are the ranges of the mkIf conditions, outermost first.
	Conditions []Range
	// False is set when one of them is the literal `false`.
	False bool
	// Order is the mkOrder priority (mkBefore 500, mkAfter 1500), or 0.
	Order int
}

// overridePrio is the priority each named override function gives
// (lib/modules.nix: mkOptionDefault 1500, mkDefault 1000,
// mkImageMediaOverride 60, mkForce 50, mkVMOverride 10).
var overridePrio = map[string]int{
	"mkOptionDefault": 1500, "mkDefault": 1000, "mkImageMediaOverride": 60, "mkForce": 50, "mkVMOverride": 10,
}

// WrappingOf reads the wrappers around the definition whose value spans
// value: those enclosing it from the top of f (a `mkIf c { … }` block,
// `config = mkForce { … }`), then those the value starts with
// (`x = lib.mkDefault true`).
func WrappingOf(f *File, value Range) Wrapping {
	w := Wrapping{Prio: 100}
	if f == nil || f.Expr == nil {
		return w
	}
	path := ancestors(f.Expr, value)
	for _, e := range path {
		w.note(e)
	}
	var e Expr
	if last := path[len(path)-1]; last.Span() == value {
		e = last
	}
	// The value's own wrappers, down to what they wrap.
	for depth := 0; e != nil && depth < 1000; depth++ {
		name, args := modifierCall(unwrap(e, false))
		if name == "" || name == "mkMerge" {
			break
		}
		e = unwrap(args[len(args)-1], false)
		w.note(e)
	}
	return w
}

// note records the wrapper e is, if any.
func (w *Wrapping) note(e Expr) {
	a, ok := e.(*Apply)
	if !ok {
		return
	}
	name, args := modifierCall(a)
	switch {
	case name == "":
	case name == "mkIf" && len(args) == 2:
		w.Conditions = append(w.Conditions, args[0].Span())
		if id, ok := unwrap(args[0], false).(*Ident); ok && id.Name == "false" {
			w.False = true
		}
	case name == "mkOverride" && len(args) == 2:
		if n, ok := unwrap(args[0], false).(*Int); ok {
			w.Prio, w.Override = int(n.Value), "mkOverride "+strconv.FormatInt(n.Value, 10)
		}
	case overridePrio[name] != 0 && len(args) == 1:
		w.Prio, w.Override = overridePrio[name], name
	case name == "mkBefore":
		w.Order = 500
	case name == "mkAfter":
		w.Order = 1500
	case name == "mkOrder" && len(args) == 2:
		if n, ok := unwrap(args[0], false).(*Int); ok {
			w.Order = int(n.Value)
		}
	}
}

func contains(outer, inner Range) bool {
	return outer.Start.Offset <= inner.Start.Offset && inner.End.Offset <= outer.End.Offset
}
