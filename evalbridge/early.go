package evalbridge

import (
	"context"
	"slices"
	"sync/atomic"
)

// Early is the host list's call (hostsAndEval) started while the flake
// resolves. That call names the flake by the reference it was given, not
// by anything `nix flake metadata` answers, so it can start before the
// metadata has come back: a check that must run nix (nothing cached, or
// the checkout changed) then waits for the longer of the two calls, not
// their sum. Evaluate takes its result when the call it would make then
// is the same command line, and stops it otherwise (the host list came
// from the cache).
//
// What the flake's author gains: nothing the call after the metadata
// would not have given; nix reads the checkout for each call either way.
// A flake whose metadata fails has one more nix process killed.
type Early struct {
	args   []string
	cancel context.CancelFunc
	done   chan struct{}
	res    *result
	ne     *NixError
	err    error
	taken  atomic.Bool
}

// StartEarly starts the call that hostList would make for the flake ref
// with reqs and opts when every host is evaluated. r must be a runner the
// resolution does not change while the call runs (a copy of the one it
// uses, taken before it starts); the call's message is finished by the
// runner that takes it. Stop it when the run ends; Evaluate takes it
// through Options.Early.
func (r *Runner) StartEarly(ctx context.Context, ref string, reqs []Request, opts Options) *Early {
	ctx, cancel := context.WithCancel(ctx)
	e := &Early{args: hostsAndEvalArgs(&Flake{Ref: NormalizeRef(ref)}, reqs, opts, opts.oneBatch()), cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(e.done)
		e.res, e.ne, e.err = r.exec(ctx, e.args...)
	}()
	return e
}

// Stop kills the call if it still runs and waits for it. A nil Early, or
// one already stopped or taken, is fine.
func (e *Early) Stop() {
	if e == nil {
		return
	}
	e.taken.Store(true) // a killed call answers nothing
	e.cancel()
	<-e.done
}

// call is r.run(ctx, args...), answered by the early call when it made
// the same call (once); the early call is stopped either way.
func (r *Runner) call(ctx context.Context, e *Early, args []string) (*result, error) {
	if e == nil || !slices.Equal(e.args, args) || e.taken.Swap(true) {
		e.Stop()
		return r.run(ctx, args...)
	}
	select {
	case <-e.done:
	case <-ctx.Done():
		e.Stop()
	}
	e.cancel()
	if e.ne != nil {
		ne := *e.ne
		r.finish(&ne)
		return e.res, &ne
	}
	return e.res, e.err
}
