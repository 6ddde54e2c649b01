package lint

import (
	"context"
	"fmt"
	"io/fs"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/sourcegraph/conc/pool"

	"github.com/nixsec/nixsec/engine"
	"github.com/nixsec/nixsec/evalbridge"
	"github.com/nixsec/nixsec/report"
	"github.com/nixsec/nixsec/rule"
)

// hostSource is where a run's hosts come from: nix evaluating the flake,
// or a document `nixsec eval` wrote (--from-json). Both go through one
// path (check): doc is the document the hosts belong to (all but its
// Hosts), and hosts hands each host to emit as soon as it is ready, then
// returns them all: whole when emit is nil, else only their Host and
// Error (emit owns them; a fleet's documents are never all in memory).
// A host skip answers true for (given its evaluation cache key) is
// neither evaluated nor emitted: the caller has its findings, or, if they
// turn out unreadable, evaluates it alone with one.
type hostSource struct {
	doc   *evalbridge.Document
	hosts func(ctx context.Context, emit func(evalbridge.HostEval), skip func(host, key string) bool) ([]evalbridge.HostEval, error)
	one   func(ctx context.Context, host string) (evalbridge.HostEval, error)
	// root is what may be read of the flake to place findings (sourceFS).
	root fs.FS
}

// openSource opens the run's host source: the document of cfg.Eval.FromJSON,
// else the flake, loaded by nix (or, untrusted, by nixsec's own loader).
// onNix is called before the first nix call, if any (nothing is called
// when the flake's resolution comes from the cache). requests says what
// to evaluate of each host, asked when hosts are: the rules may still be
// loading while the flake resolves.
func openSource(ctx context.Context, cfg Config, requests func() []evalbridge.Request, onNix func(), early *earlyCall) (*hostSource, error) {
	if cfg.Eval.FromJSON != "" {
		return streamDocument(cfg.Eval.FromJSON)
	}
	r, flake, cached, err := resolve(ctx, cfg, early != nil, func(r *evalbridge.Runner) {
		// nix first: onNix starts compiling the rules, CPU the
		// scheduler may give it before a goroutine that is to start nix.
		early.nixRuns(ctx, r)
		if onNix != nil {
			onNix()
		}
	})
	if err != nil {
		return nil, err
	}
	if cfg.Stats != nil {
		cfg.Stats.ResolveCached = cached
	}
	doc := &evalbridge.Document{Format: evalbridge.DocumentFormat, Flake: cfg.Eval.Flake, Root: flake.LocalRoot, Inputs: flake.Inputs,
		Source: filepath.Join(flake.StorePath, flake.Dir)}
	return &hostSource{doc: doc, root: sourceFS(doc), hosts: func(ctx context.Context, emit func(evalbridge.HostEval), skip func(host, key string) bool) ([]evalbridge.HostEval, error) {
		opts := evalOptions(cfg)
		opts.Progress, opts.OnHost, opts.Skip, opts.Early = cfg.Eval.Progress, emit, skip, early.started()
		return r.Evaluate(ctx, flake, requests(), opts)
	}, one: func(ctx context.Context, host string) (evalbridge.HostEval, error) {
		hs, err := r.Evaluate(ctx, flake, requests(), evalbridge.Options{Hosts: []string{host}, Jobs: 1, Cache: cfg.Eval.Cache})
		if err != nil {
			return evalbridge.HostEval{}, err
		}
		if len(hs) != 1 {
			return evalbridge.HostEval{}, fmt.Errorf("internal error: evaluating host %s gave %d results", host, len(hs))
		}
		return hs[0], nil
	}}, nil
}

