package evalbridge

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/netip"
	"net/url"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/nixsec/nixsec/flakeref"
)

// An untrusted flake (a pull request's) is loaded by nixsec, not by nix's
// flake machinery, because that machinery reads the runner's files: nix
// locks an input missing from flake.lock on the fly even with
// --no-write-lock-file (a `path:/etc` input is copied into the world-readable
// store), and builtins.fetchTree / builtins.getFlake read local paths even
// under restrict-eval. ResolveUntrusted instead
//
//   - copies the flake's own source into the store itself: the files git
//     tracks (their working-tree content, as nix does), symlinks as links;
//   - reads flake.lock and accepts only remote inputs pinned by NAR hash
//     (github, gitlab, sourcehut, tarball and git over the network), and a
//     lock that matches the inputs flake.nix declares;
//   - evaluates with the flakes feature off, restrict-eval on, no search
//     path but the source, and allowed-uris exactly the locked inputs' URLs,
//     through untrusted.nix, which fetches each input from the lock.
//
// docs/security.md lists what this guarantees and the tests that hold it.

//go:embed untrusted.nix
var loaderExpr string

// MaxSourceBytes bounds the flake source copied into the store.
const MaxSourceBytes = 1 << 30

// sandbox is how an untrusted flake is evaluated.
type sandbox struct {
	expr string // the loader applied to its arguments: the root flake
}

// UntrustedError is a flake nixsec refuses to evaluate in untrusted mode.
type UntrustedError struct{ Err error }

func (e *UntrustedError) Error() string { return e.Err.Error() }

func (e *UntrustedError) Unwrap() error { return e.Err }

func refuse(format string, args ...any) error {
	return &UntrustedError{Err: fmt.Errorf(format, args...)}
}

// ResolveUntrusted loads the flake in the local directory ref for
// evaluation under the sandbox; every later call of r evaluates in it.
func (r *Runner) ResolveUntrusted(ctx context.Context, ref string) (*Flake, error) {
	for _, a := range r.Extra {
		if a == "--override-input" {
			return nil, refuse("input overrides cannot be used in untrusted mode: the lock file decides every input")
		}
	}
	dir, err := localDir(ref)
	if err != nil {
		return nil, err
	}
	src, err := snapshot(ctx, dir)
	if err != nil {
		return nil, err
	}
	tmp := filepath.Dir(src.copy)
	defer func() { _ = os.RemoveAll(tmp) }()
	// Until the sandbox is complete, calls run with no URI and no path
	// allowed: only nixsec's own expressions run before it.
	r.sandbox = sandboxFlags(nil, nil)
	store, err := r.addToStore(ctx, "store", "add-path", "--name", "source", src.copy)
	if err != nil {
		return nil, err
	}
	narHash, err := r.narHash(ctx, store)
	if err != nil {
		return nil, err
	}
	lock, err := readLock(src.copy, path.Join(src.dir, "flake.lock"))
	if err != nil {
		return nil, err
	}
	g, err := lock.graph(ctx, src.dir)
	if err != nil {
		return nil, err
	}
	// The lock must pin what flake.nix declares before anything is
	// fetched from it.
	r.sandbox = sandboxFlags(map[string]string{"nixsec-source": store}, nil)
	if err := r.checkDeclared(ctx, dir, src.dir, lock, g); err != nil {
		return nil, err
	}
	// Every input is fetched now, by nixsec's own expression, so that the
	// flake's code later runs with no URI allowed at all: with a URI
	// allowed it could fetch any URL that starts with it ("…/../x").
	paths, err := r.prefetch(ctx, tmp, g)
	if err != nil {
		return nil, err
	}
	rootInfo := map[string]any{"narHash": narHash, "lastModified": src.lastModified,
		"lastModifiedDate": time.Unix(src.lastModified, 0).UTC().Format("20060102150405")}
	if src.rev != "" {
		rootInfo["rev"], rootInfo["shortRev"] = src.rev, src.rev[:7]
	}
	paths[lock.Root] = store
	nodes := map[string]any{}
	for key, n := range g.nodes {
		info := n.Info
		if key == lock.Root {
			info = rootInfo
		}
		nodes[key] = map[string]any{"source": paths[key], "info": info, "dir": n.Dir, "flake": n.Flake, "inputs": n.Inputs}
	}
	args, err := r.storeJSON(ctx, tmp, "nixsec-flake.json", map[string]any{"nodes": nodes, "root": lock.Root})
	if err != nil {
		return nil, err
	}
	f := &Flake{
		Ref:          dir,
		URL:          "path:" + dir,
		StorePath:    store,
		Dir:          src.dir,
		LocalRoot:    dir,
		NarHash:      narHash,
		LastModified: src.lastModified,
		Inputs:       g.direct,
		sandbox:      &sandbox{expr: "(" + loaderExpr + ") (builtins.fromJSON (builtins.readFile <nixsec-args>))"},
	}
	r.source = path.Join(store, src.dir)
	allowed := map[string]string{"nixsec-source": store, "nixsec-args": args}
	for key, p := range paths {
		if key != lock.Root {
			allowed["nixsec-input-"+strconv.Itoa(len(allowed))] = p
		}
	}
	r.sandbox = sandboxFlags(allowed, nil)
	return f, nil
}

