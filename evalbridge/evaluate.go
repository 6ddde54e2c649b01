// Package evalbridge is everything that talks to Nix: it resolves a flake,
// lists its nixosConfigurations and evaluates, per host and in one `nix
// eval`, only the option paths it is asked for, with their definition
// files mapped back to the user's checkout. It knows nothing about rules.
package evalbridge

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/nixsec/nixsec/optpath"
)

//go:embed extract.nix
var extractExpr string

// Request asks for one option path pattern and the older names NixOS
// renamed it from (whose definitions point at the user's line).
type Request struct {
	Path    []string
	Aliases [][]string
}

// Document is what `nixsec eval` writes and `check --from-json` reads.
type Document struct {
	Format int    `json:"nixsec_eval"`
	Flake  string `json:"flake"`
	Root   string `json:"root,omitempty"`
	// Source is the flake's directory in nix's store copy of its source:
	// exactly the files nix evaluated (for a git flake, the tracked ones).
	// Set only by evaluation, never read from a --from-json document.
	Source string `json:"-"`
	// Inputs are the flake's locked direct inputs (flake.lock).
	Inputs map[string]Input `json:"inputs"`
	Hosts  []HostEval       `json:"hosts"`
}

// maxExplained bounds the extra nix calls made per host for error messages.
const maxExplained = 8

// DocumentFormat is the version of Document.
const DocumentFormat = 1

// HostEval is one host's input document (docs/contracts.md).
type HostEval struct {
	Host    string              `json:"host"`
	Config  map[string]any      `json:"config"`
	Defined map[string]bool     `json:"defined"`
	Errors  map[string]string   `json:"errors"`
	Files   map[string][]string `json:"files"`
	// Error is set when the host as a whole could not be evaluated.
	Error string `json:"error,omitempty"`
	// Key is the host's evaluation cache key: it identifies everything
	// the document depends on ("" without a cache or for an unlocked
	// flake), so a caller may key what it derives from the document on it.
	Key string `json:"-"`
}

// Options of an evaluation.
type Options struct {
	Hosts    []string // only these; every host when empty
	Jobs     int      // nix processes at once
	MaxDepth int      // value nesting bound
	// BatchSize is the number of hosts one nix process evaluates (batch.go):
	// 1 is one process per host, 0 the default (DefaultBatchSize).
	BatchSize int
	// Shard, when Count > 1, keeps only this run's share of the hosts.
	Shard Shard
	// Cache, when set, answers unchanged hosts without nix (cache.go).
	Cache *Cache
	// Progress, when set, is called (never concurrently) as hosts finish.
	Progress func(Progress)
	// OnHost, when set, receives each host's result as soon as it is
	// known (from the cache or its nix process), possibly concurrently, so
	// that a caller can work on it while other hosts evaluate. It must
	// not block for long: it delays the next batch of its nix job. The
	// caller then owns the results: Evaluate returns each host with only
	// Host and Error, so a fleet's documents are never all in memory.
	OnHost func(HostEval)
	// Skip, when set with a Cache, is asked about each host with its cache
	// key before the host is looked up or evaluated; a host it answers
	// true for is neither (the caller already has what it needs from the
	// host: its results under that key) and is returned with only its name.
	Skip func(host, key string) bool
	// Early, when set, is the host list's call already started
	// (StartEarly): taken if it is the call the host list makes, stopped
	// otherwise.
	Early *Early
}

// Evaluate evaluates the requested paths on the flake's hosts, in parallel.
// A host that fails is returned with Error set; the error return is for
// problems that stop the whole run (nix missing, not a flake, unknown host).
func (r *Runner) Evaluate(ctx context.Context, f *Flake, reqs []Request, opts Options) ([]HostEval, error) {
	all, pre, err := r.hostList(ctx, f, reqs, opts)
	if err != nil {
		return nil, err
	}
	defer pre.call.Stop() // still running only when the run stops before its batch
	// The host list came another way than its call (the cache): nix's
	// version, if still unchecked, is asked before anything is evaluated.
	if err := r.checkPendingVersion(ctx, ""); err != nil {
		return nil, err
	}
	hosts := all
	if len(opts.Hosts) > 0 {
		known := map[string]bool{}
		for _, h := range all {
			known[h] = true
		}
		var unknown []string
		for _, h := range opts.Hosts {
			if !known[h] {
				unknown = append(unknown, h)
			}
		}
		if len(unknown) > 0 {
			return nil, &FlakeError{Err: fmt.Errorf("no host %s in nixosConfigurations of %s; the hosts are: %s",
				strings.Join(unknown, ", "), f.Ref, strings.Join(all, ", "))}
		}
		hosts = dedupe(opts.Hosts)
	}
	if hosts, err = opts.Shard.Select(hosts); err != nil {
		return nil, err
	}
	out, err := r.evaluateHosts(ctx, f, hosts, reqs, opts, pre)
	if err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Host < out[j].Host })
	return out, nil
}

