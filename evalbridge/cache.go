package evalbridge

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
)

// Cache stores evaluated host documents on disk so that a check of an
// unchanged flake starts no host evaluation (a pre-commit hook on a fleet).
//
// A host's entry is keyed by everything its document depends on: the
// flake's locked narHash (for a dirty git tree, the hash of the dirty
// content: any edit of a tracked file changes it), the flake's directory
// inside its source, its locked direct inputs, the host, the requested
// option paths and their aliases, the value depth bound, the extraction
// expression, the document format, nixsec's version and Nix's version.
// The host list is cached by the same flake key. Only hosts that
// evaluated without any error are stored.
//
// Entries are written atomically (a temporary file renamed into place),
// so concurrent runs never read a partial entry; the directory is kept
// under MaxBytes by removing the least recently used entries.
type Cache struct {
	Dir string
	// MaxBytes bounds the entries' total size; 0 means DefaultCacheMaxBytes.
	MaxBytes int64
	// Version is nixsec's version, NixVersion Nix's.
	Version, NixVersion string
}

// DefaultCacheMaxBytes bounds the cache when Cache.MaxBytes is 0.
const DefaultCacheMaxBytes = 256 << 20

// cacheFormat changes when the entries' layout does.
const cacheFormat = "nixsec-cache-1"

// ErrNoCacheDir is wrapped by DefaultCacheDir's error when neither
// XDG_CACHE_HOME nor HOME says where the cache goes.
var ErrNoCacheDir = errors.New("no cache directory")

// DefaultCacheDir is $XDG_CACHE_HOME/nixsec, else ~/.cache/nixsec.
func DefaultCacheDir() (string, error) {
	if d := os.Getenv("XDG_CACHE_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "nixsec"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("%w: set XDG_CACHE_HOME or HOME: %w", ErrNoCacheDir, err)
	}
	return filepath.Join(home, ".cache", "nixsec"), nil
}

func (c *Cache) entries() string { return filepath.Join(c.Dir, "eval") }

// flakeKey is the part of the key that identifies the flake's content, or
// "" when it has none (an unlocked reference: nothing is cached).
func (c *Cache) flakeKey(f *Flake) string {
	if f == nil || f.NarHash == "" {
		return ""
	}
	inputs, _ := json.Marshal(f.Inputs) // map keys are sorted
	return strings.Join([]string{cacheFormat, c.Version, c.NixVersion, f.NarHash, f.Dir, string(inputs)}, "\x00")
}

func digest(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		fmt.Fprintf(h, "%d:%s", len(p), p)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func (c *Cache) hostsKey(f *Flake) string {
	fk := c.flakeKey(f)
	if fk == "" {
		return ""
	}
	return "hosts-" + digest(fk, "hosts")[:40]
}

// hostKeys returns the key of each host's entry: everything but the host
// is digested once (a fleet's hosts share it).
func (c *Cache) hostKeys(f *Flake, reqs []Request, opts Options) func(host string) string {
	fk := c.flakeKey(f)
	if fk == "" {
		return func(string) string { return "" }
	}
	rq, _ := json.Marshal(reqs)
	shared := digest(fk, "host", string(rq), fmt.Sprint(opts.MaxDepth), extractExpr, fmt.Sprint(DocumentFormat))
	return func(host string) string { return "host-" + digest(shared, host)[:40] }
}

type hostEntry struct {
	Key  string   `json:"key"`
	Host HostEval `json:"host"`
}

type hostsEntry struct {
	Key   string   `json:"key"`
	Hosts []string `json:"hosts"`
}

func (c *Cache) read(key string, v any) bool {
	b, ok := c.readFile(key + ".json")
	return ok && json.Unmarshal(b, v) == nil
}

// readFile reads an entry's file and marks it recently used.
func (c *Cache) readFile(name string) ([]byte, bool) { return c.openFile(name, false) }

// openFile is readFile, the bytes mapped instead of read when mapped is
// set (Map).
func (c *Cache) openFile(name string, mapped bool) ([]byte, bool) {
	if c == nil || name == "" {
		return nil, false
	}
	p := filepath.Join(c.entries(), name)
	f, err := os.Open(p)
	if err != nil {
		return nil, false
	}
	defer func() { _ = f.Close() }() // read only: nothing to lose
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		return nil, false
	}
	// Entries are replaced by rename, never written in place: the file
	// opened holds its size's bytes.
	var b []byte
	if mapped && fi.Size() > 0 && mappings.Add(1) <= maxMappings {
		if b, err = syscall.Mmap(int(f.Fd()), 0, int(fi.Size()), syscall.PROT_READ, syscall.MAP_PRIVATE); err != nil {
			return nil, false
		}
	} else {
		b = make([]byte, fi.Size())
		if _, err := io.ReadFull(f, b); err != nil {
			return nil, false
		}
	}
	// Recently used: evicted last. Eviction orders entries by the hour,
	// so an entry touched within the last one is not touched again: a
	// warm re-check of a fleet reads a thousand entries, and writing each
	// one's times cost more than reading it.
	if now := time.Now(); now.Sub(fi.ModTime()) > touchAfter {
		_ = os.Chtimes(p, now, now)
	}
	return b, true
}

// touchAfter is how old an entry's time is before a read renews it.
const touchAfter = time.Hour

// write stores an entry atomically; a cache that cannot be written is
// silently not used (the run does not depend on it).
func (c *Cache) write(key string, v any) {
	if c == nil || key == "" {
		return
	}
	b, err := json.Marshal(v)
	if err != nil {
		return
	}
	c.writeFile(key+".json", b)
}