// addToStore runs a nix command that prints one store path.
func (r *Runner) addToStore(ctx context.Context, args ...string) (string, error) {
	// nix store add-* take no -I: without the allowed paths.
	saved := r.sandbox
	r.sandbox = sandboxFlags(nil, nil)
	res, err := r.run(ctx, args...)
	r.sandbox = saved
	if err != nil {
		return "", err
	}
	p := strings.TrimSpace(string(res.stdout))
	if !storePathRe.MatchString(p) {
		return "", fmt.Errorf("nix %s printed %q, not a store path", args[0], p)
	}
	return p, nil
}

var storePathRe = regexp.MustCompile(`^/nix/store/[0-9a-z]{32}-[A-Za-z0-9+._?=-]+$`)

func (r *Runner) narHash(ctx context.Context, store string) (string, error) {
	res, err := r.run(ctx, "path-info", "--json", store)
	if err != nil {
		return "", err
	}
	var infos []struct {
		NarHash string `json:"narHash"`
	}
	if err := json.Unmarshal(res.stdout, &infos); err != nil || len(infos) != 1 {
		return "", fmt.Errorf("nix path-info %s: unexpected output", store)
	}
	return infos[0].NarHash, nil
}

// storeJSON puts v into the store as a file, for an expression to read
// through -I: data too large for a command line (a lock of hundreds of
// inputs) and never spliced into Nix syntax.
func (r *Runner) storeJSON(ctx context.Context, tmp, name string, v any) (string, error) {
	js, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	file := filepath.Join(tmp, name)
	if err := os.WriteFile(file, js, 0o644); err != nil {
		return "", err
	}
	return r.addToStore(ctx, "store", "add-file", file)
}

// prefetchExpr fetches each locked input (nixsec's own expression: the
// flake's code is not evaluated here) and gives its store path.
const prefetchExpr = `builtins.mapAttrs (key: f:
  if f.type == "tarball" then builtins.fetchTarball { inherit (f) url; sha256 = f.narHash; }
  else
    let g = builtins.fetchGit ({ inherit (f) url rev submodules; allRefs = true; } // (if f ? ref then { inherit (f) ref; } else { }));
    in if g.narHash == f.narHash then g.outPath
    else throw "nixsec: the git input ${key} at ${f.rev} is not the tree flake.lock pins (its narHash differs)"
) (builtins.fromJSON (builtins.readFile <nixsec-args>))`

// prefetch fetches every input the lock reaches, each only from its
// locked URL and checked against its NAR hash; an input already in the
// store is not downloaded (fetchTarball looks it up by its hash).
func (r *Runner) prefetch(ctx context.Context, tmp string, g *lockGraph) (map[string]string, error) {
	fetches := map[string]any{}
	for key, n := range g.nodes {
		if n.Fetch != nil {
			fetches[key] = n.Fetch
		}
	}
	out := map[string]string{}
	if len(fetches) == 0 {
		return out, nil
	}
	args, err := r.storeJSON(ctx, tmp, "nixsec-fetch.json", fetches)
	if err != nil {
		return nil, err
	}
	r.sandbox = sandboxFlags(map[string]string{"nixsec-args": args}, g.uris)
	defer func() { r.sandbox = sandboxFlags(nil, nil) }()
	res, err := r.run(ctx, "eval", "--json", "--impure", "--expr", prefetchExpr)
	if err != nil {
		var ne *NixError
		if errors.As(err, &ne) && !ne.TimedOut && !ne.Killed {
			return nil, &FlakeError{Err: errors.New("cannot fetch the inputs flake.lock pins: " + ne.Message)}
		}
		return nil, err
	}
	if err := json.Unmarshal(res.stdout, &out); err != nil {
		return nil, fmt.Errorf("fetching the inputs: %w", err)
	}
	for key, p := range out {
		if !storePathRe.MatchString(p) || fetches[key] == nil {
			return nil, fmt.Errorf("fetching input %s gave %q, not a store path", strconv.Quote(key), p)
		}
	}
	return out, nil
}

// sandboxFlags replace baseFlags for an untrusted flake. The flakes
// feature is off, whatever nix.conf says: with it, fetchTree and getFlake
// read local paths despite restrict-eval. Evaluation is impure only so
// that expressions can name the allowed store paths through -I (the only
// paths restrict-eval lets them read); getEnv returns "". uris are the
// URLs fetches may reach: only nixsec's prefetch gets any.
func sandboxFlags(allowed map[string]string, uris []string) []string {
	flags := []string{
		"--option", "experimental-features", "nix-command",
		"--option", "restrict-eval", "true",
		"--option", "nix-path", "",
		"--option", "allowed-uris", strings.Join(uris, " "),
		"--option", "allow-import-from-derivation", "false",
		"--option", "accept-flake-config", "false",
	}
	names := make([]string, 0, len(allowed))
	for n := range allowed {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		flags = append(flags, "-I", n+"="+allowed[n])
	}
	return flags
}

// localDir is the directory an untrusted run checks: a local directory
// only, named as a path.
func localDir(ref string) (string, error) {
	if ref == "" {
		ref = "."
	}
	ref = strings.TrimPrefix(ref, "path:")
	if strings.Contains(ref, "#") || strings.Contains(ref, "?") || !flakeref.IsPath(ref) {
		return "", refuse("untrusted mode checks a flake in a local directory (the pull request's checkout), not %q", ref)
	}
	abs, err := filepath.Abs(ref)
	if err != nil {
		return "", refuse("%s: %w", ref, err)
	}
	if err := noSymlinkInCheckout(abs); err != nil {
		return "", err
	}
	abs, err = filepath.EvalSymlinks(abs)
	if err != nil {
		return "", &FlakeError{Err: fmt.Errorf("%s is not a directory: %w", ref, err)}
	}
	if fi, err := os.Stat(abs); err != nil || !fi.IsDir() {
		return "", &FlakeError{Err: fmt.Errorf("%s is not a directory", ref)}
	}
	if _, err := os.Stat(filepath.Join(abs, "flake.nix")); err != nil {
		return "", &FlakeError{Err: fmt.Errorf("%s has no flake.nix", ref)}
	}
	return abs, nil
}

