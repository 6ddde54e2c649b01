package evalbridge

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/nixsec/nixsec/flakeref"
	"github.com/sourcegraph/conc/pool"
)

// Fingerprint bounds: past them a checkout is fingerprinted by nix itself
// (`nix flake metadata`), which is then the cheaper of the two.
const (
	maxFingerprintFiles = 20000
	maxFingerprintBytes = 64 << 20
)

// resolveEntry is a resolution of a local git flake, stored under the
// fingerprint of what nix would read for it.
type resolveEntry struct {
	Key        string           `json:"key"`
	NixVersion string           `json:"nixVersion"`
	URL        string           `json:"url"`
	StorePath  string           `json:"storePath"`
	Dir        string           `json:"dir"`
	LocalRoot  string           `json:"localRoot"`
	NarHash    string           `json:"narHash"`
	Modified   int64            `json:"lastModified"`
	Inputs     map[string]Input `json:"inputs"`
}

// ResolveCached is CheckVersion followed by Resolve, without either when
// nothing nix would read has changed since a run stored their results
// (and without the version probe when this nix's answer is stored:
// checkCachedAndResolve):
// for a flake in a local git checkout it first fingerprints, without nix,
// what nix reads to resolve it (fingerprint) and looks the result up
// under that key. cached reports a hit; onNix is called before nix runs
// (not on a hit). Only flakes whose every locked
// input is pinned by the lock file are stored: a path input's content is
// nothing the fingerprint sees.
func (r *Runner) ResolveCached(ctx context.Context, ref string, c *Cache, onNix func()) (f *Flake, nixVersion string, cached bool, err error) {
	ref = NormalizeRef(ref)
	key := ""
	if c != nil {
		key = r.fingerprintWith(ctx, ref, c)
	}
	if key != "" {
		var e resolveEntry
		if c.read(key, &e) && e.Key == key && storePathExists(e.StorePath) {
			f := &Flake{Ref: ref, URL: e.URL, StorePath: e.StorePath, Dir: e.Dir, LocalRoot: e.LocalRoot,
				NarHash: e.NarHash, LastModified: e.Modified, Inputs: e.Inputs}
			r.source = filepath.Join(f.StorePath, f.Dir)
			return f, e.NixVersion, true, nil
		}
	}
	onNix()
	if f, nixVersion, err = r.checkCachedAndResolve(ctx, ref, c); err != nil {
		return nil, "", false, err
	}
	// Stored only when nix read the flake as the git checkout the key
	// describes, and the checkout did not change while it did.
	if key != "" && f.pinned && f.NarHash != "" && nixReadAsGit(f, ref) && r.fingerprintWith(ctx, ref, c) == key {
		c.write(key, resolveEntry{Key: key, NixVersion: nixVersion, URL: f.URL, StorePath: f.StorePath, Dir: f.Dir,
			LocalRoot: f.LocalRoot, NarHash: f.NarHash, Modified: f.LastModified, Inputs: f.Inputs})
	}
	return f, nixVersion, false, nil
}

// versionEntry is what `nix --version` said of the nix whose identity
// (Runner.identity) gave its key.
type versionEntry struct {
	Key     string `json:"key"`
	Version string `json:"version"`
}

// checkCachedAndResolve is CheckAndResolve, with nix's version from the
// cache when this very nix (its executable's path, inode, size and times,
// its configuration) answered it before: `nix --version` is a process
// start and about 20 ms of CPU, which a check after an edit (the flake
// resolves again) spent on every run beside the evaluation it waits for
// (issue 17). The cached answer is checked against MinNixVersion as a
// fresh one is; a nix replaced in place has another identity.
func (r *Runner) checkCachedAndResolve(ctx context.Context, ref string, c *Cache) (*Flake, string, error) {
	key := ""
	if c != nil {
		key = versionKey(r.identity())
	}
	var e versionEntry
	if key != "" && c.read(key, &e) && e.Key == key {
		version, err := r.checkVersionOutput(e.Version)
		if err != nil {
			return nil, "", err
		}
		f, err := r.Resolve(ctx, ref)
		return f, version, err
	}
	f, version, err := r.CheckAndResolve(ctx, ref, false)
	if err == nil && key != "" {
		c.write(key, versionEntry{Key: key, Version: version})
	}
	return f, version, err
}

