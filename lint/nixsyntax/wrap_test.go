package nixsyntax

import (
	"reflect"
	"testing"
)

// WrappingOf reads the wrappers around each definition of a path: those
// around the enclosing sets, then those of the value; the override
// nearest the value decides the priority.
func TestWrappingOf(t *testing.T) {
	src := `{ lib, ... }: {
  config = lib.mkMerge [
    { a.b = lib.mkDefault 1; }
    (lib.mkIf false { a.b = 2; })
    (lib.mkForce { a.b = lib.mkOverride 900 (lib.mkBefore 3); })
    (lib.mkIf cond { a.b = lib.mkOptionDefault 4; })
    { a.b = 5; }
  ];
}`
	f, err := Parse("t.nix", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	type w struct {
		Prio     int
		Override string
		Conds    int
		False    bool
		Order    int
	}
	var got []w
	for _, d := range Locate(f, []string{"a", "b"}) {
		x := WrappingOf(f, d.Value)
		got = append(got, w{x.Prio, x.Override, len(x.Conditions), x.False, x.Order})
	}
	want := []w{
		{1000, "mkDefault", 0, false, 0},
		{100, "", 1, true, 0},
		{900, "mkOverride 900", 0, false, 500},
		{1500, "mkOptionDefault", 1, false, 0},
		{100, "", 0, false, 0},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	if x := WrappingOf(nil, Range{}); x.Prio != 100 {
		t.Errorf("nil file: %+v", x)
	}
}
