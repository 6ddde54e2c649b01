package lint

import (
	"sync"

	"github.com/nixsec/nixsec/engine"
	"github.com/nixsec/nixsec/rules"
)

// indexedRules is loadRules' answer from the built-in rules' index
// (rules.Index, written by go generate) and the built-in modules its
// bundle parses: the rules' METADATA without parsing the bundle, which
// took a cold check of a small flake more CPU than anything but
// compiling it (docs/performance.md); the bundle then parses only the
// modules the enabled rules compile from. A nil answer when the index
// cannot give one: a run with a policy directory (a user's policies are
// parsed whole, with the bundle, as before), an index that is stale (its
// hash is not the embedded bundle's) or unreadable.
func indexedRules(cfg Config) (*runRules, []string, error) {
	if len(cfg.Select.PolicyDirs) > 0 || cfg.File != nil && len(cfg.File.Policies) > 0 {
		return nil, nil, nil
	}
	idx := readIndex()
	if idx == nil {
		return nil, nil, nil
	}
	// The data files' errors are reported where LoadRules reports them.
	enabled, err := selectRules(cfg, idx.Rules, func() error {
		_, err := engine.LoadData(DataFiles(cfg))
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	// The modules Bundle.Only keeps: the enabled rules' and those of no
	// rule (Only then prunes the libraries none of them reads).
	on := map[string]bool{"": true}
	for _, r := range enabled {
		on[r.ID] = true
	}
	files := map[string]bool{}
	var builtin []string
	for _, m := range idx.Modules {
		if on[m.Rule] {
			files[m.File] = true
			builtin = append(builtin, m.File)
		}
	}
	return &runRules{enabled: enabled, all: idx.Rules, bundle: sync.OnceValues(func() (*engine.Bundle, error) {
		return loadBundle(cfg, files)
	})}, builtin, nil
}

// readIndex is rules.Index when it is current and readable, else nil.
func readIndex() *rules.IndexData {
	idx := rules.Index()
	if idx == nil || idx.Hash != rules.Hash() || len(idx.Rules) == 0 || !parsedOptions(idx.Rules) {
		return nil
	}
	return idx
}