// noSymlinkInCheckout refuses a flake directory reached through a symlink
// that the checkout holds (a pull request's `infra -> /elsewhere` would
// make nixsec copy and evaluate a directory outside the checkout): no
// component from the top of the git work tree down to dir, or dir itself
// outside a work tree, may be a symlink.
func noSymlinkInCheckout(dir string) error {
	var link string // the deepest symlink on the way up
	for d := dir; ; d = filepath.Dir(d) {
		fi, err := os.Lstat(d)
		if err == nil && fi.Mode()&fs.ModeSymlink != 0 {
			if link == "" {
				link = d
			}
			continue // never look for .git through a link
		}
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil || d == filepath.Dir(d) {
			// d is the top of the work tree (or /): a link below it is
			// the checkout's; outside a work tree only dir itself counts.
			if link != "" && (err == nil || link == dir) {
				return refuse("%s is reached through the symlink %s in the checkout; name the directory itself", dir, link)
			}
			return nil
		}
	}
}

// source is a copy of a flake's source, as nix would have copied it.
type source struct {
	copy         string // <tmp>/source
	dir          string // the flake's directory inside it, slash-separated
	lastModified int64
	rev          string // the commit, when the work tree is clean
}

// snapshot copies the flake's source: for a flake inside a git work tree
// the files git tracks, from the top of the work tree (what nix copies for
// a git flake: untracked and ignored files are not part of it); for
// another directory, the directory. Only regular files, directories and
// symlinks (as links, never followed) are copied, through os.Root so that
// no symlink in the checkout leads the copy out of it.
func snapshot(ctx context.Context, dir string) (*source, error) {
	tmp, err := os.MkdirTemp("", "nixsec-untrusted-")
	if err != nil {
		return nil, err
	}
	src := &source{copy: filepath.Join(tmp, "source")}
	ok := false
	defer func() {
		if !ok {
			_ = os.RemoveAll(tmp)
		}
	}()
	top, files, err := gitFiles(ctx, dir)
	if err != nil {
		return nil, err
	}
	if top == "" {
		top = dir
		if files, err = walkFiles(dir); err != nil {
			return nil, err
		}
	} else {
		src.lastModified, src.rev = gitHead(ctx, top)
	}
	rel, err := filepath.Rel(top, dir)
	if err != nil || strings.HasPrefix(rel, "..") {
		return nil, refuse("%s is not inside %s", dir, top)
	}
	if rel == "." {
		rel = ""
	}
	src.dir = filepath.ToSlash(rel)
	if err := copyFiles(top, src.copy, files); err != nil {
		return nil, err
	}
	ok = true
	return src, nil
}

// gitFiles is the top of the git work tree holding dir and the files git
// tracks there; "" when dir is not in a git work tree.
func gitFiles(ctx context.Context, dir string) (string, []string, error) {
	top := workTreeOf(dir)
	if top == "" {
		return "", nil, nil
	}
	out, err := git(ctx, top, "ls-files", "-z", "--cached", "--stage")
	if err != nil {
		// Copying the whole directory of a work tree git cannot read (not
		// installed, "dubious ownership") would copy .git and untracked
		// files, the credentials actions/checkout keeps in .git/config
		// among them: refuse instead.
		return "", nil, refuse("%s is in a git work tree (%s) that git cannot list: %v", dir, top, gitErr(err))
	}
	var files []string
	for _, rec := range strings.Split(string(out), "\x00") {
		meta, name, found := strings.Cut(rec, "\t")
		if !found {
			continue
		}
		if strings.HasPrefix(meta, "160000 ") { // a submodule: nix leaves it out
			continue
		}
		files = append(files, name)
	}
	return top, files, nil
}

// workTreeOf is the git work tree holding dir as nix finds it: the
// nearest directory, from dir up, with a .git (a directory, or a file
// naming one); "" when there is none. Git's own discovery differs: it
// also takes a directory holding HEAD, objects/ and refs/ for a
// repository, whose config may name any work tree, so a checkout could
// show git a decoy inside the flake's directory while nix reads the real
// one (docs/security.md, "The cache").
func workTreeOf(dir string) string {
	d, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		if d == filepath.Dir(d) {
			return ""
		}
		d = filepath.Dir(d)
	}
}

// gitHead is the commit time of HEAD (nix's lastModified for a git flake)
// and HEAD itself when no tracked file differs from it.
func gitHead(ctx context.Context, top string) (int64, string) {
	out, err := git(ctx, top, "log", "-1", "--format=%ct %H")
	if err != nil {
		return 0, ""
	}
	ts, rev, _ := strings.Cut(strings.TrimSpace(string(out)), " ")
	t, _ := strconv.ParseInt(ts, 10, 64)
	if st, err := git(ctx, top, "status", "--porcelain", "--untracked-files=no"); err != nil || len(st) > 0 {
		rev = ""
	}
	return t, rev
}

