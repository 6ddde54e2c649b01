package evalbridge

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"slices"
	"sync/atomic"
)

// Early is the host list's call (hostsAndEval), running. It may start
// while the flake resolves (StartEarly). That call names the flake by
// the reference it was given, not by anything `nix flake metadata`
// answers, so it can start before the metadata has come back: a check
// that must run nix (nothing cached, or the checkout changed) then waits
// for the longer of the two calls, not their sum. Evaluate takes its
// result when the call it would make then is the same command line, and
// stops it otherwise (the host list came from the cache).
//
// The call announces the host list on stderr as soon as nix has it,
// before it evaluates the first batch itself (hostsAndEvalArgs): the
// other batches start then, not after that batch.
//
// What the flake's author gains: nothing the call after the metadata
// would not have given; nix reads the checkout for each call either way.
// A flake whose metadata fails has one more nix process killed. The
// announcement's line starts with a nonce that only the --apply argument
// holds, and its list is used only once the call's answer, or a listing
// of its own, confirms it (confirmList; docs/security.md).
type Early struct {
	args      []string
	nonce     string
	cancel    context.CancelFunc
	done      chan struct{}
	announced chan []byte // the announcement's JSON, once (buffered)
	res       *result
	ne        *NixError
	err       error
	taken     atomic.Bool
}

// StartEarly starts the call that hostList would make for the flake ref
// with reqs and opts when every host is evaluated. r must be a runner the
// resolution does not change while the call runs (a copy of the one it
// uses, taken before it starts); the call's message is finished by the
// runner that takes it. Stop it when the run ends; Evaluate takes it
// through Options.Early.
func (r *Runner) StartEarly(ctx context.Context, ref string, reqs []Request, opts Options) *Early {
	nonce := newNonce()
	return r.startList(ctx, hostsAndEvalArgs(&Flake{Ref: NormalizeRef(ref)}, reqs, opts, nonce), nonce)
}

// startList starts the host list's call args, made with nonce.
func (r *Runner) startList(ctx context.Context, args []string, nonce string) *Early {
	ctx, cancel := context.WithCancel(ctx)
	found := make(chan []byte, 1)
	e := &Early{args: args, nonce: nonce, cancel: cancel, done: make(chan struct{}), announced: found}
	// nix starts here, not in the goroutine: the caller goes on to
	// compile the rules (startNix says why).
	wait := r.startNix(ctx, &watch{prefix: announcePrefix(nonce), found: found}, args...)
	go func() {
		defer close(e.done)
		e.res, e.ne, e.err = wait()
	}()
	return e
}

// newNonce is 128 random bits in hex.
func newNonce() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // never fails (crypto/rand)
	return hex.EncodeToString(b[:])
}

// announcePrefix starts the line of the announcement with nonce, as nix
// prints a builtins.trace of a string: "trace: " and the string.
func announcePrefix(nonce string) string { return "trace: nixsec-hosts-" + nonce + " " }

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

// listCall is the host list's call made of args: the early call when it
// made the same call (once), else a new one; the early call is stopped
// then.
func (r *Runner) listCall(ctx context.Context, e *Early, args func(nonce string) []string) *Early {
	if e != nil && slices.Equal(e.args, args(e.nonce)) && !e.taken.Swap(true) {
		return e
	}
	e.Stop()
	nonce := newNonce()
	c := r.startList(ctx, args(nonce), nonce)
	c.taken.Store(true)
	return c
}

// wait is the call's answer, once it has ended; when ctx ends first, the
// call is killed.
func (r *Runner) wait(ctx context.Context, e *Early) (*result, error) {
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