// resolve checks nix and loads the flake: with nix's flake loader, or,
// untrusted, with nixsec's own. With the cache, an unchanged local git
// flake is resolved from it, without nix (cached is then true). Without
// it, and when the host list's call starts early (earlyCall), nix's
// version comes with that call's answer (evalbridge.ResolveVersionLater).
func resolve(ctx context.Context, cfg Config, early bool, onNix func(*evalbridge.Runner)) (r *evalbridge.Runner, flake *evalbridge.Flake, cached bool, err error) {
	r = &evalbridge.Runner{Nix: cfg.Eval.Nix, Timeout: cfg.Eval.Timeout, MaxMemory: cfg.Eval.MaxMemory, Extra: cfg.Eval.NixFlags}
	nixRuns := func() {
		if onNix != nil {
			onNix(r)
		}
	}
	var nixVersion string
	if cfg.Eval.Cache != nil && !cfg.Untrusted {
		flake, nixVersion, cached, err = r.ResolveCached(ctx, cfg.Eval.Flake, cfg.Eval.Cache, nixRuns)
	} else {
		nixRuns()
		if early && cfg.Eval.Cache == nil && !cfg.Untrusted {
			flake, err = r.ResolveVersionLater(ctx, cfg.Eval.Flake)
		} else {
			flake, nixVersion, err = r.CheckAndResolve(ctx, cfg.Eval.Flake, cfg.Untrusted)
		}
	}
	if err != nil {
		return nil, nil, false, err
	}
	if cfg.Eval.Cache != nil {
		cfg.Eval.Cache.NixVersion = nixVersion
	}
	return r, flake, cached, nil
}

// evalOptions are the evaluation's options of cfg: what the host list's
// call is made of, early or not.
func evalOptions(cfg Config) evalbridge.Options {
	jobs := cfg.Eval.Jobs
	if jobs <= 0 {
		jobs = min(runtime.NumCPU(), 4)
	}
	return evalbridge.Options{Hosts: cfg.Eval.Hosts, Jobs: jobs, BatchSize: cfg.Eval.BatchSize, Shard: cfg.Eval.Shard, Cache: cfg.Eval.Cache}
}

// earlyCall starts the host list's call while the flake resolves
// (evalbridge.StartEarly), once nix is to run and the rules have said
// what to evaluate, whichever comes last. Only for a run that evaluates
// every host of a flake nix loads (not --untrusted, --host, --shard or
// --from-json), where the host list's call needs nothing the resolution
// answers, and of a flake in a local directory: a remote one would be
// fetched by both calls at once. Its methods do nothing on nil.
type earlyCall struct {
	cfg     Config
	mu      sync.Mutex
	ctx     context.Context
	r       *evalbridge.Runner
	reqs    []evalbridge.Request
	loaded  bool
	stopped bool
	call    *evalbridge.Early
}

func newEarlyCall(cfg Config) *earlyCall {
	if cfg.Eval.FromJSON != "" || cfg.Untrusted || len(cfg.Eval.Hosts) > 0 || cfg.Eval.Shard.Count > 1 {
		return nil
	}
	// NormalizeRef makes an existing directory's reference absolute.
	if dir, _, _ := strings.Cut(evalbridge.NormalizeRef(cfg.Eval.Flake), "#"); !filepath.IsAbs(dir) {
		return nil
	}
	return &earlyCall{cfg: cfg}
}

// nixRuns says that nix resolves the flake (it is not cached), with r.
// It is called before the resolution starts: the call starts with a copy
// of r as it is then, since the resolution goes on to set r's source.
func (e *earlyCall) nixRuns(ctx context.Context, r *evalbridge.Runner) {
	if e == nil {
		return
	}
	snapshot := *r
	e.mu.Lock()
	defer e.mu.Unlock()
	e.ctx, e.r = ctx, &snapshot
	e.startLocked()
}