// git runs git on the work tree top (workTreeOf) with its repository
// named explicitly, never discovered, and the checkout's hooks and helpers
// out of the way: no fsmonitor, no pager, no external diff, and none of
// the environment variables that point git at another repository, index
// or work tree than the one nix reads.
func git(ctx context.Context, top string, args ...string) ([]byte, error) {
	full := append([]string{"--git-dir=" + filepath.Join(top, ".git"), "--work-tree=" + top, "-C", top,
		"-c", "core.fsmonitor=false", "-c", "core.pager=cat", "--no-optional-locks"}, args...)
	cmd := exec.CommandContext(ctx, "git", full...)
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if !gitLocationVars[name] {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "GIT_TERMINAL_PROMPT=0", "GIT_EXTERNAL_DIFF=")
	return cmd.Output()
}

// gitLocationVars say where a repository, its index or work tree is.
var gitLocationVars = map[string]bool{
	"GIT_DIR": true, "GIT_WORK_TREE": true, "GIT_INDEX_FILE": true, "GIT_OBJECT_DIRECTORY": true,
	"GIT_ALTERNATE_OBJECT_DIRECTORIES": true, "GIT_COMMON_DIR": true, "GIT_CEILING_DIRECTORIES": true,
	"GIT_DISCOVERY_ACROSS_FILESYSTEM": true, "GIT_NAMESPACE": true,
}

func gitErr(err error) string {
	var ee *exec.ExitError
	if errors.As(err, &ee) && len(ee.Stderr) > 0 {
		return strings.TrimSpace(string(ee.Stderr))
	}
	return err.Error()
}

func walkFiles(dir string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == dir {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		if d.Name() == ".git" { // never a work tree's metadata (gitFiles refuses those)
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		files = append(files, filepath.ToSlash(rel))
		return nil
	})
	return files, err
}

// copyFiles copies the named files of top into dst.
func copyFiles(top, dst string, files []string) error {
	root, err := os.OpenRoot(top)
	if err != nil {
		return err
	}
	defer func() { _ = root.Close() }()
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return err
	}
	var total int64
	var links []string
	for _, name := range files {
		clean := path.Clean(name)
		if clean != name || path.IsAbs(name) || clean == ".." || strings.HasPrefix(clean, "../") {
			return refuse("git lists a file with an unusable name: %s", strconv.Quote(name))
		}
		fi, err := root.Lstat(filepath.FromSlash(name))
		if errors.Is(err, fs.ErrNotExist) {
			continue // deleted in the work tree: nix leaves it out too
		}
		if err != nil {
			return refuse("cannot read %s in the checkout: %w", strconv.Quote(name), err)
		}
		out := filepath.Join(dst, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		switch {
		case fi.Mode()&fs.ModeSymlink != 0:
			target, err := root.Readlink(filepath.FromSlash(name))
			if err != nil {
				return err
			}
			links = append(links, name)
			if err := os.Symlink(target, out); err != nil {
				return err
			}
		case fi.Mode().IsRegular():
			if total += fi.Size(); total > MaxSourceBytes {
				return refuse("the flake's source is larger than %d MiB", MaxSourceBytes>>20)
			}
			if err := copyFile(root, name, out, fi.Mode()&0o111 != 0); err != nil {
				return err
			}
		}
	}
	// nix refuses to read through a link out of the source, but its
	// message names the target's canonical path, or says that it does not
	// exist: an oracle for the runner's files. Links are resolved in the
	// copy, through the links they meet, as the kernel would.
	for _, name := range links {
		if escapes(dst, name) {
			return refuse("the tracked symlink %s points outside the flake's source", strconv.Quote(name))
		}
	}
	return nil
}

// escapes reports whether resolving name inside root, following every
// symlink on the way, leaves root (or loops).
func escapes(root, name string) bool {
	parts := strings.Split(name, "/")
	var cur []string
	for hops := 0; len(parts) > 0; {
		p := parts[0]
		parts = parts[1:]
		switch p {
		case "", ".":
			continue
		case "..":
			if len(cur) == 0 {
				return true
			}
			cur = cur[:len(cur)-1]
			continue
		}
		next := append(append([]string{}, cur...), p)
		fi, err := os.Lstat(filepath.Join(append([]string{root}, next...)...))
		if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
			cur = next // a missing name stays missing inside the source
			continue
		}
		if hops++; hops > 40 {
			return true
		}
		t, err := os.Readlink(filepath.Join(append([]string{root}, next...)...))
		if err != nil || path.IsAbs(filepath.ToSlash(t)) {
			return true
		}
		parts = append(strings.Split(filepath.ToSlash(t), "/"), parts...)
	}
	return false
}

func copyFile(root *os.Root, name, out string, exec bool) error {
	in, err := root.Open(filepath.FromSlash(name))
	if err != nil {
		return err
	}
	defer func() { _ = in.Close() }()
	mode := os.FileMode(0o644)
	if exec {
		mode = 0o755
	}
	w, err := os.OpenFile(out, os.O_CREATE|os.O_EXCL|os.O_WRONLY, mode)
	if err != nil {
		return err
	}
	if _, err := io.Copy(w, io.LimitReader(in, MaxSourceBytes)); err != nil {
		_ = w.Close()
		return err
	}
	return w.Close()
}

// lockFile is flake.lock.
type lockFile struct {
	Version int                   `json:"version"`
	Root    string                `json:"root"`
	Nodes   map[string]*lockEntry `json:"nodes"`
}

type lockEntry struct {
	Inputs   map[string]json.RawMessage `json:"inputs"`
	Locked   map[string]any             `json:"locked"`
	Original map[string]any             `json:"original"`
	Flake    *bool                      `json:"flake"`
}