// versionKey is the cache key of the version of the nix of identity id;
// "" when id is.
func versionKey(id string) string {
	if id == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(cacheFormat + "\x00nix-version\x00" + id))
	return "nix-version-" + hex.EncodeToString(sum[:])[:40]
}

// nixReadAsGit is true when nix resolved ref as the git work tree
// workTreeOf finds for it, at the same directory inside it.
func nixReadAsGit(f *Flake, ref string) bool {
	top := workTreeOf(ref)
	u, err := url.Parse(f.URL)
	if top == "" || err != nil || u.Scheme != "git+file" {
		return false
	}
	nixTop, err := filepath.EvalSymlinks(u.Path)
	if err != nil || nixTop != top {
		return false
	}
	real, err := filepath.EvalSymlinks(ref)
	if err != nil {
		return false
	}
	rel, err := filepath.Rel(top, real)
	if err != nil {
		return false
	}
	if rel == "." {
		rel = ""
	}
	return filepath.ToSlash(rel) == f.Dir
}

func storePathExists(p string) bool {
	fi, err := os.Lstat(p)
	return p != "" && err == nil && fi.IsDir()
}

// fingerprint is the cache key of resolving ref, a local directory in a
// git checkout, or "" when nixsec cannot tell what nix would read (not a
// local path, not in a git work tree, a commit-less repository, more
// than the bounds). Nix reads a git flake as the files git tracks
// (the index, so a new `git add` counts), with their content in the work
// tree when it differs from HEAD, and the lock file; untracked files are
// invisible to it. The key covers: HEAD, every index entry (mode, object,
// path), the work tree's content, mode and link target of each tracked
// file, the flake's lock file, the reference, and the nix that resolves
// it: its executable's identity, its configuration files, the NIX_*
// environment and the pass-through flags.
func (r *Runner) fingerprint(ctx context.Context, ref string) string {
	return r.fingerprintWith(ctx, ref, nil)
}

// fingerprintWith is fingerprint with the work tree's stat cache in c
// (workstat.go), when c is not nil.
func (r *Runner) fingerprintWith(ctx context.Context, ref string, c *Cache) string {
	if !flakeref.IsPath(ref) || strings.ContainsAny(ref, "?#") || !filepath.IsAbs(ref) {
		return ""
	}
	top := workTreeOf(ref)
	if top == "" {
		return ""
	}
	// The two git calls side by side: each is a process start.
	var out []byte
	var headErr error
	headDone := make(chan struct{})
	go func() {
		defer close(headDone)
		out, headErr = git(ctx, top, "rev-parse", "HEAD")
	}()
	index, err := git(ctx, top, "ls-files", "-z", "--cached", "--stage")
	<-headDone
	if err != nil || headErr != nil {
		return ""
	}
	head := strings.TrimSpace(string(out))
	h := sha256.New()
	field := func(s string) { fmt.Fprintf(h, "%d:%s", len(s), s) }
	field(cacheFormat)
	field("resolve")
	field(ref)
	field(top)
	field(head)
	nix := r.identity()
	if nix == "" {
		return ""
	}
	field(nix)
	field(string(index))
	var names []string
	files := 0
	for entry := range bytes.SplitSeq(index, []byte{0}) {
		if len(entry) == 0 {
			continue
		}
		meta, name, ok := bytes.Cut(entry, []byte{'\t'})
		if !ok {
			return ""
		}
		if files++; files > maxFingerprintFiles {
			return ""
		}
		if bytes.HasPrefix(meta, []byte("160000 ")) {
			continue // a submodule: nix 2.8 reads none without ?submodules=1, the index entry names its commit
		}
		names = append(names, string(name))
	}
	sums, stats, hashed, ok := workFiles(top, names, loadWorkStats(c, top))
	if !ok {
		return ""
	}
	for i, name := range names {
		field(name)
		field(sums[i])
	}
	// The lock file, tracked or not: nix reads it beside flake.nix, and
	// follows a link, even out of the checkout: then nix decides.
	lock, n, _, ok := workFile(filepath.Join(ref, "flake.lock"))
	if !ok || n > maxFingerprintBytes || strings.HasPrefix(lock, "link:") {
		return ""
	}
	field(lock)
	if hashed > 0 {
		storeWorkStats(c, top, stats)
	}
	return "resolve-" + hex.EncodeToString(h.Sum(nil))[:40]
}

