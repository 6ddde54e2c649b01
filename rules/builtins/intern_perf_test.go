package builtins

import (
	"slices"
	"testing"

	"github.com/nixsec/nixsec/engine"
	"github.com/nixsec/nixsec/rules"
)

// TestOptionComponentsInterned fails when a rule that runs by default reads
// an option whose components are not interned (intern.go): the option still
// works, but each host pays two allocations per key for it.
func TestOptionComponentsInterned(t *testing.T) {
	b, err := engine.Load([]engine.Source{{Name: "builtin", FS: rules.FS, Builtin: true, Builtins: All}})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range b.Rules() {
		if r.FrameworkOnly {
			continue
		}
		for _, o := range r.Options {
			for _, name := range o.Names() {
				for _, c := range name {
					if c != "*" && !slices.Contains(optionComponents, c) {
						t.Errorf("%s reads %s: add %q to optionComponents in intern.go", r.ID, o.Path, c)
					}
				}
			}
		}
	}
}
