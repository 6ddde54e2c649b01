package lint

import (
	"encoding/json"
	"sort"
	"strings"
	"sync"

	"github.com/nixsec/nixsec/evalbridge"
)

// markers remembers which files of a store path hold no nixsec:ignore,
// so that a re-check does not read them again only to look
// (suppressionsOf; a warm re-check of a large fleet read a file per host
// for this). A store path's files never change (its name is the hash of
// its content), so what was learnt of one stays true; a checkout's files,
// as --from-json may name, are never remembered.
type markers struct {
	c    *evalbridge.Cache
	key  string
	none map[string]bool // from the cache: no marker in these files

	mu      sync.Mutex
	lacking []string // this run's reads that found no marker
}

// storeDir is where nix keeps store paths.
const storeDir = "/nix/store/"

// newMarkers returns the markers of the store path source, nil when
// source is not one or there is no cache.
func newMarkers(c *evalbridge.Cache, source string) *markers {
	if c == nil || !strings.HasPrefix(source, storeDir) || strings.Contains(source, "/../") {
		return nil
	}
	m := &markers{c: c, key: evalbridge.Digest("markers", "1", source), none: map[string]bool{}}
	var e markersEntry
	if b, ok := c.Get(m.key); ok && json.Unmarshal(b, &e) == nil && e.Key == m.key {
		for _, f := range e.None {
			m.none[f] = true
		}
	}
	return m
}

type markersEntry struct {
	Key  string   `json:"key"`
	None []string `json:"none"` // the files read that hold no marker
}

// lacks reports whether name is known to hold no marker.
func (m *markers) lacks(name string) bool { return m != nil && m.none[name] }

// learn records what a read of name found.
func (m *markers) learn(name string, marked bool) {
	if m == nil || marked {
		return
	}
	m.mu.Lock()
	m.lacking = append(m.lacking, name)
	m.mu.Unlock()
}

// store writes what is known, when this run learnt of a file without a
// marker: a re-check that only reads the files with one writes nothing.
func (m *markers) store() {
	if m == nil || len(m.lacking) == 0 {
		return
	}
	e := markersEntry{Key: m.key, None: m.lacking}
	for f := range m.none {
		e.None = append(e.None, f)
	}
	sort.Strings(e.None)
	if b, err := json.Marshal(e); err == nil {
		m.c.Put(m.key, b)
	}
}