// workFiles identifies the tracked files names of the work tree top
// (workFile), a few at a time: a re-check of a large fleet waits for
// these reads. A file whose lstat is as prev recorded it keeps its id
// unread (workstat.go); stats is what the next run may take, hashed how
// many files were read. ok is false when one cannot be read or,
// together, they pass maxFingerprintBytes.
func workFiles(top string, names []string, prev map[string]workStat) (sums []string, stats map[string]workStat, hashed int, ok bool) {
	sums = make([]string, len(names))
	seen := make([]workStat, len(names))
	if !localFS(top) {
		prev = nil // another machine's writes need not move what lstat says here
	}
	var total, read atomic.Int64
	var failed atomic.Bool
	p := pool.New().WithMaxGoroutines(fingerprintReaders)
	for i, name := range names {
		p.Go(func() {
			if failed.Load() {
				return
			}
			path := filepath.Join(top, filepath.FromSlash(name))
			if w, ok := prev[name]; ok {
				if fi, err := os.Lstat(path); err == nil && fi.Mode().IsRegular() {
					if now, ok := statOf(fi); ok && w.same(now) {
						if total.Add(int64(w.Size)) > maxFingerprintBytes { //nolint:gosec // a file's size, far below 2^63
							failed.Store(true)
						}
						sums[i], seen[i] = w.ID, w
						return
					}
				}
			}
			at := time.Now().UnixNano() // before workFile's lstat
			sum, n, fi, ok := workFile(path)
			if !ok || total.Add(n) > maxFingerprintBytes {
				failed.Store(true)
				return
			}
			sums[i] = sum
			if fi != nil && fi.Mode().IsRegular() {
				read.Add(1)
				if st, ok := statOf(fi); ok {
					st.Read, st.ID = at, sum
					seen[i] = st
				}
			}
		})
	}
	p.Wait()
	if failed.Load() {
		return nil, nil, 0, false
	}
	stats = make(map[string]workStat, len(names))
	for i, name := range names {
		if seen[i].ID != "" {
			stats[name] = seen[i]
		}
	}
	return sums, stats, int(read.Load()), true
}

// fingerprintReaders is how many tracked files are read at once.
const fingerprintReaders = 4

// workFile identifies a tracked file as nix would copy it: type,
// executable bit and content (a regular file), target (a symlink), or
// absence (deleted in the work tree). n is the bytes read, fi the file's
// lstat before they were (nil when absent).
func workFile(p string) (id string, n int64, fi os.FileInfo, ok bool) {
	fi, err := os.Lstat(p)
	switch {
	case err != nil && os.IsNotExist(err):
		return "absent", 0, nil, true
	case err != nil:
		return "", 0, nil, false
	case fi.Mode()&fs.ModeSymlink != 0:
		t, err := os.Readlink(p)
		return "link:" + t, 0, fi, err == nil
	case fi.IsDir():
		return "dir", 0, fi, true
	case !fi.Mode().IsRegular():
		return "", 0, fi, false
	}
	// Non-blocking: a file swapped for a FIFO after the lstat must not
	// hang the open (reads of a regular file ignore the flag).
	f, err := os.OpenFile(p, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return "", 0, fi, false
	}
	defer func() { _ = f.Close() }()
	// The file opened is the one lstat saw, and it did not change while
	// read: else the id and the stat recorded with it (workstat.go) could
	// be of two files, or two contents. Not so: nix decides.
	unchanged := func() bool {
		now, err := f.Stat()
		return err == nil && now.Mode().IsRegular() && sameStat(fi, now)
	}
	if !unchanged() {
		return "", 0, fi, false
	}
	h := sha256.New()
	n, err = io.Copy(h, io.LimitReader(f, maxFingerprintBytes+1))
	if err != nil || !unchanged() {
		return "", 0, fi, false
	}
	return fmt.Sprintf("file:%t:%x", fi.Mode()&0o111 != 0, h.Sum(nil)), n, fi, true
}