// rulesLoaded gives what the rules evaluate.
func (e *earlyCall) rulesLoaded(reqs []evalbridge.Request) {
	if e == nil {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.reqs, e.loaded = reqs, true
	e.startLocked()
}

func (e *earlyCall) startLocked() {
	if e.r != nil && e.loaded && e.call == nil && !e.stopped {
		e.call = e.r.StartEarly(e.ctx, e.cfg.Eval.Flake, e.reqs, evalOptions(e.cfg))
	}
}

// started is the call, if it started.
func (e *earlyCall) started() *evalbridge.Early {
	if e == nil {
		return nil
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.call
}

// stop kills the call if it still runs, and keeps it from starting.
func (e *earlyCall) stop() {
	if e == nil {
		return
	}
	e.mu.Lock()
	e.stopped = true
	c := e.call
	e.mu.Unlock()
	c.Stop()
}

// documentSource hands out the hosts of a document read whole.
func documentSource(doc *evalbridge.Document) *hostSource {
	return &hostSource{doc: doc, root: sourceFS(doc), hosts: func(_ context.Context, emit func(evalbridge.HostEval), _ func(string, string) bool) ([]evalbridge.HostEval, error) {
		for _, h := range doc.Hosts {
			if emit != nil {
				emit(h)
			}
		}
		return doc.Hosts, nil
	}}
}

// Evaluate produces the input document of the run's hosts: from nix, or
// from --from-json.
func Evaluate(ctx context.Context, cfg Config, enabled []*rule.Meta) (*evalbridge.Document, error) {
	src, err := openSource(ctx, cfg, func() []evalbridge.Request { return Requests(enabled) }, nil, nil)
	if err != nil {
		return nil, err
	}
	if src.doc.Hosts, err = src.hosts(ctx, nil, nil); err != nil {
		return nil, err
	}
	return src.doc, nil
}

// Run is the whole check: evaluate, lint, report. The rules' METADATA is
// enough to know what to evaluate, so the query compiles while nix runs,
// and each host is linted as soon as its evaluation lands, while nix works
// on the others: Rego's time hides behind Nix's wherever a core is free.
func Run(ctx context.Context, cfg Config) (*report.Report, error) {
	start := time.Now()
	if cfg.Now.IsZero() {
		// Rules see the day, as with --now: findings cached today stay
		// true all day (findcache.go).
		cfg.Now = start.UTC().Truncate(24 * time.Hour)
	}
	// The flake resolves (nix --version and nix flake metadata, or their
	// cached answer) while the rules load: neither needs the other, and a
	// cold check of a small flake waits on both. A broken policy is still
	// the first thing reported, and stops the resolution.
	rctx, stopResolve := context.WithCancel(ctx)
	defer stopResolve()
	type opened struct {
		src *hostSource
		err error
		at  time.Time
	}
	var (
		rules    *runRules
		reqs     []evalbridge.Request
		nixRan   atomic.Bool
		compiler atomic.Pointer[preparer]
		resolved = make(chan opened, 1)
	)
	// A flake that nix resolves is also evaluated as soon as the rules
	// are loaded, beside the resolution (earlyCall).
	early := newEarlyCall(cfg)
	defer early.stop()
	go func() {
		src, err := openSource(rctx, cfg, func() []evalbridge.Request { return reqs }, func() {
			nixRan.Store(true)
			if p := compiler.Load(); p != nil {
				p.start() // nix evaluates the flake: compile beside it
			}
		}, early)
		resolved <- opened{src, err, time.Now()}
	}()
	rules, err := loadRules(cfg)
	if err != nil {
		stopResolve()
		<-resolved
		return nil, err
	}
	loaded := time.Now()
	reqs = Requests(rules.enabled)
	early.rulesLoaded(reqs)
	prep := newPreparer(compileBundle(ctx, rules.bundle, ruleIDs(rules.enabled), cfg.Stats))
	fc := newFindingsCache(cfg, rules, cfg.Now)
	if fc == nil {
		prep.start() // every host is linted: compile beside nix from the start
	}
	// Else as soon as nix runs (a host then likely has no findings
	// cached): there in onNix or here, whichever comes last.
	compiler.Store(prep)
	if nixRan.Load() {
		prep.start()
	}
	o := <-resolved
	src, err := o.src, o.err
	if cfg.Stats != nil {
		cfg.Stats.Load = report.Millis(loaded.Sub(start))
		cfg.Stats.Resolve = report.Millis(o.at.Sub(start))
		defer func() {
			cfg.Stats.Total = report.Millis(time.Since(start))
			cfg.Stats.CPU = report.Millis(ownCPU())
		}()
	}
	if err != nil {
		if _, perr := prep.wait(); perr != nil {
			return nil, perr // a broken policy is the first thing to fix
		}
		return nil, err
	}
	return check(ctx, cfg, rules.enabled, rules.all, prep, fc, src, src.root)
}

// ownCPU is the processor time this process has used, all its threads,
// without its children's (nix's).
func ownCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// Lint runs the enabled rules on every host of a document, with an engine
// already prepared.
func Lint(ctx context.Context, eng *engine.Engine, enabled []*rule.Meta, doc *evalbridge.Document, root fs.FS, cfg Config) (*report.Report, error) {
	return check(ctx, cfg, enabled, eng.Rules(), newPreparer(func() (*engine.Engine, error) { return eng, nil }), nil, documentSource(doc), root)
}

// check lints every host src yields on one worker pool (one goroutine per
// core), each host as it arrives, and gathers the report. The engine is
// waited for by the first host that needs it. A host whose rules cannot
// run fails the run, and cancels the evaluation of the others.
func check(ctx context.Context, cfg Config, enabled, all []*rule.Meta, prep *preparer, fc *findingsCache, src *hostSource, root fs.FS) (*report.Report, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	l := newHostLinter(enabled, src.doc, root, cfg)
	l.src.ctx = ctx
	l.cache = fc
	if fc != nil { // nix's source of the flake, not --from-json's
		l.src.markers = newMarkers(fc.c, src.doc.Source)
	}
	p := pool.NewWithResults[hostResult]().WithErrors().WithContext(ctx).WithMaxGoroutines(max(1, runtime.NumCPU()))
	q := newFeed(func(h evalbridge.HostEval) {
		p.Go(func(ctx context.Context) (hostResult, error) {
			eng, perr := prep.wait()
			if perr != nil {
				return hostResult{}, nil //nolint:nilerr // the engine's error is reported once, after the pool
			}
			res, err := l.lint(ctx, eng, h)
			if err != nil {
				cancel() // a rule that cannot run fails the run: stop nix early
			}
			return res, err
		})
	})
	var fromCache atomic.Int64
	skip := func(host, key string) bool {
		if src.one == nil || !fc.has(key) {
			prep.start() // this host will be linted
			return false
		}
		// Read on the pool, hosts in parallel; an entry that turns out
		// unreadable costs that host its evaluation, never its check.
		p.Go(func(ctx context.Context) (hostResult, error) {
			if res, ok := fc.get(host, key); ok {
				fromCache.Add(1)
				return res, nil
			}
			h, err := src.one(ctx, host)
			if err != nil {
				return hostResult{}, err
			}
			eng, err := prep.wait()
			if err != nil {
				return hostResult{}, nil //nolint:nilerr // the engine's error is reported once, after the pool
			}
			return l.lint(ctx, eng, h)
		})
		return true
	}
	evalStart := time.Now()
	hosts, evalErr := src.hosts(ctx, q.push, skip)
	evaluated := time.Since(evalStart)
	q.close()
	results, lintErr := p.Wait()
	// Every host answered from the cache was linted by a run with these
	// very rules, which compiled: the bundle need not be.
	if prep.started() {
		if _, err := prep.wait(); err != nil {
			return nil, err
		}
	}
	if lintErr != nil {
		return nil, lintErr
	}
	if evalErr != nil {
		return nil, evalErr
	}
	if len(results) != len(hosts) { // never expected; a host must not go unchecked
		return nil, fmt.Errorf("internal error: %d hosts evaluated, %d linted", len(hosts), len(results))
	}
	doc := *src.doc
	doc.Hosts = hosts
	reportStart := time.Now()
	rep := l.report(&doc, all, results, cfg)
	if cfg.Stats != nil {
		cfg.Stats.Hosts = len(hosts)
		cfg.Stats.Evaluate = report.Millis(evaluated)
		cfg.Stats.Rules = report.Millis(l.rules.Load())
		cfg.Stats.Place = report.Millis(l.place.Load())
		cfg.Stats.Report = report.Millis(time.Since(reportStart))
		cfg.Stats.FindingsCached = int(fromCache.Load())
		rep.Stats = cfg.Stats
	}
	return rep, nil
}

// feed hands hosts to the pool in arrival order without blocking the
// sender while the pool keeps up: nix's job goroutine starts its next
// batch while the pool is busy with the last one's hosts. When it does not
// keep up, push waits once limit hosts are queued: a host's document is
// large (about 1 MiB for a NixOS system), and a queue that grows without
// bound held hundreds of them (--from-json reads hosts faster than Rego
// checks them).
type feed struct {
	mu     sync.Mutex
	space  sync.Cond // signalled when the queue is taken
	limit  int
	queue  []evalbridge.HostEval
	closed bool
	wake   chan struct{}
	done   chan struct{}
}

func newFeed(submit func(evalbridge.HostEval)) *feed {
	f := &feed{wake: make(chan struct{}, 1), done: make(chan struct{}), limit: 2 * max(1, runtime.NumCPU())}
	f.space.L = &f.mu
	go func() {
		defer close(f.done)
		for {
			f.mu.Lock()
			batch, closed := f.queue, f.closed
			f.queue = nil
			f.space.Broadcast()
			f.mu.Unlock()
			for i := range batch {
				submit(batch[i])
				batch[i] = evalbridge.HostEval{} // submitted: the pool's task holds it now
			}
			if closed && len(batch) == 0 {
				return
			}
			if len(batch) == 0 {
				<-f.wake
			}
		}
	}()
	return f
}

func (f *feed) push(h evalbridge.HostEval) {
	f.mu.Lock()
	for len(f.queue) >= f.limit {
		f.space.Wait()
	}
	f.queue = append(f.queue, h)
	f.mu.Unlock()
	select {
	case f.wake <- struct{}{}:
	default:
	}
}

// close waits until every pushed host is submitted.
func (f *feed) close() {
	f.mu.Lock()
	f.closed = true
	f.mu.Unlock()
	select {
	case f.wake <- struct{}{}:
	default:
	}
	<-f.done
}

// preparer compiles the bundle in the background once started; a run
// whose every host comes from the findings cache never starts it.
type preparer struct {
	once  sync.Once
	began atomic.Bool
	run   func()
	wait  func() (*engine.Engine, error) // starts it if need be
}

func newPreparer(compile func() (*engine.Engine, error)) *preparer {
	type prepared struct {
		eng *engine.Engine
		err error
	}
	ready := make(chan prepared, 1)
	p := &preparer{}
	p.run = func() {
		p.began.Store(true)
		go func() {
			eng, err := compile()
			ready <- prepared{eng, err}
		}()
	}
	p.wait = sync.OnceValues(func() (*engine.Engine, error) {
		p.start()
		r := <-ready
		return r.eng, r.err
	})
	return p
}

// ruleIDs are the rules' ids.
func ruleIDs(rs []*rule.Meta) []string {
	ids := make([]string, len(rs))
	for i, r := range rs {
		ids[i] = r.ID
	}
	return ids
}

// compileBundle prepares the enabled rules of the bundle, timed for
// --stats.
func compileBundle(ctx context.Context, bundle func() (*engine.Bundle, error), enabled []string, stats *report.Stats) func() (*engine.Engine, error) {
	return func() (*engine.Engine, error) {
		start := time.Now()
		b, err := bundle()
		if err != nil {
			return nil, err
		}
		// The selection may come from the index or the cache: a rule it
		// enables that the bundle does not have would find nothing.
		loaded := map[string]bool{}
		for _, r := range b.Rules() {
			loaded[r.ID] = true
		}
		for _, id := range enabled {
			if !loaded[id] {
				return nil, fmt.Errorf("internal error: rule %s is enabled but was not loaded (a stale rules/index_gen.go or rules cache entry: run go generate ./rules, or check with --no-cache)", id)
			}
		}
		eng, err := b.Only(enabled).Prepare(ctx)
		if stats != nil {
			stats.Compile = report.Millis(time.Since(start)) // read after the pool, which waits for this
		}
		return eng, err
	}
}

// start begins compiling, once; safe to call from any goroutine.
func (p *preparer) start() { p.once.Do(p.run) }

func (p *preparer) started() bool { return p.began.Load() }
