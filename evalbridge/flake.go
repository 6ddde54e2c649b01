package evalbridge

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/nix-community/go-nix/pkg/storepath"

	"github.com/nixsec/nixsec/flakeref"
)

// Flake is a resolved flake reference: where nix copied it and where it
// lives in the user's checkout, so that definition files can be mapped back.
type Flake struct {
	Ref          string // as nix was given it
	URL          string // nix's resolved URL
	StorePath    string // /nix/store/<hash>-source
	Dir          string // the flake's directory inside StorePath ("" for the top)
	LocalRoot    string // the flake's directory in the checkout; "" when not local
	NarHash      string
	LastModified int64
	// Inputs are the flake's direct inputs as locked in flake.lock.
	Inputs map[string]Input
	// sandbox is set for a flake loaded by ResolveUntrusted.
	sandbox *sandbox
	// pinned: the lock file on disk locks every input, each to content
	// it names (ResolveCached stores only such flakes).
	pinned bool
}

// Input is one locked flake input.
type Input struct {
	Type         string `json:"type"`
	URL          string `json:"url,omitempty"`
	Rev          string `json:"rev,omitempty"`
	LastModified int64  `json:"lastModified,omitempty"`
}

// FlakeError is a flake reference nix cannot use, or one without
// nixosConfigurations, or an unknown host.
type FlakeError struct{ Err error }

func (e *FlakeError) Error() string { return e.Err.Error() }

func (e *FlakeError) Unwrap() error { return e.Err }

// NormalizeRef turns a local directory into an absolute path reference:
// nix reads "examples/x" as a registry name, not a path.
func NormalizeRef(ref string) string {
	if ref == "" {
		ref = "."
	}
	if !flakeref.IsPath(ref) {
		return ref
	}
	local, frag, _ := strings.Cut(ref, "#")
	if abs, err := filepath.Abs(local); err == nil {
		if fi, err := os.Stat(abs); err == nil && fi.IsDir() {
			if frag != "" {
				return abs + "#" + frag
			}
			return abs
		}
	}
	return ref
}

type metadata struct {
	Path         string `json:"path"`
	URL          string `json:"url"`
	ResolvedURL  string `json:"resolvedUrl"`
	LastModified int64  `json:"lastModified"`
	Locked       struct {
		NarHash string `json:"narHash"`
	} `json:"locked"`
	Resolved struct {
		Type string `json:"type"`
		Path string `json:"path"`
		URL  string `json:"url"`
		Dir  string `json:"dir"`
	} `json:"resolved"`
	Locks struct {
		Root  string                     `json:"root"`
		Nodes map[string]json.RawMessage `json:"nodes"`
	} `json:"locks"`
}

type lockNode struct {
	Inputs map[string]json.RawMessage `json:"inputs"`
	Locked map[string]any             `json:"locked"`
}

// inputs reads the root's direct inputs from the lock; inputs that follow
// another input ("follows") are left out.
func (md *metadata) inputs() map[string]Input {
	out := map[string]Input{}
	var root lockNode
	if err := json.Unmarshal(md.Locks.Nodes[md.Locks.Root], &root); err != nil {
		return out
	}
	for name, ref := range root.Inputs {
		var nodeName string
		if json.Unmarshal(ref, &nodeName) != nil {
			continue
		}
		var n lockNode
		if json.Unmarshal(md.Locks.Nodes[nodeName], &n) != nil || n.Locked == nil {
			continue
		}
		in := Input{}
		in.Type, _ = n.Locked["type"].(string)
		in.Rev, _ = n.Locked["rev"].(string)
		if lm, ok := n.Locked["lastModified"].(float64); ok {
			in.LastModified = int64(lm)
		}
		switch in.Type {
		case "github", "gitlab", "sourcehut":
			owner, _ := n.Locked["owner"].(string)
			repo, _ := n.Locked["repo"].(string)
			in.URL = in.Type + ":" + owner + "/" + repo
		default:
			in.URL, _ = n.Locked["url"].(string)
			if p, ok := n.Locked["path"].(string); ok && in.URL == "" {
				in.URL = "path:" + p
			}
		}
		out[name] = in
	}
	return out
}