// identity names the nix that resolves: its executable (resolved path,
// device, inode, size, modification time: a package upgrade replaces the
// file), the configuration files it reads, the NIX_* environment and the
// pass-through flags. "" when the executable cannot be found.
func (r *Runner) identity() string {
	bin, err := exec.LookPath(r.bin())
	if err != nil {
		return ""
	}
	real, err := filepath.EvalSymlinks(bin)
	if err != nil {
		return ""
	}
	fi, err := os.Stat(real)
	if err != nil {
		return ""
	}
	id := map[string]any{"bin": real, "size": fi.Size(), "mtime": fi.ModTime().UnixNano(), "extra": r.Extra}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		id["dev"], id["ino"], id["ctime"] = st.Dev, st.Ino, st.Ctim.Nano()
	}
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "NIX_") {
			env = append(env, kv)
		}
	}
	sort.Strings(env)
	id["env"] = env
	confs := map[string]string{}
	for _, p := range nixConfFiles() {
		if !confIdentity(p, confs, 0) {
			return ""
		}
	}
	id["conf"] = confs
	b, _ := json.Marshal(id)
	return string(b)
}

// confIdentity adds a configuration file and the files it includes
// (`include` and `!include` lines, relative to its directory) to confs;
// false when one cannot be read or the includes nest too deep.
func confIdentity(p string, confs map[string]string, depth int) bool {
	if depth > 8 {
		return false
	}
	if _, seen := confs[p]; seen {
		return true
	}
	sum, _, _, ok := workFile(p)
	if !ok {
		return false
	}
	confs[p] = sum
	if sum == "absent" {
		return true
	}
	text, err := readBounded(p, 1<<20)
	if err != nil {
		return false
	}
	for line := range strings.SplitSeq(string(text), "\n") {
		fields := strings.Fields(line)
		if len(fields) != 2 || (fields[0] != "include" && fields[0] != "!include") {
			continue
		}
		inc := fields[1]
		if !filepath.IsAbs(inc) {
			inc = filepath.Join(filepath.Dir(p), inc)
		}
		if !confIdentity(inc, confs, depth+1) {
			return false
		}
	}
	return true
}

// nixConfFiles are the configuration files nix reads (nix.conf(5)).
func nixConfFiles() []string {
	dir := os.Getenv("NIX_CONF_DIR")
	if dir == "" {
		dir = "/etc/nix"
	}
	out := []string{filepath.Join(dir, "nix.conf")}
	if user := os.Getenv("NIX_USER_CONF_FILES"); user != "" {
		return append(out, filepath.SplitList(user)...)
	}
	config := os.Getenv("XDG_CONFIG_HOME")
	if config == "" {
		if home, err := os.UserHomeDir(); err == nil {
			config = filepath.Join(home, ".config")
		}
	}
	if config != "" {
		out = append(out, filepath.Join(config, "nix", "nix.conf"))
	}
	for _, d := range filepath.SplitList(os.Getenv("XDG_CONFIG_DIRS")) {
		out = append(out, filepath.Join(d, "nix", "nix.conf"))
	}
	return out
}