// MaxLockBytes and MaxLockNodes bound what a flake.lock may cost: real
// locks are kilobytes with tens of nodes.
const (
	MaxLockBytes = 16 << 20
	MaxLockNodes = 2000
)

// readLock reads flake.lock (name, slash-separated) from the copy of the
// source: through os.Root, only a regular file of at most MaxLockBytes.
func readLock(copy, name string) (*lockFile, error) {
	root, err := os.OpenRoot(copy)
	if err != nil {
		return nil, err
	}
	defer func() { _ = root.Close() }()
	fi, err := root.Stat(filepath.FromSlash(name))
	if errors.Is(err, fs.ErrNotExist) {
		return &lockFile{Version: 7, Root: "root", Nodes: map[string]*lockEntry{"root": {}}}, nil
	}
	if err != nil {
		return nil, refuse("flake.lock: %w", err)
	}
	if !fi.Mode().IsRegular() || fi.Size() > MaxLockBytes {
		return nil, refuse("flake.lock is not a regular file of at most %d MiB", MaxLockBytes>>20)
	}
	f, err := root.Open(filepath.FromSlash(name))
	if err != nil {
		return nil, refuse("flake.lock: %w", err)
	}
	defer func() { _ = f.Close() }()
	b, err := io.ReadAll(io.LimitReader(f, MaxLockBytes+1))
	if err != nil {
		return nil, err
	}
	var l lockFile
	if err := json.Unmarshal(b, &l); err != nil {
		return nil, refuse("flake.lock: %w", err)
	}
	if l.Version < 5 || l.Version > 7 {
		return nil, refuse("flake.lock: version %d is not one nixsec reads (5 to 7)", l.Version)
	}
	if l.Root == "" || l.Nodes[l.Root] == nil {
		return nil, refuse("flake.lock: no root node")
	}
	if len(l.Nodes) > MaxLockNodes {
		return nil, refuse("flake.lock has %d nodes, more than nixsec reads (%d)", len(l.Nodes), MaxLockNodes)
	}
	return &l, nil
}

// loaderNode is one node as untrusted.nix takes it.
type loaderNode struct {
	Fetch  map[string]any    `json:"fetch"`
	Info   map[string]any    `json:"info"`
	Dir    string            `json:"dir"`
	Flake  bool              `json:"flake"`
	Inputs map[string]string `json:"inputs"`
}

// lockGraph is the part of the lock the root reaches.
type lockGraph struct {
	nodes  map[string]*loaderNode
	uris   []string         // what the fetches may reach: allowed-uris
	direct map[string]Input // the root's inputs, for the report
	// rootInputs maps each of the root's inputs to its node, or to its
	// follows path.
	rootInputs map[string]any
}

var (
	nameRe        = regexp.MustCompile(`^[A-Za-z0-9_.~-]+$`)
	numericHostRe = regexp.MustCompile(`^(0x[0-9a-f]*|[0-9]+)(\.(0x[0-9a-f]*|[0-9]+))*$`)
	gitlabOwnerRe = regexp.MustCompile(`^[A-Za-z0-9_.~-]+(%2F[A-Za-z0-9_.~-]+)*$`)
	hostRe        = regexp.MustCompile(`^[A-Za-z0-9.-]+(:[0-9]+)?$`)
	revRe         = regexp.MustCompile(`^[0-9a-f]{40}$`)
	narHashRe     = regexp.MustCompile(`^sha256-[A-Za-z0-9+/]{43}=$`)
)

// graph resolves the lock from its root: follows paths to nodes, and
// every reachable node to a fetch of a remote, hash-pinned source.
func (l *lockFile) graph(ctx context.Context, rootDir string) (*lockGraph, error) {
	g := &lockGraph{nodes: map[string]*loaderNode{}, direct: map[string]Input{}, rootInputs: map[string]any{}}
	r := &resolver{l: l, memo: map[[2]string]string{}, busy: map[[2]string]bool{}}
	uris := map[string]bool{}
	stack := []string{l.Root}
	for len(stack) > 0 {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		key := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if g.nodes[key] != nil {
			continue
		}
		n := l.Nodes[key]
		if n == nil {
			return nil, refuse("flake.lock: node %s does not exist", strconv.Quote(key))
		}
		ln := &loaderNode{Flake: n.Flake == nil || *n.Flake, Inputs: map[string]string{}, Info: map[string]any{}}
		g.nodes[key] = ln
		if key == l.Root {
			ln.Dir = rootDir
		} else {
			fetch, uri, err := lockedFetch(key, n.Locked)
			if err != nil {
				return nil, err
			}
			ln.Fetch, uris[uri] = fetch, true
			ln.Dir, _ = n.Locked["dir"].(string)
			if ln.Dir != path.Clean("/" + ln.Dir)[1:] {
				return nil, refuse("flake.lock: input %s has an unusable dir %s", strconv.Quote(key), strconv.Quote(ln.Dir))
			}
			for _, k := range []string{"narHash", "lastModified", "rev", "revCount"} {
				if v, ok := n.Locked[k]; ok {
					ln.Info[k] = v
				}
			}
			if lm, ok := n.Locked["lastModified"].(float64); ok {
				ln.Info["lastModifiedDate"] = time.Unix(int64(lm), 0).UTC().Format("20060102150405")
			}
			if rev, ok := n.Locked["rev"].(string); ok && len(rev) >= 7 {
				ln.Info["shortRev"] = rev[:7]
			}
		}
		for name := range n.Inputs {
			target, err := r.input(key, name)
			if err != nil {
				return nil, refuse("flake.lock: input %s of %s: %w", strconv.Quote(name), strconv.Quote(key), err)
			}
			ln.Inputs[name] = target
			stack = append(stack, target)
		}
	}
	for name, spec := range l.Nodes[l.Root].Inputs {
		var v any
		_ = json.Unmarshal(spec, &v)
		g.rootInputs[name] = v
		n := l.Nodes[g.nodes[l.Root].Inputs[name]]
		g.direct[name] = lockedInput(n.Locked)
	}
	for u := range uris {
		g.uris = append(g.uris, u)
	}
	sort.Strings(g.uris)
	return g, nil
}