// raw output of extract.nix
type rawEntry struct {
	Path     []string `json:"path"`
	Pattern  []string `json:"pattern"`
	OK       bool     `json:"ok"`
	Declared bool     `json:"declared"`
	Present  bool     `json:"present"`
	Value    any      `json:"value"`
	// Consistent: config.<path> reads the same as options.<path>.value.
	Consistent bool       `json:"consistent"`
	Defined    bool       `json:"defined"`
	Files      []string   `json:"files"`
	Aliases    []rawAlias `json:"aliases"`
}

type rawAlias struct {
	Path    []string `json:"path"`
	OK      bool     `json:"ok"`
	Defined bool     `json:"defined"`
	Files   []string `json:"files"`
}

type rawOutput struct {
	Version int  `json:"version"`
	HostOK  bool `json:"hostOk"`
	// IdentityError says why the host is not a NixOS evaluation.
	IdentityError string     `json:"identityError"`
	Entries       []rawEntry `json:"entries"`
}

type exprRequest struct {
	Path    []string   `json:"path"`
	Aliases [][]string `json:"aliases"`
}

// applyExpr builds the --apply argument: the embedded expression applied
// to the requests. Requests travel as JSON inside a Nix string, so only
// the characters special in Nix strings need escaping.
func applyExpr(reqs []Request, maxDepth int, strict bool) string {
	er := make([]exprRequest, len(reqs))
	for i, q := range reqs {
		er[i] = exprRequest(q)
		if er[i].Aliases == nil {
			er[i].Aliases = [][]string{}
		}
	}
	js, _ := json.Marshal(er)
	if maxDepth <= 0 {
		maxDepth = 12
	}
	return fmt.Sprintf("(%s) { requests = builtins.fromJSON %s; maxDepth = %d; strict = %t; }",
		extractExpr, nixString(string(js)), maxDepth, strict)
}

func nixString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, `$`, `\$`)
	return `"` + r.Replace(s) + `"`
}

// onHost is an --apply expression that gives fn the host named host. The
// name travels as JSON data: never in the installable's fragment, which
// nix percent-decodes (a host "d%62" would select host "db"), and never
// as Nix syntax.
func onHost(host, fn string) string {
	name, _ := json.Marshal(host)
	return fmt.Sprintf("hosts: (%s) hosts.${builtins.fromJSON %s}", fn, nixString(string(name)))
}

// evalHostArgs is the nix command line that applies fn to one host.
func evalHostArgs(f *Flake, host, fn string) []string {
	return append(append([]string{"eval", "--json", "--no-eval-cache"}, f.configurations()...), "--apply", onHost(host, fn))
}

// Argv returns the command lines of the nix calls an uncached run of
// every host makes when nothing fails: the metadata, then the host list
// (hostsAndEval's call, which evaluates the first batch) and one
// evaluation per other batch, --jobs at a time. The benchmarks run them
// bare to measure what nixsec adds.
func (r *Runner) Argv(f *Flake, hosts []string, reqs []Request, opts Options) [][]string {
	out := [][]string{
		r.with("flake", "metadata", "--json", f.Ref),
		r.with(hostsAndEvalArgs(f, reqs, opts, newNonce())...),
	}
	size := opts.batchSize(len(hosts))
	for _, batch := range batches(hosts[min(len(hosts), size):], size) {
		out = append(out, r.BatchArgv(f, batch, reqs, opts))
	}
	return out
}

// BatchArgv is the command line that evaluates one batch of hosts.
func (r *Runner) BatchArgv(f *Flake, batch []string, reqs []Request, opts Options) []string {
	return r.with(evalArgs(f, batch, reqs, opts)...)
}

// with is nix's full command line of args, as run gives it.
func (r *Runner) with(args ...string) []string {
	return append(append(append([]string{r.bin()}, args...), r.Extra...), baseFlags...)
}

