package evalbridge

import (
	"context"
	"encoding/json"
	"fmt"
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

// oneBatch is the most hosts that batchSize puts in a single batch: what
// the host list's call may evaluate itself (hostsAndEval) without taking
// parallelism from the batches.
func (o Options) oneBatch() int {
	switch {
	case o.BatchSize > 0:
		return o.BatchSize
	case o.Jobs <= 1:
		return DefaultBatchSize
	default:
		return 1
	}
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
// cleanly.
func (r *Runner) evaluateHosts(ctx context.Context, f *Flake, hosts []string, reqs []Request, opts Options, pre prefetch) []HostEval {
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
	// Hosts the host list's call evaluated already, or failed.
	rest := todo[:0:0]
	for _, h := range todo {
		var he HostEval
		if msg, ok := pre.failed[h]; ok {
			he = failedHost(h, msg)
		} else if raw := pre.raw[h]; raw != nil {
			he = r.hostResult(ctx, f, h, *raw, opts)
		} else {
			rest = append(rest, h)
			continue
		}
		finished(he)
		out = append(out, store(he))
	}
	jobs := max(opts.Jobs, 1)
	p := pool.NewWithResults[[]HostEval]().WithMaxGoroutines(jobs)
	for _, batch := range batches(rest, opts.batchSize(len(rest))) {
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
	if opts.Cache != nil && skipped < len(hosts) {
		opts.Cache.evict() // only a run that may have written entries grows the cache
	}
	return out
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
	alone  bool                  // evaluate the others one per process
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
		hosts, pre, err = r.hostsAndEval(ctx, f, reqs, opts, opts.oneBatch())
	} else {
		opts.Early.Stop()
		hosts, err = r.Hosts(ctx, f)
	}
	if err == nil && c != nil {
		c.putHosts(key, hosts)
	}
	return hosts, pre, err
}