// Resolve asks nix where the flake is (`nix flake metadata`).
func (r *Runner) Resolve(ctx context.Context, ref string) (*Flake, error) {
	ref = NormalizeRef(ref)
	res, err := r.run(ctx, "flake", "metadata", "--json", ref)
	if err != nil {
		var ne *NixError
		if errors.As(err, &ne) && !ne.TimedOut {
			return nil, &FlakeError{Err: fmt.Errorf("%s is not a flake nix can read: %s", ref, ne.Message)}
		}
		return nil, err
	}
	var md metadata
	if err := json.Unmarshal(res.stdout, &md); err != nil {
		return nil, fmt.Errorf("nix flake metadata: %w", err)
	}
	f := &Flake{
		Ref:          ref,
		URL:          md.ResolvedURL,
		StorePath:    md.Path,
		Dir:          strings.Trim(md.Resolved.Dir, "/"),
		NarHash:      md.Locked.NarHash,
		LastModified: md.LastModified,
		Inputs:       md.inputs(),
	}
	r.source = path.Join(f.StorePath, f.Dir)
	switch md.Resolved.Type {
	case "path":
		f.LocalRoot = filepath.Join(md.Resolved.Path, f.Dir)
	case "git":
		if u, err := url.Parse(md.Resolved.URL); err == nil && u.Scheme == "file" {
			f.LocalRoot = filepath.Join(u.Path, f.Dir)
		}
	}
	if f.LocalRoot != "" {
		f.pinned = md.pinned(filepath.Join(f.LocalRoot, "flake.lock"))
	}
	return f, nil
}

// pinnedTypes are the input types whose lock names their content (a
// revision or a hash nix verifies); a path input's content is wherever
// the path points, and an indirect one is looked up in a registry.
var pinnedTypes = map[string]bool{"github": true, "gitlab": true, "sourcehut": true, "git": true, "mercurial": true, "tarball": true, "file": true}

// pinned is true when the lock nix used is the lock file on disk (nix
// locked nothing new in memory) and every input in it is of a pinned type.
func (md *metadata) pinned(lockFile string) bool {
	var disk struct {
		Nodes map[string]json.RawMessage `json:"nodes"`
	}
	b, err := readBounded(lockFile, maxFingerprintBytes)
	switch {
	case err != nil && os.IsNotExist(err):
		// No lock file: only a flake without inputs uses none.
		var root lockNode
		_ = json.Unmarshal(md.Locks.Nodes[md.Locks.Root], &root)
		return len(md.Locks.Nodes) <= 1 && len(root.Inputs) == 0
	case err != nil || json.Unmarshal(b, &disk) != nil || len(disk.Nodes) != len(md.Locks.Nodes):
		return false
	}
	for name, raw := range md.Locks.Nodes {
		if !sameJSON(raw, disk.Nodes[name]) {
			return false
		}
		if name == md.Locks.Root {
			continue
		}
		var n lockNode
		if json.Unmarshal(raw, &n) != nil || n.Locked == nil {
			return false
		}
		if t, _ := n.Locked["type"].(string); !pinnedTypes[t] {
			return false
		}
	}
	return true
}

// sameJSON compares two JSON values by meaning, not bytes.
func sameJSON(a, b json.RawMessage) bool {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	xa, _ := json.Marshal(x)
	ya, _ := json.Marshal(y)
	return string(xa) == string(ya)
}

// listHostsExpr lists the host names with the SHA-256 of each name's
// bytes as nix holds them: a name whose JSON does not decode to exactly
// those bytes (not valid UTF-8) would name another host, or none.
const listHostsExpr = `hosts: map (n: { name = n; sha256 = builtins.hashString "sha256" n; }) (builtins.attrNames hosts)`

// Hosts lists the attribute names of nixosConfigurations.
func (r *Runner) Hosts(ctx context.Context, f *Flake) ([]string, error) {
	args := append(append([]string{"eval", "--json", "--no-eval-cache"}, f.configurations()...), "--apply", listHostsExpr)
	res, err := r.run(ctx, args...)
	if err != nil {
		var ne *NixError
		if errors.As(err, &ne) && (strings.Contains(ne.Message, "does not provide attribute") || strings.Contains(ne.Message, "attribute 'nixosConfigurations' missing")) {
			return nil, &FlakeError{Err: fmt.Errorf("%s has no nixosConfigurations output", f.Ref)}
		}
		if errors.As(err, &ne) {
			return nil, &FlakeError{Err: fmt.Errorf("cannot list the nixosConfigurations of %s: %s", f.Ref, ne.Message)}
		}
		return nil, err
	}
	var named []namedHost
	if err := json.Unmarshal(res.stdout, &named); err != nil {
		return nil, fmt.Errorf("nixosConfigurations of %s: %w", f.Ref, err)
	}
	return checkedHosts(f, named)
}

// namedHost is an element of listHostsExpr's list.
type namedHost struct {
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
}

