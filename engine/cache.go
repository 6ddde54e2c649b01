package engine

import (
	"github.com/open-policy-agent/opa/v1/ast"
)

// ruleCache is an evaluation's cache of the values of rules
// (topdown.VirtualCache, given to OPA with rego.EvalVirtualCache). OPA's
// own is a trie with a hash map at every level of a reference, which
// costs four to six allocations for each rule value it records (a host
// records a few hundred: every rule and helper of the bundle); this one
// keeps one map per frame, keyed by the whole reference, and one
// allocation per value. It answers as OPA's does (TestRuleCacheMatchesOPA):
// a reference is found only as it was recorded (never as a prefix of
// one), and a frame pushed (by `with`) starts empty and goes with
// everything recorded in it.
type ruleCache struct {
	frames []map[int]*cachedRule
}

type cachedRule struct {
	ref       ast.Ref
	value     *ast.Term
	undefined bool
	next      *cachedRule // same hash
	// refBuf holds the reference's terms when it is short (most are:
	// data.nixsec.rules.<family>.<rule>.deny), in the same allocation.
	// They are copied: the evaluator records from a slice it then
	// overwrites.
	refBuf [8]*ast.Term
}

func newRuleCache() *ruleCache {
	return &ruleCache{frames: make([]map[int]*cachedRule, 1, 4)}
}

func (c *ruleCache) Push() { c.frames = append(c.frames, nil) }

func (c *ruleCache) Pop() {
	c.frames[len(c.frames)-1] = nil
	c.frames = c.frames[:len(c.frames)-1]
}

func (c *ruleCache) find(ref ast.Ref, h int) *cachedRule {
	for e := c.frames[len(c.frames)-1][h]; e != nil; e = e.next {
		if e.ref.Equal(ref) {
			return e
		}
	}
	return nil
}

// Get is the value recorded for ref: nil, true when it was recorded
// undefined; nil, false when it was not recorded.
func (c *ruleCache) Get(ref ast.Ref) (*ast.Term, bool) {
	e := c.find(ref, ref.Hash())
	switch {
	case e == nil:
		return nil, false
	case e.undefined:
		return nil, true
	}
	return e.value, false
}

// Put records ref's value, or, when value is nil, that ref is undefined.
func (c *ruleCache) Put(ref ast.Ref, value *ast.Term) {
	h := ref.Hash()
	e := c.find(ref, h)
	if e == nil {
		top := c.frames[len(c.frames)-1]
		if top == nil {
			top = map[int]*cachedRule{}
			c.frames[len(c.frames)-1] = top
		}
		e = &cachedRule{next: top[h]}
		if len(ref) <= len(e.refBuf) {
			e.ref = e.refBuf[:len(ref)]
		} else {
			e.ref = make(ast.Ref, len(ref))
		}
		copy(e.ref, ref)
		top[h] = e
	}
	// As OPA's: a value replaces a value, but undefined stays.
	if value != nil {
		e.value = value
	} else {
		e.undefined = true
	}
}

// Keys are the references recorded with a value in the current frame.
func (c *ruleCache) Keys() []ast.Ref {
	var keys []ast.Ref
	for _, e := range c.frames[len(c.frames)-1] {
		for ; e != nil; e = e.next {
			if e.value != nil {
				keys = append(keys, e.ref)
			}
		}
	}
	return keys
}