// resolver turns an input of a node (a node key, or a follows path from
// the root) into a node key. Each (node, input) is resolved once: follows
// paths that name each other twice per level would otherwise cost 2^depth.
type resolver struct {
	l    *lockFile
	memo map[[2]string]string
	busy map[[2]string]bool // being resolved: meeting one again is a loop
}

func (r *resolver) input(node, name string) (string, error) {
	k := [2]string{node, name}
	if key, ok := r.memo[k]; ok {
		return key, nil
	}
	if r.busy[k] {
		return "", errors.New("follows paths loop")
	}
	n := r.l.Nodes[node]
	if n == nil || n.Inputs[name] == nil {
		return "", fmt.Errorf("%s has no input %s", strconv.Quote(node), strconv.Quote(name))
	}
	r.busy[k] = true
	defer delete(r.busy, k)
	spec := n.Inputs[name]
	var key string
	if json.Unmarshal(spec, &key) != nil {
		var p []string
		if err := json.Unmarshal(spec, &p); err != nil {
			return "", errors.New("neither a node nor a follows path")
		}
		key = r.l.Root
		for _, step := range p {
			next, err := r.input(key, step)
			if err != nil {
				return "", fmt.Errorf("follows path %s: %w", strconv.Quote(strings.Join(p, "/")), err)
			}
			key = next
		}
	}
	r.memo[k] = key
	return key, nil
}

