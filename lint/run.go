package lint

import (
	"context"
	"fmt"
	"io/fs"
	"path/filepath"
	"runtime"
	"sync"
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
type hostSource struct {
	doc   *evalbridge.Document
	hosts func(ctx context.Context, emit func(evalbridge.HostEval)) ([]evalbridge.HostEval, error)
}

// openSource opens the run's host source: the document of cfg.Eval.FromJSON,
// else the flake, loaded by nix (or, untrusted, by nixsec's own loader).
func openSource(ctx context.Context, cfg Config, enabled []*rule.Meta) (*hostSource, error) {
	if cfg.Eval.FromJSON != "" {
		doc, err := ReadDocument(cfg.Eval.FromJSON)
		if err != nil {
			return nil, err
		}
		return documentSource(doc), nil
	}
	r, flake, err := resolve(ctx, cfg)
	if err != nil {
		return nil, err
	}
	jobs := cfg.Eval.Jobs
	if jobs <= 0 {
		jobs = min(runtime.NumCPU(), 4)
	}
	doc := &evalbridge.Document{Format: evalbridge.DocumentFormat, Flake: cfg.Eval.Flake, Root: flake.LocalRoot, Inputs: flake.Inputs,
		Source: filepath.Join(flake.StorePath, flake.Dir)}
	reqs := Requests(enabled)
	return &hostSource{doc: doc, hosts: func(ctx context.Context, emit func(evalbridge.HostEval)) ([]evalbridge.HostEval, error) {
		return r.Evaluate(ctx, flake, reqs, evalbridge.Options{Hosts: cfg.Eval.Hosts, Jobs: jobs,
			BatchSize: cfg.Eval.BatchSize, Shard: cfg.Eval.Shard, Cache: cfg.Eval.Cache, Progress: cfg.Eval.Progress, OnHost: emit})
	}}, nil
}

// resolve checks nix and loads the flake: with nix's flake loader, or,
// untrusted, with nixsec's own.
func resolve(ctx context.Context, cfg Config) (*evalbridge.Runner, *evalbridge.Flake, error) {
	r := &evalbridge.Runner{Nix: cfg.Eval.Nix, Timeout: cfg.Eval.Timeout, MaxMemory: cfg.Eval.MaxMemory, Extra: cfg.Eval.NixFlags}
	nixVersion, err := r.CheckVersion(ctx)
	if err != nil {
		return nil, nil, err
	}
	if cfg.Eval.Cache != nil {
		cfg.Eval.Cache.NixVersion = nixVersion
	}
	var flake *evalbridge.Flake
	if cfg.Untrusted {
		flake, err = r.ResolveUntrusted(ctx, cfg.Eval.Flake)
	} else {
		flake, err = r.Resolve(ctx, cfg.Eval.Flake)
	}
	if err != nil {
		return nil, nil, err
	}
	return r, flake, nil
}

// documentSource hands out the hosts of a document read whole.
func documentSource(doc *evalbridge.Document) *hostSource {
	return &hostSource{doc: doc, hosts: func(_ context.Context, emit func(evalbridge.HostEval)) ([]evalbridge.HostEval, error) {
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
	src, err := openSource(ctx, cfg, enabled)
	if err != nil {
		return nil, err
	}
	if src.doc.Hosts, err = src.hosts(ctx, nil); err != nil {
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
	bundle, enabled, err := LoadRules(cfg)
	if err != nil {
		return nil, err
	}
	loaded := time.Now()
	prepared := prepareAsync(ctx, bundle, cfg.Stats)
	src, err := openSource(ctx, cfg, enabled)
	if cfg.Stats != nil {
		cfg.Stats.Load = report.Millis(loaded.Sub(start))
		cfg.Stats.Resolve = report.Millis(time.Since(loaded))
		defer func() { cfg.Stats.Total = report.Millis(time.Since(start)) }()
	}
	if err != nil {
		if _, perr := prepared(); perr != nil {
			return nil, perr // a broken policy is the first thing to fix
		}
		return nil, err
	}
	return check(ctx, cfg, enabled, bundle.Rules(), prepared, src, sourceFS(src.doc))
}

// Lint runs the enabled rules on every host of a document, with an engine
// already prepared.
func Lint(ctx context.Context, eng *engine.Engine, enabled []*rule.Meta, doc *evalbridge.Document, root fs.FS, cfg Config) (*report.Report, error) {
	prepared := func() (*engine.Engine, error) { return eng, nil }
	return check(ctx, cfg, enabled, eng.Rules(), prepared, documentSource(doc), root)
}

// check lints every host src yields on one worker pool (one goroutine per
// core), each host as it arrives, and gathers the report. The engine is
// waited for by the first host that needs it. A host whose rules cannot
// run fails the run, and cancels the evaluation of the others.
func check(ctx context.Context, cfg Config, enabled, all []*rule.Meta, prepared func() (*engine.Engine, error), src *hostSource, root fs.FS) (*report.Report, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	l := newHostLinter(enabled, src.doc, root, cfg)
	l.src.ctx = ctx
	p := pool.NewWithResults[hostResult]().WithErrors().WithContext(ctx).WithMaxGoroutines(max(1, runtime.NumCPU()))
	q := newFeed(func(h evalbridge.HostEval) {
		p.Go(func(ctx context.Context) (hostResult, error) {
			eng, perr := prepared()
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
	evalStart := time.Now()
	hosts, evalErr := src.hosts(ctx, q.push)
	evaluated := time.Since(evalStart)
	q.close()
	results, lintErr := p.Wait()
	if _, err := prepared(); err != nil {
		return nil, err
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
		rep.Stats = cfg.Stats
	}
	return rep, nil
}

// feed hands hosts to the pool in arrival order without blocking the
// sender: nix's job goroutine starts its next batch while the pool is
// busy with the last one's hosts.
type feed struct {
	mu     sync.Mutex
	queue  []evalbridge.HostEval
	closed bool
	wake   chan struct{}
	done   chan struct{}
}

func newFeed(submit func(evalbridge.HostEval)) *feed {
	f := &feed{wake: make(chan struct{}, 1), done: make(chan struct{})}
	go func() {
		defer close(f.done)
		for {
			f.mu.Lock()
			batch, closed := f.queue, f.closed
			f.queue = nil
			f.mu.Unlock()
			for _, h := range batch {
				submit(h)
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

// prepareAsync compiles the bundle in the background; the function it
// returns waits for the result.
func prepareAsync(ctx context.Context, bundle *engine.Bundle, stats *report.Stats) func() (*engine.Engine, error) {
	type prepared struct {
		eng *engine.Engine
		err error
	}
	ready := make(chan prepared, 1)
	go func() {
		start := time.Now()
		eng, err := bundle.Prepare(ctx)
		if stats != nil {
			stats.Compile = report.Millis(time.Since(start)) // read after the pool, which waits for this
		}
		ready <- prepared{eng, err}
	}()
	return sync.OnceValues(func() (*engine.Engine, error) {
		p := <-ready
		return p.eng, p.err
	})
}
