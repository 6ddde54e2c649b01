package engine

import (
	"bufio"
	"context"
	"fmt"
	"math"
	"os"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Limits bound the evaluation of the rules on one host (Engine.Eval), so
// that a policy that loops over too much or builds huge values fails the
// run (a *LimitError) instead of holding CI for hours or exhausting the
// machine. Together with the caps on single builtin calls (caps.go) they
// are nixsec's guard against policies, user-written or from the
// repository under review, that never finish.
type Limits struct {
	// Timeout is how long the rules may run on one host: DefaultTimeout
	// when zero, no limit when negative.
	Timeout time.Duration
	// MaxHeap is the Go heap, in bytes, at which every evaluation running
	// at the time is stopped: DefaultMaxHeap() when zero, no limit when
	// negative. It is the whole process's heap (OPA cannot say what one
	// evaluation holds), polled every HeapPollInterval, so it is a last
	// line behind the builtin caps, not an exact budget.
	MaxHeap int64
}

// DefaultTimeout is the per-host rule time limit when Limits.Timeout is 0:
// the bundle takes about 50 ms per NixOS host (docs/performance.md).
const DefaultTimeout = 30 * time.Second

// HeapPollInterval is how often the heap watchdog reads the heap while
// evaluations run.
const HeapPollInterval = 10 * time.Millisecond

// abandonAfter is how long Eval waits, past its deadline or cancellation,
// for OPA to stop. OPA checks cancellation between expressions and in its
// long builtins, but not inside every single call (comparing two huge
// values); rather than hang the run, Eval then returns and leaves that
// call's goroutine to finish on its own (the caller is about to exit 2).
const abandonAfter = 2 * time.Second

// DefaultMaxHeap is the heap limit when Limits.MaxHeap is 0: three
// quarters of the memory nixsec may use (the cgroup's limit, or the
// machine's memory), or 8 GiB when neither can be read.
func DefaultMaxHeap() int64 {
	avail := memTotal()
	if cg := cgroupMax(); cg > 0 && (avail <= 0 || cg < avail) {
		avail = cg
	}
	if avail <= 0 {
		return 8 << 30
	}
	return avail / 4 * 3
}

func memTotal() int64 {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0
	}
	defer func() { _ = f.Close() }()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "MemTotal:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			if err == nil {
				return kb << 10
			}
		}
	}
	return 0
}

func cgroupMax() int64 {
	b, err := os.ReadFile("/sys/fs/cgroup/memory.max") // cgroup v2; "max" when unlimited
	if err != nil {
		return 0
	}
	n, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
	if err != nil {
		return 0
	}
	return n
}

// resolve turns zero values into the defaults and negative ones into 0
// (no limit).
func (l Limits) resolve() Limits {
	switch {
	case l.Timeout == 0:
		l.Timeout = DefaultTimeout
	case l.Timeout < 0:
		l.Timeout = 0
	}
	switch {
	case l.MaxHeap == 0:
		l.MaxHeap = DefaultMaxHeap()
	case l.MaxHeap < 0:
		l.MaxHeap = 0
	}
	return l
}

// LimitError is an evaluation stopped by Limits. Its message does not
// name the host (callers prefix "host NAME: "); Host holds it.
type LimitError struct {
	Host    string
	Timeout time.Duration // set when the time limit stopped it
	Heap    int64         // set when the heap limit stopped it: the heap seen
	MaxHeap int64
}

func (e *LimitError) Error() string {
	if e.Timeout > 0 {
		return fmt.Sprintf("the rules took too long: stopped after %s (the per-host limit); a policy loops over too much or builds huge values", e.Timeout)
	}
	return fmt.Sprintf("the rules used too much memory: stopped when nixsec's heap reached %d MiB (limit %d MiB); a policy builds huge values",
		e.Heap>>20, e.MaxHeap>>20)
}

// heapWatch polls the heap while evaluations run and cancels all of them
// when it passes max.
type heapWatch struct {
	max     int64
	mu      sync.Mutex
	active  map[int]context.CancelCauseFunc
	next    int
	polling bool
}

func newHeapWatch(max int64) *heapWatch {
	return &heapWatch{max: max, active: map[int]context.CancelCauseFunc{}}
}

// add registers an evaluation's cancel; the returned func unregisters it.
// The poller runs only while some evaluation is registered.
func (w *heapWatch) add(cancel context.CancelCauseFunc) func() {
	w.mu.Lock()
	defer w.mu.Unlock()
	id := w.next
	w.next++
	w.active[id] = cancel
	if !w.polling {
		w.polling = true
		go w.poll()
	}
	return func() {
		w.mu.Lock()
		delete(w.active, id)
		w.mu.Unlock()
	}
}

func (w *heapWatch) poll() {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() int64 {
		metrics.Read(sample)
		return int64(min(sample[0].Value.Uint64(), math.MaxInt64)) // #nosec G115 -- clamped
	}
	t := time.NewTicker(HeapPollInterval)
	defer t.Stop()
	for range t.C {
		w.mu.Lock()
		if len(w.active) == 0 {
			w.polling = false
			w.mu.Unlock()
			return
		}
		w.mu.Unlock()
		h := read()
		if h <= w.max {
			continue
		}
		// The metric counts garbage not yet collected; only live data
		// over the limit stops the run.
		runtime.GC()
		if h = read(); h <= w.max {
			continue
		}
		w.mu.Lock()
		for id, cancel := range w.active {
			cancel(&LimitError{Heap: h, MaxHeap: w.max})
			delete(w.active, id)
		}
		w.mu.Unlock()
	}
}
