package lint

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"sync"

	"github.com/nixsec/nixsec/engine"
	"github.com/nixsec/nixsec/evalbridge"
	"github.com/nixsec/nixsec/rule"
)

// runRules are a run's rules: the enabled ones and every one loaded, and
// the bundle they come from, parsed only when something needs it (its
// compilation: not a run whose every host's findings are cached).
type runRules struct {
	enabled, all []*rule.Meta
	// key identifies everything the rules decide from (rulesKey); "" when
	// there is no cache.
	key    string
	bundle func() (*engine.Bundle, error)
}

// rulesEntry is the rule selection LoadRules made, stored under rulesKey,
// and the built-in modules the enabled rules compile from (Bundle.Only):
// a run that compiles parses only those (half of the bundle is the
// framework-only STIG rules, which a plain check does not enable).
type rulesEntry struct {
	Key     string       `json:"key"`
	All     []*rule.Meta `json:"all"`
	Enabled []*rule.Meta `json:"enabled"`
	Builtin []string     `json:"builtin"`
}

// loadRules is LoadRules, whose selection is cached: parsing the bundle
// costs more than the rest of a run whose findings are all cached.
func loadRules(cfg Config) (*runRules, error) {
	c := cfg.Eval.Cache
	key := ""
	if c != nil && cfg.Eval.FromJSON == "" {
		key = rulesKey(cfg, c.Version)
	}
	var e rulesEntry
	if b, ok := c.Get(key); ok && json.Unmarshal(b, &e) == nil && e.Key == key && len(e.All) > 0 && len(e.Builtin) > 0 && parsedOptions(e.All) && parsedOptions(e.Enabled) {
		files := map[string]bool{}
		for _, f := range e.Builtin {
			files[f] = true
		}
		return &runRules{enabled: e.Enabled, all: e.All, key: key, bundle: sync.OnceValues(func() (*engine.Bundle, error) {
			return loadBundle(cfg, files)
		})}, nil
	}
	rr, builtin, err := indexedRules(cfg)
	if err != nil {
		return nil, err
	}
	if rr == nil {
		b, enabled, err := LoadRules(cfg)
		if err != nil {
			return nil, err
		}
		builtin = nil
		for _, f := range b.Only(ruleIDs(enabled)).Files() {
			if strings.HasPrefix(f, "builtin:") {
				builtin = append(builtin, f)
			}
		}
		rr = &runRules{enabled: enabled, all: b.Rules(), bundle: func() (*engine.Bundle, error) { return b, nil }}
	}
	rr.key = key
	if key != "" {
		if entry, err := json.Marshal(rulesEntry{Key: key, All: rr.all, Enabled: rr.enabled, Builtin: builtin}); err == nil {
			c.Put(key, entry)
		}
	}
	return rr, nil
}

// parsedOptions parses the option paths of decoded rules, as the engine
// does when it reads METADATA.
func parsedOptions(rs []*rule.Meta) bool {
	for _, r := range rs {
		for i := range r.Options {
			if r.Options[i].Parse() != nil {
				return false
			}
		}
	}
	return true
}

// rulesKey covers what LoadRules reads: nixsec's version (the built-in
// bundle and its builtins are the binary's), every file of the policy
// directories and the data files, the config file's text and the rule
// selection flags. "" when one cannot be read: LoadRules then says why.
func rulesKey(cfg Config, version string) string {
	h := sha256.New()
	field := func(s string) { fmt.Fprintf(h, "%d:%s", len(s), s) }
	field("rules-2")
	field(version)
	sel, err := json.Marshal(cfg.Select)
	if err != nil {
		return ""
	}
	field(string(sel))
	if cfg.File != nil {
		field("config")
		field(cfg.File.text)
		field(cfg.File.file)
	}
	dirs := cfg.Select.PolicyDirs
	if cfg.File != nil {
		dirs = append(append([]string{}, dirs...), cfg.File.Policies...)
	}
	for _, d := range dirs {
		root, err := os.OpenRoot(d)
		if err != nil {
			return ""
		}
		field("dir:" + d)
		err = fs.WalkDir(root.FS(), ".", func(p string, de fs.DirEntry, err error) error {
			if err != nil || de.IsDir() {
				return err
			}
			b, err := fs.ReadFile(root.FS(), p)
			if err != nil {
				return err
			}
			field(p)
			field(string(b))
			return nil
		})
		_ = root.Close()
		if err != nil {
			return ""
		}
	}
	for _, f := range DataFiles(cfg) {
		b, err := os.ReadFile(f)
		if err != nil {
			return ""
		}
		field("data:" + f)
		field(string(b))
	}
	return evalbridge.Digest("rules", hex.EncodeToString(h.Sum(nil)))
}
