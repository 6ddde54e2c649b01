package evalbridge

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sync"

	"github.com/sourcegraph/conc/pool"
)

// DefaultBatchSize is the number of hosts one nix process evaluates when
// Options.BatchSize is 0. A batch shares one nix start, one parse of the
// flake and of the module library, and one copy of the flake's source:
// measured in docs/performance.md. It stays small enough that progress
// moves, that one crashing host costs little to retry, and that a nix
// process never holds many evaluated configurations at once.
const DefaultBatchSize = 8

// Shard selects a deterministic share of the hosts: the hosts whose index
// in the sorted host list is Index-1 modulo Count (1 <= Index <= Count).
// Shards 1/N .. N/N together cover every host exactly once, and are
// balanced to within one host.
type Shard struct {
	Index, Count int
}

// ParseShard reads "I/N".
func ParseShard(s string) (Shard, error) {
	var sh Shard
	if _, err := fmt.Sscanf(s, "%d/%d", &sh.Index, &sh.Count); err != nil || fmt.Sprintf("%d/%d", sh.Index, sh.Count) != s {
		return Shard{}, fmt.Errorf("%q is not I/N (e.g. 2/4)", s)
	}
	if sh.Count < 1 || sh.Index < 1 || sh.Index > sh.Count {
		return Shard{}, fmt.Errorf("%q: want 1 <= I <= N", s)
	}
	return sh, nil
}

func (s Shard) String() string { return fmt.Sprintf("%d/%d", s.Index, s.Count) }

// Select keeps the shard's hosts of a sorted list.
func (s Shard) Select(sorted []string) ([]string, error) {
	if s.Count <= 1 {
		return sorted, nil
	}
	if s.Index < 1 || s.Index > s.Count {
		return nil, fmt.Errorf("shard %d/%d: want 1 <= I <= N", s.Index, s.Count)
	}
	var out []string
	for i, h := range sorted {
		if i%s.Count == s.Index-1 {
			out = append(out, h)
		}
	}
	return out, nil
}

// Progress is reported after each host: Done of Total hosts are finished,
// Host is the one that just finished, Cached says it came from the cache.
type Progress struct {
	Done, Total int
	Host        string
	Cached      bool
}

// batchSize is the hosts per nix process for n hosts: BatchSize when set,
// else DefaultBatchSize, but never so large that fewer than Jobs
// processes would share the hosts.
func (o Options) batchSize(n int) int {
	if o.BatchSize > 0 {
		return o.BatchSize
	}
	jobs := max(o.Jobs, 1)
	return max(1, min(DefaultBatchSize, (n+jobs-1)/jobs))
}

// batches cuts hosts into consecutive groups of at most n.
func batches(hosts []string, n int) [][]string {
	var out [][]string
	for len(hosts) > 0 {
		k := min(n, len(hosts))
		out = append(out, hosts[:k])
		hosts = hosts[k:]
	}
	return out
}

// evalArgs is the nix command line (without the base flags) that
// evaluates a batch: one host as before, several hosts with the same
// extraction applied to each inside one expression.
func evalArgs(f *Flake, batch []string, reqs []Request, opts Options) []string {
	if len(batch) == 1 {
		return evalHostArgs(f, batch[0], applyExpr(reqs, opts.MaxDepth, false))
	}
	names, _ := json.Marshal(batch)
	apply := fmt.Sprintf("hosts: let extract = %s; in builtins.listToAttrs (map (name: { inherit name; value = extract hosts.${name}; }) (builtins.fromJSON %s))",
		applyExpr(reqs, opts.MaxDepth, false), nixString(string(names)))
	return append(append([]string{"eval", "--json", "--no-eval-cache"}, f.configurations()...), "--apply", apply)
}