// lockedFetch is how untrusted.nix fetches one locked node, and the URL
// it fetches. Only remote sources pinned by a NAR hash pass: a local
// path, a file:// URL or an unpinned source could read the runner's files.
func lockedFetch(key string, locked map[string]any) (map[string]any, string, error) {
	str := func(k string) string { s, _ := locked[k].(string); return s }
	typ := str("type")
	bad := func(why string) error {
		return refuse("flake.lock: input %s (type %s) %s; in untrusted mode nixsec evaluates only remote inputs pinned by narHash (github, gitlab, sourcehut, http(s) tarballs, git over http(s) or ssh, on public hosts)",
			strconv.Quote(key), strconv.Quote(typ), why)
	}
	narHash := str("narHash")
	if !narHashRe.MatchString(narHash) {
		return nil, "", bad("has no sha256 narHash")
	}
	var u string
	switch typ {
	case "github", "gitlab", "sourcehut":
		owner, repo, rev, host := str("owner"), str("repo"), str("rev"), str("host")
		if !revRe.MatchString(rev) {
			return nil, "", bad("is not pinned to a commit (rev)")
		}
		ownerOK := nameRe.MatchString(owner)
		if typ == "gitlab" { // subgroups: group%2Fsubgroup
			ownerOK = gitlabOwnerRe.MatchString(owner)
		}
		if !ownerOK || !nameRe.MatchString(repo) || strings.Trim(owner, ".") == "" || strings.Trim(repo, ".") == "" || (host != "" && !hostRe.MatchString(host)) {
			return nil, "", bad("has an unusable owner, repo or host")
		}
		switch typ {
		case "github":
			u = fmt.Sprintf("https://%s/%s/%s/archive/%s.tar.gz", orDefault(host, "github.com"), owner, repo, rev)
		case "gitlab":
			u = fmt.Sprintf("https://%s/api/v4/projects/%s%%2F%s/repository/archive.tar.gz?sha=%s", orDefault(host, "gitlab.com"), owner, repo, rev)
		default:
			u = fmt.Sprintf("https://%s/%s/%s/archive/%s.tar.gz", orDefault(host, "git.sr.ht"), owner, repo, rev)
		}
		if !remoteURL(u, "https") {
			return nil, "", bad("is not on a public host")
		}
		return map[string]any{"type": "tarball", "url": u, "narHash": narHash}, u, nil
	case "tarball":
		u = str("url")
		if !remoteURL(u, "https", "http") {
			return nil, "", bad("is not fetched over http(s) from a public host")
		}
		return map[string]any{"type": "tarball", "url": u, "narHash": narHash}, u, nil
	case "git":
		u = strings.TrimPrefix(str("url"), "git+")
		rev := str("rev")
		if !remoteURL(u, "https", "http", "ssh") || !revRe.MatchString(rev) {
			return nil, "", bad("is not a git repository over the network at a pinned rev")
		}
		// A submodule's URL is the repository's to choose: it could name
		// the runner's network or a local repository.
		if sub, _ := locked["submodules"].(bool); sub {
			return nil, "", bad("fetches submodules")
		}
		fetch := map[string]any{"type": "git", "url": u, "rev": rev, "submodules": false, "narHash": narHash}
		if ref := str("ref"); ref != "" {
			fetch["ref"] = ref
		}
		return fetch, u, nil
	default:
		return nil, "", bad("is not a remote source")
	}
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// remoteURL: a URL of one of schemes on a public host, without dot
// segments. A lock naming the runner's own services (loopback, private
// and link-local addresses, such as a cloud's metadata endpoint) is
// refused; a host name that resolves to one cannot be told apart here
// (docs/security.md).
func remoteURL(s string, schemes ...string) bool {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || strings.ContainsAny(s, " \n\t\\") {
		return false
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	if host == "localhost" || strings.HasSuffix(host, ".localhost") || host == "" || strings.ContainsAny(host, "%@") {
		return false
	}
	ip, err := netip.ParseAddr(host)
	if err != nil && numericHostRe.MatchString(host) {
		return false // 2130706433, 0177.0.0.1, 127.1, 0x7f000001: curl reads them as addresses
	}
	if err == nil {
		if ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() || ip.IsUnspecified() || ip.IsMulticast() {
			return false
		}
	}
	if p := strings.ToLower(u.EscapedPath()); strings.Contains(p+"/", "/./") || strings.Contains(p+"/", "/../") || strings.Contains(p, "%2e") {
		return false
	}
	for _, sc := range schemes {
		if u.Scheme == sc {
			return true
		}
	}
	return false
}

func lockedInput(locked map[string]any) Input {
	in := Input{}
	in.Type, _ = locked["type"].(string)
	in.Rev, _ = locked["rev"].(string)
	if lm, ok := locked["lastModified"].(float64); ok {
		in.LastModified = int64(lm)
	}
	switch in.Type {
	case "github", "gitlab", "sourcehut":
		owner, _ := locked["owner"].(string)
		repo, _ := locked["repo"].(string)
		in.URL = in.Type + ":" + owner + "/" + repo
	default:
		in.URL, _ = locked["url"].(string)
	}
	return in
}

// declaredExpr reads, in the sandbox, what flake.nix declares: whether it
// is a flake at all, and its inputs (only the attributes that say where an
// input comes from), including those named only as arguments of outputs.
const declaredExpr = `let
  f = import (<nixsec-source> + %s);
  keys = { url = 0; type = 0; owner = 0; repo = 0; ref = 0; rev = 0; dir = 0; host = 0; path = 0; flake = 0; follows = 0; submodules = 0; id = 0; };
  spec = v: if builtins.isAttrs v then builtins.mapAttrs (_: x: if builtins.isString x || builtins.isBool x then x else "<not a string>") (builtins.intersectAttrs keys v) else { url = "<not an attribute set>"; };
  isFlake = builtins.isAttrs f && f ? outputs && builtins.isFunction f.outputs;
in {
  inherit isFlake;
  inputs = if isFlake then builtins.mapAttrs (_: spec) (f.inputs or { }) else { };
  args = if isFlake then builtins.attrNames (builtins.functionArgs f.outputs) else [ ];
}`

// checkDeclared refuses a flake whose flake.lock does not pin what
// flake.nix declares: nix would lock the difference on the fly (reading
// whatever it names) or evaluate something else than nixsec did.
func (r *Runner) checkDeclared(ctx context.Context, ref, dir string, l *lockFile, g *lockGraph) error {
	file := path.Join(dir, "flake.nix")
	res, err := r.run(ctx, "eval", "--json", "--impure", "--expr", fmt.Sprintf(declaredExpr, nixString("/"+file)))
	if err != nil {
		var ne *NixError
		if errors.As(err, &ne) {
			return &FlakeError{Err: fmt.Errorf("%s: cannot read flake.nix: %s", ref, ne.Message)}
		}
		return err
	}
	var d struct {
		IsFlake bool                      `json:"isFlake"`
		Inputs  map[string]map[string]any `json:"inputs"`
		Args    []string                  `json:"args"`
	}
	if err := json.Unmarshal(res.stdout, &d); err != nil {
		return fmt.Errorf("reading flake.nix's inputs: %w", err)
	}
	if !d.IsFlake {
		return &FlakeError{Err: fmt.Errorf("%s: flake.nix is not a flake (no outputs function)", ref)}
	}
	declared := d.Inputs
	for _, a := range d.Args { // `outputs = { self, nixpkgs }:` declares nixpkgs
		if _, ok := declared[a]; !ok && a != "self" {
			declared[a] = map[string]any{"id": a}
		}
	}
	stale := func(name, why string) error {
		return refuse("flake.lock does not pin input %s as flake.nix declares it (%s): nix would lock it anew when evaluating; run `nix flake lock` and commit flake.lock",
			strconv.Quote(name), why)
	}
	for name, spec := range declared {
		lockSpec, locked := g.rootInputs[name]
		if !locked {
			return stale(name, "not in flake.lock")
		}
		if fol, ok := spec["follows"].(string); ok {
			want := strings.Split(fol, "/")
			got, _ := lockSpec.([]any)
			if fmt.Sprint(got) != fmt.Sprint(toAny(want)) {
				return stale(name, "follows "+strconv.Quote(fol))
			}
			continue
		}
		orig, err := originalOf(spec)
		if err != nil {
			return refuse("input %s: %w", strconv.Quote(name), err)
		}
		node := l.Nodes[g.nodes[l.Root].Inputs[name]]
		if !sameRef(orig, node.Original) {
			return stale(name, fmt.Sprintf("declared %s, locked from %s", showRef(orig), showRef(node.Original)))
		}
		if fl, ok := spec["flake"].(bool); ok && fl != (node.Flake == nil || *node.Flake) {
			return stale(name, "flake = "+strconv.FormatBool(fl))
		}
	}
	for name := range g.rootInputs {
		if _, ok := declared[name]; !ok {
			return stale(name, "locked but not declared")
		}
	}
	return nil
}

func toAny(xs []string) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

// originalOf is the flake reference a declaration names, in the attribute
// form flake.lock records as `original`. Local references are refused
// here already: their lock entry could not pass lockedFetch either.
func originalOf(spec map[string]any) (map[string]any, error) {
	out := map[string]any{}
	if id, ok := spec["id"].(string); ok && len(spec) == 1 {
		return map[string]any{"type": "indirect", "id": id}, nil
	}
	if u, ok := spec["url"].(string); ok {
		ref, err := parseFlakeURL(u)
		if err != nil {
			return nil, err
		}
		out = ref
	}
	for k, v := range spec {
		switch k {
		case "url", "flake", "follows":
		default:
			out[k] = v
		}
	}
	if t, _ := out["type"].(string); t == "path" || t == "" {
		return nil, fmt.Errorf("%s is a local path or not a flake reference nixsec can check", showRef(out))
	}
	return out, nil
}

// parseFlakeURL reads the URL forms of flake references that --untrusted
// accepts; others are refused, not guessed.
func parseFlakeURL(s string) (map[string]any, error) {
	unsupported := fmt.Errorf("flake reference %s is local or of a form untrusted mode does not check (use github:, gitlab:, sourcehut:, git+https:, git+ssh:, https: tarballs or a registry name)", strconv.Quote(s))
	base, query, _ := strings.Cut(s, "?")
	q, err := url.ParseQuery(query)
	if err != nil {
		return nil, unsupported
	}
	out := map[string]any{}
	addQuery := func(keys ...string) error {
		for k, v := range q {
			allowed := false
			for _, a := range keys {
				allowed = allowed || a == k
			}
			if !allowed || len(v) != 1 {
				return unsupported
			}
			if k == "submodules" || k == "shallow" || k == "allRefs" {
				out[k] = v[0] == "1" || v[0] == "true"
			} else {
				out[k] = v[0]
			}
		}
		return nil
	}
	scheme, rest, hasScheme := strings.Cut(base, ":")
	switch {
	case !hasScheme || scheme == "flake":
		if !hasScheme {
			rest = base
		}
		parts := strings.Split(rest, "/")
		if !nameRe.MatchString(parts[0]) || strings.HasPrefix(rest, ".") || len(parts) > 3 {
			return nil, unsupported
		}
		out["type"], out["id"] = "indirect", parts[0]
		if len(parts) > 1 {
			setRefOrRev(out, parts[1])
		}
		if len(parts) > 2 {
			out["rev"] = parts[2]
		}
		return out, addQuery("ref", "rev", "dir")
	case scheme == "github" || scheme == "gitlab" || scheme == "sourcehut":
		parts := strings.Split(rest, "/")
		if len(parts) < 2 || len(parts) > 3 || !nameRe.MatchString(parts[0]) || !nameRe.MatchString(parts[1]) {
			return nil, unsupported
		}
		out["type"], out["owner"], out["repo"] = scheme, parts[0], parts[1]
		if len(parts) == 3 {
			setRefOrRev(out, parts[2])
		}
		return out, addQuery("ref", "rev", "dir", "host")
	case scheme == "git+https" || scheme == "git+http" || scheme == "git+ssh":
		if !remoteURL(strings.TrimPrefix(base, "git+"), "https", "http", "ssh") {
			return nil, unsupported
		}
		out["type"], out["url"] = "git", strings.TrimPrefix(base, "git+")
		return out, addQuery("ref", "rev", "dir", "submodules", "shallow", "allRefs")
	case scheme == "https" || scheme == "http" || scheme == "tarball+https" || scheme == "tarball+http":
		u := strings.TrimPrefix(s, "tarball+")
		if !remoteURL(u, "https", "http") {
			return nil, unsupported
		}
		return map[string]any{"type": "tarball", "url": u}, nil
	}
	return nil, unsupported
}

func setRefOrRev(out map[string]any, s string) {
	if revRe.MatchString(s) {
		out["rev"] = s
	} else {
		out["ref"] = s
	}
}

// sameRef compares two flake references in attribute form.
func sameRef(a, b map[string]any) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if fmt.Sprint(v) != fmt.Sprint(b[k]) {
			return false
		}
	}
	return true
}

