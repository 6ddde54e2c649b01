package engine

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/topdown"
)

// ruleCache must answer as OPA's own cache does, for any sequence of
// records, reads and frames: random sequences run on both.
func TestRuleCacheMatchesOPA(t *testing.T) {
	var refs []ast.Ref
	for _, s := range []string{"data.a", "data.a.b", "data.a.b.c", "data.a.c", "data.x[1]", `data.x["1"]`,
		"data.nixsec.rules.ssh.ssh001.deny", "data.nixsec.rules.ssh.ssh001.deny.x", "data.p.q.r.s.t.u.v.w.x.y"} {
		refs = append(refs, ast.MustParseRef(s))
	}
	values := []*ast.Term{nil, ast.StringTerm("v1"), ast.NumberTerm("2"), ast.BooleanTerm(false)}
	rng := rand.New(rand.NewPCG(1, 2))
	for seq := range 200 {
		ours, opa := newRuleCache(), topdown.NewVirtualCache()
		depth := 0
		for step := range 60 {
			switch op := rng.IntN(10); {
			case op == 0:
				ours.Push()
				opa.Push()
				depth++
			case op == 1 && depth > 0:
				ours.Pop()
				opa.Pop()
				depth--
			case op < 6:
				// A copy: the cache must not keep the caller's slice.
				r := append(ast.Ref{}, refs[rng.IntN(len(refs))]...)
				v := values[rng.IntN(len(values))]
				ours.Put(r, v)
				opa.Put(r, v)
				r[len(r)-1] = ast.StringTerm("overwritten")
			}
			for _, r := range refs {
				gv, gu := ours.Get(r)
				wv, wu := opa.Get(r)
				if gu != wu || (gv == nil) != (wv == nil) || gv != nil && !gv.Equal(wv) {
					t.Fatalf("sequence %d, step %d: Get(%v) = %v, %v; OPA's %v, %v", seq, step, r, gv, gu, wv, wu)
				}
			}
			if g, w := keySet(ours.Keys()), keySet(opa.Keys()); g != w {
				t.Fatalf("sequence %d, step %d: Keys %v, OPA's %v", seq, step, g, w)
			}
		}
	}
}

func keySet(refs []ast.Ref) string {
	set := ast.NewSet()
	for _, r := range refs {
		set.Add(ast.NewTerm(r))
	}
	return fmt.Sprint(set)
}