// evaluateHosts evaluates hosts in batches, --jobs processes at once,
// answering from the cache where it can and storing what evaluated
// cleanly. The host list's call, when it is still evaluating its batch
// (prefetch.call), counts as one of the processes. The error is a nix
// whose answer nixsec refuses (shareResults): it stops the run.
func (r *Runner) evaluateHosts(ctx context.Context, f *Flake, hosts []string, reqs []Request, opts Options, pre prefetch) ([]HostEval, error) {
	var mu sync.Mutex
	done := 0
	report := func(he HostEval, cached bool) {
		if opts.OnHost != nil {
			opts.OnHost(he)
		}
		if opts.Progress == nil {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		done++
		opts.Progress(Progress{Done: done, Total: len(hosts), Host: he.Host, Cached: cached})
	}
	var out []HostEval
	var todo []string
	keys := map[string]string{}
	skipped := 0
	var hostKey func(string) string
	if opts.Cache != nil {
		hostKey = opts.Cache.hostKeys(f, reqs, opts)
	}
	for _, h := range hosts {
		if opts.Cache != nil {
			key := hostKey(h)
			if key != "" && opts.Skip != nil && opts.Skip(h, key) {
				skipped++
				out = append(out, HostEval{Host: h})
				if opts.Progress != nil {
					done++
					opts.Progress(Progress{Done: done, Total: len(hosts), Host: h, Cached: true})
				}
				continue
			}
			if he, ok := opts.Cache.getHost(key, h); ok {
				he.Key = key
				report(he, true)
				out = append(out, opts.kept(he))
				continue
			}
			keys[h] = key
		}
		todo = append(todo, h)
	}
	finished := func(he HostEval) {
		he.Key = keys[he.Host]
		report(he, false)
	}
	store := func(he HostEval) HostEval {
		if opts.Cache != nil && cacheable(he) {
			opts.Cache.putHost(keys[he.Host], he)
		}
		return opts.kept(he)
	}
	// Hosts the host list's call evaluated already, or failed, or
	// evaluates still (share).
	rest := todo[:0:0]
	var share, alone []string
	for _, h := range todo {
		var he HostEval
		switch msg, failed := pre.failed[h]; {
		case failed:
			he = failedHost(h, msg)
		case pre.raw[h] != nil:
			he = r.hostResult(ctx, f, h, *pre.raw[h], opts)
		case pre.call != nil && slices.Contains(pre.share, h):
			share = append(share, h)
			continue
		case slices.Contains(pre.alone, h):
			alone = append(alone, h)
			continue
		default:
			rest = append(rest, h)
			continue
		}
		finished(he)
		out = append(out, store(he))
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var refused error
	jobs := max(opts.Jobs, 1)
	p := pool.NewWithResults[[]HostEval]().WithMaxGoroutines(jobs)
	// The host list's call is awaited even when its hosts came from the
	// cache: nothing of an announced list is used before it is confirmed.
	if pre.call != nil {
		p.Go(func() []HostEval {
			res, err := r.shareResults(ctx, f, pre, share, reqs, opts, finished)
			if err != nil {
				refused = err
				cancel(err)
			}
			for i, he := range res {
				res[i] = store(he)
			}
			return res
		})
	}
	// Beside the host list's call, the rest is cut as the call cut its
	// batch: the batches of all the hosts, the first being the call's.
	size := opts.batchSize(len(rest))
	if len(share) > 0 {
		size = opts.batchSize(len(hosts))
	}
	for _, batch := range append(batches(alone, 1), batches(rest, size)...) {
		p.Go(func() []HostEval {
			res := r.evalBatch(ctx, f, batch, reqs, opts, finished)
			for i, he := range res {
				res[i] = store(he)
			}
			return res
		})
	}
	for _, res := range p.Wait() {
		out = append(out, res...)
	}
	if refused != nil {
		return nil, refused
	}
	if opts.Cache != nil && skipped < len(hosts) {
		opts.Cache.evict() // only a run that may have written entries grows the cache
	}
	return out, nil
}

// shareResults are the results of hosts, of the host list's call's batch
// (pre.share), once the call has answered. The announced list is
// confirmed first, from a nix not too old: by the call's answer, or, when
// the call failed, by a listing of its own; else the run stops (the
// error). When the call failed, a batch of one host has failed with its
// message (the listing succeeded: the failure is the host's); the hosts
// of a larger batch are evaluated alone, as in evalBatch.
func (r *Runner) shareResults(ctx context.Context, f *Flake, pre prefetch, hosts []string, reqs []Request, opts Options, finished func(HostEval)) ([]HostEval, error) {
	res, err := r.wait(ctx, pre.call)
	var ans listAnswer
	if err == nil {
		if jerr := json.Unmarshal(res.stdout, &ans); jerr != nil {
			err = fmt.Errorf("cannot read the evaluation output: %w", jerr)
		}
	}
	// A stopped run confirms nothing, and fails its hosts.
	if err == nil || ctx.Err() == nil {
		answered := &ans
		if err != nil {
			answered = nil
		}
		if cerr := r.confirmList(ctx, f, pre, answered); cerr != nil {
			return nil, cerr
		}
	}
	out := make([]HostEval, 0, len(hosts))
	for _, h := range hosts {
		var he HostEval
		switch {
		case err != nil && (ctx.Err() != nil || len(pre.share) == 1):
			he = failedHost(h, err.Error())
		case err != nil || ans.Eval[h] == nil:
			he = r.evalHost(ctx, f, h, reqs, opts)
		default:
			he = r.hostResult(ctx, f, h, *ans.Eval[h], opts)
		}
		finished(he)
		out = append(out, he)
	}
	return out, nil
}

// confirmList checks the announced list against the call's answer ans,
// or, when the call failed (ans nil), against a listing of its own, and
// nix's version that the announcement gave, by the answer's or by asking
// nix.
func (r *Runner) confirmList(ctx context.Context, f *Flake, pre prefetch, ans *listAnswer) error {
	if ans == nil {
		if pre.askVersion {
			if _, err := r.CheckVersion(ctx); err != nil {
				return err
			}
		}
		hosts, err := r.Hosts(ctx, f)
		if err != nil {
			return err
		}
		if !slices.Equal(hosts, names(pre.list)) {
			return fmt.Errorf("nix's host list of %s is not the list it announced", f.Ref)
		}
	} else {
		if _, err := r.checkVersionOutput(ans.Nix); err != nil {
			return err
		}
		if !slices.Equal(ans.List, pre.list) {
			return fmt.Errorf("nix's answer for the host list of %s is not the list it announced", f.Ref)
		}
	}
	if pre.confirmed != nil {
		pre.confirmed()
	}
	return nil
}

// kept is what Evaluate keeps of a host's result: all of it, or only its
// name and error when OnHost has taken it.
func (o Options) kept(he HostEval) HostEval {
	if o.OnHost == nil {
		return he
	}
	return HostEval{Host: he.Host, Error: he.Error}
}

// evalBatch evaluates the hosts of one batch in one nix process. When the
// process fails as a whole (a host that aborts, runs out of memory or
// recurses forever, beyond what tryEval catches), each host is evaluated
// alone, so that one bad host fails only itself with its own message.
func (r *Runner) evalBatch(ctx context.Context, f *Flake, batch []string, reqs []Request, opts Options, finished func(HostEval)) []HostEval {
	single := func(h string) HostEval {
		he := r.evalHost(ctx, f, h, reqs, opts)
		finished(he)
		return he
	}
	if len(batch) == 1 {
		return []HostEval{single(batch[0])}
	}
	res, err := r.run(ctx, evalArgs(f, batch, reqs, opts)...)
	var raw map[string]*rawOutput // decoded in one pass: the output is large
	if err == nil {
		err = json.Unmarshal(res.stdout, &raw)
	}
	if err != nil && ctx.Err() != nil {
		var out []HostEval
		for _, h := range batch {
			he := failedHost(h, err.Error())
			finished(he)
			out = append(out, he)
		}
		return out
	}
	out := make([]HostEval, 0, len(batch))
	for _, h := range batch {
		if err != nil || raw[h] == nil {
			out = append(out, single(h))
			continue
		}
		he := r.hostResult(ctx, f, h, *raw[h], opts)
		finished(he)
		out = append(out, he)
	}
	return out
}

// cacheable: only a host that evaluated without any error is cached;
// errors may be transient (timeouts, memory) and are cheap to redo.
func cacheable(he HostEval) bool {
	return he.Error == "" && len(he.Errors) == 0
}

// prefetch is what the host list's call learnt of the hosts
// (hostsAndEval).
type prefetch struct {
	raw    map[string]*rawOutput // evaluated hosts
	failed map[string]string     // hosts that failed, with the message
	alone  []string              // hosts to evaluate one per process
	// call, when set, is the host list's call, which announced the list
	// and still evaluates share, the first batch; its answer must repeat
	// list (shareResults), and confirmed, when set, is called once it
	// has.
	call      *Early
	share     []string
	list      []namedHost
	confirmed func()
	// askVersion: nix's version came from the announcement only; a
	// failed call confirms it by asking nix (confirmList).
	askVersion bool
}

// hostList lists the hosts, from the cache when the flake is unchanged.
// Else, when the run evaluates every host (no --host, no shard), the
// listing call also evaluates the hosts if they fit one batch
// (hostsAndEval).
func (r *Runner) hostList(ctx context.Context, f *Flake, reqs []Request, opts Options) ([]string, prefetch, error) {
	c := opts.Cache
	key := ""
	if c != nil {
		key = c.hostsKey(f)
		if hosts, ok := c.getHosts(key); ok {
			opts.Early.Stop()
			return hosts, prefetch{}, nil
		}
	}
	var hosts []string
	var pre prefetch
	var err error
	if len(opts.Hosts) == 0 && opts.Shard.Count <= 1 {
		hosts, pre, err = r.hostsAndEval(ctx, f, reqs, opts)
	} else {
		opts.Early.Stop()
		hosts, err = r.Hosts(ctx, f)
	}
	if err == nil && c != nil {
		if pre.call != nil {
			// An announced list is kept once the call's answer (or a
			// listing of its own) has confirmed it (shareResults).
			pre.confirmed = func() { c.putHosts(key, hosts) }
		} else {
			c.putHosts(key, hosts)
		}
	}
	return hosts, pre, err
}