// writeFile stores an entry's file atomically.
func (c *Cache) writeFile(name string, b []byte) {
	dir := c.entries()
	if os.MkdirAll(dir, 0o700) != nil {
		return
	}
	tmp, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return
	}
	_, werr := tmp.Write(b)
	cerr := tmp.Close()
	if werr != nil || cerr != nil || os.Rename(tmp.Name(), filepath.Join(dir, name)) != nil {
		_ = os.Remove(tmp.Name())
	}
}

func (c *Cache) getHost(key, host string) (HostEval, bool) {
	var e hostEntry
	if !c.read(key, &e) || e.Key != key || e.Host.Host != host {
		return HostEval{}, false
	}
	he := e.Host
	if he.Config == nil {
		he.Config = map[string]any{}
	}
	if he.Defined == nil {
		he.Defined = map[string]bool{}
	}
	if he.Errors == nil {
		he.Errors = map[string]string{}
	}
	if he.Files == nil {
		he.Files = map[string][]string{}
	}
	return he, true
}

func (c *Cache) putHost(key string, he HostEval) { c.write(key, hostEntry{Key: key, Host: he}) }

func (c *Cache) getHosts(key string) ([]string, bool) {
	var e hostsEntry
	if !c.read(key, &e) || e.Key != key || len(e.Hosts) == 0 {
		return nil, false
	}
	return e.Hosts, true
}

func (c *Cache) putHosts(key string, hosts []string) {
	c.write(key, hostsEntry{Key: key, Hosts: hosts})
}

type cacheFile struct {
	path string
	size int64
	mod  time.Time
}

func (c *Cache) files() ([]cacheFile, error) {
	var out []cacheFile
	err := filepath.WalkDir(c.entries(), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if d.IsDir() {
			return nil
		}
		fi, statErr := d.Info()
		if statErr != nil {
			return nil //nolint:nilerr // removed meanwhile: nothing to count or evict
		}
		out = append(out, cacheFile{p, fi.Size(), fi.ModTime()})
		return nil
	})
	return out, err
}

// evict removes the least recently used entries while the cache holds
// more than MaxBytes, and temporary files a killed run left behind.
func (c *Cache) evict() {
	if c == nil {
		return
	}
	limit := c.MaxBytes
	if limit <= 0 {
		limit = DefaultCacheMaxBytes
	}
	files, err := c.files()
	if err != nil {
		return
	}
	var total int64
	var kept []cacheFile
	for _, f := range files {
		if strings.HasPrefix(filepath.Base(f.path), ".tmp-") {
			if time.Since(f.mod) > time.Hour {
				_ = os.Remove(f.path)
			}
			continue
		}
		total += f.size
		kept = append(kept, f)
	}
	if total <= limit {
		return
	}
	sort.Slice(kept, func(i, j int) bool { return kept[i].mod.Before(kept[j].mod) })
	for _, f := range kept {
		if total <= limit {
			break
		}
		if os.Remove(f.path) == nil {
			total -= f.size
		}
	}
}

// Clean removes every entry; it returns how many files and bytes.
func (c *Cache) Clean() (int, int64, error) {
	files, err := c.files()
	if err != nil {
		return 0, 0, err
	}
	var n int
	var size int64
	for _, f := range files {
		if err := os.Remove(f.path); err == nil {
			n++
			size += f.size
		}
	}
	return n, size, nil
}

// Usage returns the number of entries and their total size.
func (c *Cache) Usage() (int, int64, error) {
	files, err := c.files()
	var size int64
	for _, f := range files {
		size += f.size
	}
	return len(files), size, err
}

// Get reads the bytes a caller stored under key (a digest it made, e.g.
// from a HostEval's Key, with Digest); false when there are none.
func (c *Cache) Get(key string) ([]byte, bool) {
	if key == "" {
		return nil, false
	}
	return c.readFile(key + ".bin")
}

// Map is Get without the copy: the entry's file mapped read-only. A warm
// re-check of a fleet reads a thousand entries, and reading them into
// fresh memory (the kernel's copy and both zeroings of the new pages)
// was most of its time (docs/performance.md). The bytes stay valid for
// the life of the process: they are never unmapped, and an entry's file
// is replaced by rename and removed by unlink, never truncated, so the
// pages mapped keep their bytes. Writing to them faults. Should a file
// be truncated all the same (by hand), reading past its end kills the
// process with SIGBUS, exit 2: a failed run, never a passed one.
func (c *Cache) Map(key string) ([]byte, bool) {
	if key == "" {
		return nil, false
	}
	return c.openFile(key+".bin", true)
}

// mappings counts Map's mappings, which a process never releases: past
// maxMappings (well under the kernel's default of 65,530 a process) an
// entry is read instead.
var mappings atomic.Int64

const maxMappings = 16384

// Has reports whether bytes are stored under key, without reading them.
func (c *Cache) Has(key string) bool {
	if c == nil || key == "" {
		return false
	}
	fi, err := os.Stat(filepath.Join(c.entries(), key+".bin"))
	return err == nil && fi.Mode().IsRegular()
}

// Put stores b under key, atomically; a cache that cannot be written is
// not used.
func (c *Cache) Put(key string, b []byte) {
	if c == nil || key == "" {
		return
	}
	c.writeFile(key+".bin", b)
}

// Digest makes an entry name from parts: a prefix and the hex SHA-256 of
// the parts, each length-prefixed so that no two lists of parts collide.
func Digest(prefix string, parts ...string) string { return prefix + "-" + digest(parts...)[:40] }

// hostKey is the key of one host's entry.
func (c *Cache) hostKey(f *Flake, host string, reqs []Request, opts Options) string {
	return c.hostKeys(f, reqs, opts)(host)
}
