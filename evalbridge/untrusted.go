package evalbridge

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
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

// UntrustedError is a flake nixsec refuses to evaluate under --untrusted.
type UntrustedError struct{ Msg string }

func (e *UntrustedError) Error() string { return e.Msg }

func refuse(format string, args ...any) error {
	return &UntrustedError{Msg: fmt.Sprintf(format, args...)}
}

// ResolveUntrusted loads the flake in the local directory ref for
// evaluation under the sandbox; every later call of r evaluates in it.
func (r *Runner) ResolveUntrusted(ctx context.Context, ref string) (*Flake, error) {
	for _, a := range r.Extra {
		if a == "--override-input" {
			return nil, refuse("--override-input cannot be used with --untrusted")
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
	defer func() { _ = os.RemoveAll(filepath.Dir(src.copy)) }()
	// The copy is added with the settings every call has (no flakes
	// feature needed), before the sandbox replaces them.
	r.sandbox = sandboxFlags("", nil)
	res, err := r.run(ctx, "store", "add-path", "--name", "source", src.copy)
	if err != nil {
		return nil, err
	}
	store := strings.TrimSpace(string(res.stdout))
	if !strings.HasPrefix(store, "/nix/store/") || strings.ContainsAny(store, "\n ") {
		return nil, fmt.Errorf("nix store add-path printed %q, not a store path", store)
	}
	res, err = r.run(ctx, "path-info", "--json", store)
	if err != nil {
		return nil, err
	}
	var infos []struct {
		NarHash string `json:"narHash"`
	}
	if err := json.Unmarshal(res.stdout, &infos); err != nil || len(infos) != 1 {
		return nil, fmt.Errorf("nix path-info %s: unexpected output", store)
	}
	narHash := infos[0].NarHash

	lock, err := readLock(filepath.Join(src.copy, filepath.FromSlash(src.dir), "flake.lock"))
	if err != nil {
		return nil, err
	}
	g, err := lock.graph(src.dir)
	if err != nil {
		return nil, err
	}
	rootInfo := map[string]any{"narHash": narHash, "lastModified": src.lastModified,
		"lastModifiedDate": time.Unix(src.lastModified, 0).UTC().Format("20060102150405")}
	if src.rev != "" {
		rootInfo["rev"], rootInfo["shortRev"] = src.rev, src.rev[:7]
	}
	args := map[string]any{"nodes": g.nodes, "root": lock.Root, "source": store, "rootInfo": rootInfo}
	js, err := json.Marshal(args)
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
		sandbox:      &sandbox{expr: fmt.Sprintf("(%s) (builtins.fromJSON %s)", loaderExpr, nixString(string(js)))},
	}
	r.sandbox = sandboxFlags(store, g.uris)
	if err := r.checkDeclared(ctx, f, lock, g); err != nil {
		return nil, err
	}
	return f, nil
}

// sandboxFlags replace baseFlags for an untrusted flake. The flakes
// feature is off, whatever nix.conf says: with it, fetchTree and getFlake
// read local paths despite restrict-eval. Evaluation is impure only so
// that the loader can name the source through -I; restrict-eval keeps it
// to the source and the fetched inputs, and getEnv returns "".
func sandboxFlags(store string, uris []string) []string {
	flags := []string{
		"--option", "experimental-features", "nix-command",
		"--option", "restrict-eval", "true",
		"--option", "allowed-uris", strings.Join(uris, " "),
		"--option", "allow-import-from-derivation", "false",
		"--option", "accept-flake-config", "false",
	}
	if store != "" {
		flags = append(flags, "-I", "nixsec-source="+store)
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
	if strings.Contains(ref, "#") || strings.Contains(ref, "?") || strings.Contains(ref, ":") {
		return "", refuse("--untrusted checks a flake in a local directory (the pull request's checkout), not %q", ref)
	}
	abs, err := filepath.Abs(ref)
	if err != nil {
		return "", refuse("%s: %v", ref, err)
	}
	abs, err = filepath.EvalSymlinks(abs)
	if err != nil {
		return "", &FlakeError{Msg: fmt.Sprintf("%s is not a directory: %v", ref, err)}
	}
	if fi, err := os.Stat(abs); err != nil || !fi.IsDir() {
		return "", &FlakeError{Msg: fmt.Sprintf("%s is not a directory", ref)}
	}
	if _, err := os.Stat(filepath.Join(abs, "flake.nix")); err != nil {
		return "", &FlakeError{Msg: fmt.Sprintf("%s has no flake.nix", ref)}
	}
	return abs, nil
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
	out, err := git(ctx, dir, "rev-parse", "--show-toplevel")
	if err != nil {
		// Copying the whole directory of a work tree git cannot read (not
		// installed, "dubious ownership") would copy .git and untracked
		// files, the credentials actions/checkout keeps in .git/config
		// among them: refuse instead.
		for d := dir; ; d = filepath.Dir(d) {
			if _, serr := os.Lstat(filepath.Join(d, ".git")); serr == nil {
				return "", nil, refuse("%s is in a git work tree (%s) that git cannot list: %v", dir, d, gitErr(err))
			}
			if d == filepath.Dir(d) {
				return "", nil, nil
			}
		}
	}
	top := strings.TrimSpace(string(out))
	if top, err = filepath.EvalSymlinks(top); err != nil {
		return "", nil, err
	}
	out, err = git(ctx, top, "ls-files", "-z", "--cached", "--stage")
	if err != nil {
		return "", nil, fmt.Errorf("git ls-files in %s: %w", top, err)
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

// git runs git with the checkout's hooks and helpers out of the way: no
// fsmonitor, no pager, no external diff.
func git(ctx context.Context, dir string, args ...string) ([]byte, error) {
	full := append([]string{"-C", dir, "-c", "core.fsmonitor=false", "-c", "core.pager=cat", "--no-optional-locks"}, args...)
	cmd := exec.CommandContext(ctx, "git", full...)
	cmd.Env = append(os.Environ(), "GIT_TERMINAL_PROMPT=0", "GIT_EXTERNAL_DIFF=")
	return cmd.Output()
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
			return refuse("cannot read %s in the checkout: %v", strconv.Quote(name), err)
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
	return nil
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

func readLock(file string) (*lockFile, error) {
	b, err := os.ReadFile(file)
	if errors.Is(err, fs.ErrNotExist) {
		return &lockFile{Version: 7, Root: "root", Nodes: map[string]*lockEntry{"root": {}}}, nil
	}
	if err != nil {
		return nil, err
	}
	var l lockFile
	if err := json.Unmarshal(b, &l); err != nil {
		return nil, refuse("flake.lock: %v", err)
	}
	if l.Version < 5 || l.Version > 7 {
		return nil, refuse("flake.lock: version %d is not one nixsec reads (5 to 7)", l.Version)
	}
	if l.Root == "" || l.Nodes[l.Root] == nil {
		return nil, refuse("flake.lock: no root node")
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
	nameRe    = regexp.MustCompile(`^[A-Za-z0-9_.~-]+$`)
	hostRe    = regexp.MustCompile(`^[A-Za-z0-9.-]+(:[0-9]+)?$`)
	revRe     = regexp.MustCompile(`^[0-9a-f]{40}$`)
	narHashRe = regexp.MustCompile(`^sha256-[A-Za-z0-9+/]{43}=$`)
)

// graph resolves the lock from its root: follows paths to nodes, and
// every reachable node to a fetch of a remote, hash-pinned source.
func (l *lockFile) graph(rootDir string) (*lockGraph, error) {
	g := &lockGraph{nodes: map[string]*loaderNode{}, direct: map[string]Input{}, rootInputs: map[string]any{}}
	uris := map[string]bool{}
	var visit func(key string) error
	visit = func(key string) error {
		if g.nodes[key] != nil {
			return nil
		}
		n := l.Nodes[key]
		if n == nil {
			return refuse("flake.lock: node %s does not exist", strconv.Quote(key))
		}
		ln := &loaderNode{Flake: n.Flake == nil || *n.Flake, Inputs: map[string]string{}, Info: map[string]any{}}
		g.nodes[key] = ln
		if key == l.Root {
			ln.Dir = rootDir
		} else {
			fetch, uri, err := lockedFetch(key, n.Locked)
			if err != nil {
				return err
			}
			ln.Fetch, uris[uri] = fetch, true
			ln.Dir, _ = n.Locked["dir"].(string)
			if ln.Dir != path.Clean("/" + ln.Dir)[1:] {
				return refuse("flake.lock: input %s has an unusable dir %s", strconv.Quote(key), strconv.Quote(ln.Dir))
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
		for name, spec := range n.Inputs {
			target, err := l.resolve(spec, 0)
			if err != nil {
				return refuse("flake.lock: input %s of %s: %v", strconv.Quote(name), strconv.Quote(key), err)
			}
			ln.Inputs[name] = target
			if err := visit(target); err != nil {
				return err
			}
		}
		return nil
	}
	if err := visit(l.Root); err != nil {
		return nil, err
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

// resolve turns an input spec (a node key, or a follows path from the
// root) into a node key.
func (l *lockFile) resolve(spec json.RawMessage, depth int) (string, error) {
	if depth > 64 {
		return "", errors.New("follows paths loop")
	}
	var key string
	if json.Unmarshal(spec, &key) == nil {
		return key, nil
	}
	var p []string
	if err := json.Unmarshal(spec, &p); err != nil {
		return "", errors.New("neither a node nor a follows path")
	}
	cur := l.Root
	for _, name := range p {
		n := l.Nodes[cur]
		if n == nil || n.Inputs[name] == nil {
			return "", fmt.Errorf("follows path %s leads nowhere", strconv.Quote(strings.Join(p, "/")))
		}
		next, err := l.resolve(n.Inputs[name], depth+1)
		if err != nil {
			return "", err
		}
		cur = next
	}
	return cur, nil
}

// lockedFetch is how untrusted.nix fetches one locked node, and the URL
// it fetches. Only remote sources pinned by a NAR hash pass: a local
// path, a file:// URL or an unpinned source could read the runner's files.
func lockedFetch(key string, locked map[string]any) (map[string]any, string, error) {
	str := func(k string) string { s, _ := locked[k].(string); return s }
	typ := str("type")
	bad := func(why string) error {
		return refuse("flake.lock: input %s (type %s) %s; --untrusted evaluates only remote inputs pinned by narHash (github, gitlab, sourcehut, https tarballs, git over https or ssh)",
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
		if !nameRe.MatchString(owner) || !nameRe.MatchString(repo) || !revRe.MatchString(rev) || (host != "" && !hostRe.MatchString(host)) {
			return nil, "", bad("has an unusable owner, repo, rev or host")
		}
		switch typ {
		case "github":
			u = fmt.Sprintf("https://%s/%s/%s/archive/%s.tar.gz", orDefault(host, "github.com"), owner, repo, rev)
		case "gitlab":
			u = fmt.Sprintf("https://%s/api/v4/projects/%s%%2F%s/repository/archive.tar.gz?sha=%s", orDefault(host, "gitlab.com"), owner, repo, rev)
		default:
			u = fmt.Sprintf("https://%s/%s/%s/archive/%s.tar.gz", orDefault(host, "git.sr.ht"), owner, repo, rev)
		}
		return map[string]any{"type": "tarball", "url": u, "narHash": narHash}, u, nil
	case "tarball":
		u = str("url")
		if !remoteURL(u, "https", "http") {
			return nil, "", bad("is not fetched over http(s)")
		}
		return map[string]any{"type": "tarball", "url": u, "narHash": narHash}, u, nil
	case "git":
		u = strings.TrimPrefix(str("url"), "git+")
		rev := str("rev")
		if !remoteURL(u, "https", "http", "ssh") || !revRe.MatchString(rev) {
			return nil, "", bad("is not a git repository over the network at a pinned rev")
		}
		sub, _ := locked["submodules"].(bool)
		fetch := map[string]any{"type": "git", "url": u, "rev": rev, "submodules": sub, "narHash": narHash}
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

func remoteURL(s string, schemes ...string) bool {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || strings.ContainsAny(s, " \n\t") {
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
func (r *Runner) checkDeclared(ctx context.Context, f *Flake, l *lockFile, g *lockGraph) error {
	file := path.Join(f.Dir, "flake.nix")
	res, err := r.run(ctx, "eval", "--json", "--impure", "--expr", fmt.Sprintf(declaredExpr, nixString("/"+file)))
	if err != nil {
		var ne *NixError
		if errors.As(err, &ne) {
			return &FlakeError{Msg: fmt.Sprintf("%s: cannot read flake.nix: %s", f.Ref, ne.Message)}
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
		return &FlakeError{Msg: fmt.Sprintf("%s: flake.nix is not a flake (no outputs function)", f.Ref)}
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
			return refuse("input %s: %v", strconv.Quote(name), err)
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
	unsupported := fmt.Errorf("flake reference %s is local or of a form --untrusted does not check (use github:, gitlab:, sourcehut:, git+https:, git+ssh:, https: tarballs or a registry name)", strconv.Quote(s))
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