// checkedHosts are the names of the list, sorted, once each name is the
// bytes nix holds and the list is not empty.
func checkedHosts(f *Flake, named []namedHost) ([]string, error) {
	hosts := make([]string, 0, len(named))
	for _, h := range named {
		sum := sha256.Sum256([]byte(h.Name))
		if hex.EncodeToString(sum[:]) != h.SHA256 {
			return nil, &FlakeError{Err: fmt.Errorf("%s: a host name in nixosConfigurations is not valid UTF-8 (read as %s); nixsec cannot name it exactly, rename it",
				f.Ref, strconv.QuoteToASCII(h.Name))}
		}
		hosts = append(hosts, h.Name)
	}
	sort.Strings(hosts)
	if len(hosts) == 0 {
		return nil, &FlakeError{Err: fmt.Errorf("%s has an empty nixosConfigurations output", f.Ref)}
	}
	return hosts, nil
}

// hostsAndEval lists the hosts, and evaluates the first batch of them in
// the same nix process: a small flake's check then waits on
// one evaluation after the metadata, not two, each of which loads the
// flake. The call announces the list as soon as nix has it (Early); the
// hosts are returned then, with the call in the prefetch (call, share),
// so that the other batches start while it evaluates its own. An
// announcement that cannot be read is ignored, and the call's answer is
// awaited.
//
// When the call fails without having announced the list (one that aborts
// beyond tryEval, runs out of memory or time), the hosts are listed
// alone: a single host has failed with the call's message (the listing
// alone succeeded, so the failure is its own, and it is not evaluated a
// second time); the first batch's hosts are to be evaluated one per
// process, since together they would fail again, so that a bad host
// fails only itself, as in evalBatch.
func (r *Runner) hostsAndEval(ctx context.Context, f *Flake, reqs []Request, opts Options) ([]string, prefetch, error) {
	c := r.listCall(ctx, opts.Early, func(nonce string) []string { return hostsAndEvalArgs(f, reqs, opts, nonce) })
	var line []byte
	select {
	case line = <-c.announced:
	case <-c.done:
		// The announcement, when nix made it, is sent before the call
		// ends: taken here too, a call's failure reads the same however
		// soon it came.
		select {
		case line = <-c.announced:
		default:
		}
	case <-ctx.Done():
	}
	if line != nil {
		hosts, pre, err := r.announcement(ctx, f, c, line, opts)
		if err != nil {
			c.Stop()
			return nil, prefetch{}, err
		}
		if hosts != nil {
			return hosts, pre, nil
		}
	}
	res, err := r.wait(ctx, c)
	var out listAnswer
	msg := ""
	if err != nil {
		msg = err.Error()
	} else if err = json.Unmarshal(res.stdout, &out); err != nil {
		msg = fmt.Sprintf("cannot read the evaluation output: %v", err)
	}
	// A nix too old for nixsec answers nothing nixsec uses.
	if verr := r.checkPendingVersion(ctx, out.Nix); verr != nil {
		return nil, prefetch{}, verr
	}
	if err != nil {
		hosts, err := r.Hosts(ctx, f)
		switch {
		case err != nil:
			return nil, prefetch{}, err
		case len(hosts) == 1:
			return hosts, prefetch{failed: map[string]string{hosts[0]: msg}}, nil
		default:
			return hosts, prefetch{alone: hosts[:min(len(hosts), opts.batchSize(len(hosts)))]}, nil
		}
	}
	hosts, err := checkedHosts(f, out.List)
	if err != nil {
		return nil, prefetch{}, err
	}
	return hosts, prefetch{raw: out.Eval}, nil
}

// listAnswer is what the host list's call prints on stdout.
type listAnswer struct {
	List []namedHost `json:"list"`
	// Eval is the hosts of the first batch, evaluated.
	Eval map[string]*rawOutput `json:"eval"`
	// Nix is the evaluator's builtins.nixVersion.
	Nix string `json:"nix"`
}

// announcement reads the host list's announcement: the hosts, and the
// prefetch whose call evaluates the hosts of share. Nix's version is
// checked first: nothing else starts on the word of a nix too old. No
// hosts and no error: the line is not one nixsec can use, and the call's
// answer is to be awaited. It is one only when it is what the call's
// expression makes: its list in attrNames' order (sorted, each name
// once), its batch the list's first, cut as Options.batchSize cuts it.
func (r *Runner) announcement(ctx context.Context, f *Flake, c *Early, line []byte, opts Options) ([]string, prefetch, error) {
	a, ok := readAnnouncement(line)
	if !ok {
		return nil, prefetch{}, nil
	}
	for i := 1; i < len(a.List); i++ {
		if a.List[i-1].Name >= a.List[i].Name {
			return nil, prefetch{}, nil
		}
	}
	if n := len(a.List); !slices.Equal(a.Share, names(a.List[:min(n, opts.batchSize(n))])) {
		return nil, prefetch{}, nil
	}
	// The version announced stands for nix's until the answer repeats it
	// (confirmList); a failed call leaves it to be asked.
	askVersion := r.versionPending
	if err := r.checkPendingVersion(ctx, a.Nix); err != nil {
		return nil, prefetch{}, err
	}
	hosts, err := checkedHosts(f, a.List)
	if err != nil {
		return nil, prefetch{}, err
	}
	return hosts, prefetch{call: c, share: a.Share, list: a.List, askVersion: askVersion}, nil
}