func showRef(m map[string]any) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s=%s", k, strconv.Quote(fmt.Sprint(m[k])))
	}
	return "{" + strings.Join(parts, " ") + "}"
}

// sandboxGitEnv is the git configuration for nix's fetches of an untrusted
// flake's inputs: no redirect (a public host could send the fetch to the
// runner's network) and no local repository.
var sandboxGitEnv = []string{
	"GIT_CONFIG_COUNT=2",
	"GIT_CONFIG_KEY_0=http.followRedirects", "GIT_CONFIG_VALUE_0=false",
	"GIT_CONFIG_KEY_1=protocol.file.allow", "GIT_CONFIG_VALUE_1=never",
}

// outsideRe matches nix's messages about a path restrict-eval refused or
// that does not exist. Which of the two a path outside the store gets is
// an oracle for the runner's files (through a symlink in a fetched input,
// say), and the canonical path names a link's target: both read the same.
var outsideRe = regexp.MustCompile(`access to (?:canonical|absolute) path '[^']*' is forbidden in restricted mode|getting status of '/(?:[^n'][^']*|n[^i'][^']*|ni[^x'][^']*)?': No such file or directory`)

func redactOutside(msg string) string {
	return outsideRe.ReplaceAllString(msg, "access to a path outside the flake's source and inputs is forbidden")
}