func (r *Runner) evalHost(ctx context.Context, f *Flake, host string, reqs []Request, opts Options) HostEval {
	res, err := r.run(ctx, evalHostArgs(f, host, applyExpr(reqs, opts.MaxDepth, false))...)
	if err != nil {
		return failedHost(host, err.Error())
	}
	var out rawOutput
	if err := json.Unmarshal(res.stdout, &out); err != nil {
		return failedHost(host, fmt.Sprintf("cannot read the evaluation output: %v", err))
	}
	return r.hostResult(ctx, f, host, out, opts)
}

// hostResult turns one host's extraction output into its input document.
func (r *Runner) hostResult(ctx context.Context, f *Flake, host string, out rawOutput, opts Options) HostEval {
	he := failedHost(host, "")
	// Each failed path costs one more nix call to get its message; past a
	// few, the rest are reported without re-evaluation.
	explained := 0
	explain := func(path []string) string {
		if explained++; explained > maxExplained {
			return "evaluation of this path failed (a throw or an assertion); not re-evaluated for its message"
		}
		return r.explain(ctx, f, host, path, opts)
	}
	if out.IdentityError != "" {
		he.Error = "nixosConfigurations." + optpath.Format([]string{host}) + " is not what lib.nixosSystem returns: " +
			out.IdentityError + "; nixsec checks only real NixOS evaluations (docs/security.md)"
		return he
	}
	if !out.HostOK {
		he.Error = r.explainHost(ctx, f, host)
		return he
	}
	for _, e := range out.Entries {
		if e.OK && !e.Consistent {
			p := optpath.Format(e.Path)
			he.Error = fmt.Sprintf("nixosConfigurations.%s is not one NixOS evaluation: config.%s differs from options.%s.value (config or options replaced after evaluation); nixsec checks only real NixOS evaluations (docs/security.md)",
				optpath.Format([]string{host}), p, p)
			return failedHost(host, he.Error)
		}
	}
	for _, e := range out.Entries {
		key := optpath.Format(e.Path)
		if !e.OK {
			he.Errors[key] = explain(e.Path)
			continue
		}
		defined := e.Defined
		files := r.ownFiles(f, e.Files)
		for _, a := range e.Aliases {
			if !a.OK {
				he.Errors[optpath.Format(a.Path)] = explain(a.Path)
				continue
			}
			defined = defined || a.Defined
			files = append(files, r.ownFiles(f, a.Files)...)
		}
		if e.Present {
			setNested(he.Config, e.Path, e.Value)
		}
		if defined {
			he.Defined[key] = true
		}
		if files = dedupe(files); len(files) > 0 {
			he.Files[key] = files
		}
	}
	return he
}

// failedHost is an empty document for host with Error set to msg.
func failedHost(host, msg string) HostEval {
	return HostEval{Host: host, Config: map[string]any{}, Defined: map[string]bool{}, Errors: map[string]string{}, Files: map[string][]string{}, Error: msg}
}

// explain re-evaluates one failed path without tryEval, which hides the
// message, so that the report carries Nix's own words.
func (r *Runner) explain(ctx context.Context, f *Flake, host string, path []string, opts Options) string {
	_, err := r.run(ctx, evalHostArgs(f, host, applyExpr([]Request{{Path: path}}, opts.MaxDepth, true))...)
	var ne *NixError
	if errors.As(err, &ne) {
		return ne.Message
	}
	if err != nil {
		return err.Error()
	}
	return "evaluation failed under builtins.tryEval (a throw or an assertion)"
}

// explainHost gets Nix's message for a host whose config does not evaluate.
func (r *Runner) explainHost(ctx context.Context, f *Flake, host string) string {
	_, err := r.run(ctx, evalHostArgs(f, host, "h: builtins.seq h.config (builtins.seq h.options true)")...)
	if err != nil {
		return err.Error()
	}
	return "the host's config does not evaluate (a throw or an assertion)"
}

func (r *Runner) ownFiles(f *Flake, files []string) []string {
	var out []string
	for _, file := range files {
		if rel, ok := f.Relative(file); ok {
			out = append(out, rel)
		}
	}
	return out
}

// setNested stores v at path inside m, creating the objects on the way.
func setNested(m map[string]any, path []string, v any) {
	for i, c := range path {
		if i == len(path)-1 {
			if existing, ok := m[c].(map[string]any); ok {
				if vm, ok := v.(map[string]any); ok {
					for k, x := range vm {
						existing[k] = x
					}
					return
				}
			}
			m[c] = v
			return
		}
		next, ok := m[c].(map[string]any)
		if !ok {
			next = map[string]any{}
			m[c] = next
		}
		m = next
	}
}

func dedupe(xs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}