// names are the names of hosts, in order.
func names(hosts []namedHost) []string {
	out := make([]string, len(hosts))
	for i, h := range hosts {
		out[i] = h.Name
	}
	return out
}

// announced is what the host list's call announces (hostsAndEvalArgs).
type announced struct {
	List  []namedHost `json:"list"`
	Share []string    `json:"share"` // the call's own batch
	Nix   string      `json:"nix"`
}

// readAnnouncement decodes an announcement; false when it is not one.
func readAnnouncement(line []byte) (announced, bool) {
	var a announced
	err := json.Unmarshal(line, &a)
	return a, err == nil && a.Nix != ""
}

// hostsAndEvalArgs is hostsAndEval's nix command line, its announcement
// made with nonce. Its batch is the first names, as many as
// Options.batchSize puts in a batch of the whole list.
func hostsAndEvalArgs(f *Flake, reqs []Request, opts Options, nonce string) []string {
	size := fmt.Sprint(opts.BatchSize)
	if opts.BatchSize <= 0 {
		jobs := max(opts.Jobs, 1)
		size = fmt.Sprintf("(let b = (n + %d) / %d; in if b > %d then %d else if b < 1 then 1 else b)", jobs-1, jobs, DefaultBatchSize, DefaultBatchSize)
	}
	apply := fmt.Sprintf("hosts: let names = builtins.attrNames hosts; n = builtins.length names; size = %s; "+
		"share = builtins.genList (builtins.elemAt names) (if size < n then size else n); extract = %s; "+
		"list = (%s) hosts; nix = builtins.nixVersion; in "+
		"builtins.trace (%s + builtins.toJSON { inherit list share nix; }) "+
		"{ inherit list nix; eval = builtins.listToAttrs (map (name: { inherit name; value = extract hosts.${name}; }) share); }",
		size, applyExpr(reqs, opts.MaxDepth, false), listHostsExpr, nixString(strings.TrimPrefix(announcePrefix(nonce), "trace: ")))
	return append(append([]string{"eval", "--json", "--no-eval-cache"}, f.configurations()...), "--apply", apply)
}

// configurations is the installable that evaluates to nixosConfigurations:
// the flake's output, or, for an untrusted flake, nixsec's own loader
// (untrusted.go).
func (f *Flake) configurations() []string {
	if f.sandbox != nil {
		return []string{"--impure", "--expr", "(" + f.sandbox.expr + ").nixosConfigurations"}
	}
	return []string{f.Ref + "#nixosConfigurations"}
}

// Relative maps a definition file to a path relative to the flake's
// directory in the checkout. It reports false for files outside the
// flake's own source (nixpkgs modules, other inputs).
func (f *Flake) Relative(file string) (string, bool) {
	if f == nil || f.StorePath == "" {
		return "", false
	}
	if strings.HasPrefix(file, storepath.StoreDir+"/") {
		first, rest, _ := strings.Cut(strings.TrimPrefix(file, storepath.StoreDir+"/"), "/")
		sp, err := storepath.FromAbsolutePath(storepath.StoreDir + "/" + first)
		if err != nil || sp.Absolute() != f.StorePath {
			return "", false
		}
		rel, err := filepath.Rel(filepath.FromSlash("/"+f.Dir), filepath.FromSlash("/"+rest))
		if err != nil {
			return "", false
		}
		return filepath.ToSlash(rel), true
	}
	// Without flakes (or with --impure) nix reports checkout paths.
	if f.LocalRoot != "" && filepath.IsAbs(file) {
		if rel, err := filepath.Rel(f.LocalRoot, file); err == nil && !strings.HasPrefix(rel, "..") {
			return filepath.ToSlash(rel), true
		}
	}
	return "", false
}

// readBounded reads a file of at most limit bytes; a larger one is an
// error (a lock file is kilobytes).
func readBounded(name string, limit int64) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer func() { _ = f.Close() }()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err == nil && int64(len(b)) > limit {
		err = fmt.Errorf("%s: larger than %d bytes", name, limit)
	}
	return b, err
}
