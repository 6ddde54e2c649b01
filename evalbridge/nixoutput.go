package evalbridge

import (
	"bytes"
	"fmt"
)

// What nixsec keeps of a nix process's output. Everything nix prints is
// under the control of the flake's author (builtins.trace, throw, the
// values asked for), so neither stream may grow nixsec's memory without
// bound: nix's own memory limit does not cover what it writes to a pipe.
const (
	// DefaultMaxOutput bounds stdout, the JSON document of one nix call,
	// when Runner.MaxOutput is 0. A NixOS-sized host's document is about
	// 1.2 MiB and a batch holds at most DefaultBatchSize hosts (~10 MiB);
	// the bigvalue test flake's single host is ~50 MB. Past the limit nix
	// is killed: a batch then falls back to one process per host, each
	// under the same limit, so only a host that alone passes it fails.
	DefaultMaxOutput = 128 << 20
	// stderrKeep is what is kept of stderr at each end: the start (the
	// first warnings, or an error message's beginning) and the end, where
	// nix prints its final "error:". A flood of trace: lines in between is
	// counted, not kept.
	stderrKeep = 64 << 10
)

// headTail keeps the first and the last n bytes written to it, never more
// than 2n in memory, and counts the bytes in between.
type headTail struct {
	n           int
	head        []byte
	ring        []byte // the last bytes, from start, size of them
	start, size int
	total       int64
	// beforeTail is the last byte dropped, the one just before the
	// ring's first: '\n' when the ring starts at a line's beginning.
	beforeTail byte
}

func (b *headTail) Write(p []byte) (int, error) {
	written := len(p)
	b.total += int64(len(p))
	if room := b.n - len(b.head); room > 0 {
		k := min(room, len(p))
		b.head = append(b.head, p[:k]...)
		p = p[k:]
	}
	if len(p) == 0 {
		return written, nil
	}
	if b.ring == nil {
		b.ring = make([]byte, b.n)
	}
	if len(p) >= b.n {
		// p replaces the whole ring; the last byte dropped is p's or,
		// when p fits exactly, the ring's newest.
		if len(p) > b.n {
			b.beforeTail = p[len(p)-b.n-1]
		} else if b.size > 0 {
			b.beforeTail = b.ring[(b.start+b.size-1)%b.n]
		}
		copy(b.ring, p[len(p)-b.n:])
		b.start, b.size = 0, b.n
		return written, nil
	}
	for len(p) > 0 {
		if b.size < b.n {
			// Not full yet (start is still 0): fill the free space.
			k := copy(b.ring[b.size:], p)
			b.size += k
			p = p[k:]
			continue
		}
		// Full: overwrite the oldest bytes, which are dropped.
		k := min(len(p), b.n-b.start)
		b.beforeTail = b.ring[b.start+k-1]
		copy(b.ring[b.start:], p[:k])
		b.start = (b.start + k) % b.n
		p = p[k:]
	}
	return written, nil
}

// dropped is the number of bytes neither kept at the start nor at the end.
func (b *headTail) dropped() int64 {
	return b.total - int64(len(b.head)) - int64(b.size)
}

// Bytes is the start, a line saying how much was dropped, and the end
// from its first whole line on: the cut never makes a line that nix did
// not print begin a line (an "error:" that was in the middle of a trace).
func (b *headTail) Bytes() []byte {
	d := b.dropped()
	var tail []byte
	if b.size > 0 {
		tail = append(append([]byte{}, b.ring[b.start:min(b.n, b.start+b.size)]...), b.ring[:max(0, b.start+b.size-b.n)]...)
	}
	if d == 0 {
		return append(append([]byte{}, b.head...), tail...)
	}
	if b.beforeTail != '\n' {
		if i := bytes.IndexByte(tail, '\n'); i >= 0 {
			d += int64(i + 1)
			tail = tail[i+1:]
		}
	}
	out := append([]byte{}, b.head...)
	if len(out) > 0 && out[len(out)-1] != '\n' {
		out = append(out, '\n')
	}
	out = fmt.Appendf(out, "[nixsec: %d bytes of nix's output dropped here]\n", d)
	return append(out, tail...)
}

// capped keeps what is written to it up to max bytes. The first write
// past max calls over (which kills nix) and from then on everything is
// discarded, so that the pipe drains while the process dies. It keeps
// the bytes in chunks, never copied while they come: a buffer grown by
// doubling would, with its garbage, hold about twice the limit.
type capped struct {
	max      int64
	chunks   [][]byte
	total    int64 // bytes written
	held     int64 // the chunks' capacity
	exceeded bool
	over     func()
}

// maxChunk bounds one chunk: what a write may allocate past what it
// keeps.
const maxChunk = 4 << 20

func (c *capped) Write(p []byte) (int, error) {
	n := len(p)
	if c.exceeded {
		return n, nil
	}
	if c.total+int64(n) > c.max {
		c.exceeded = true
		c.chunks = nil
		if c.over != nil {
			c.over()
		}
		return n, nil
	}
	c.total += int64(len(p))
	for len(p) > 0 {
		last := len(c.chunks) - 1
		if last < 0 || len(c.chunks[last]) == cap(c.chunks[last]) {
			// Chunks grow with the output (small outputs stay small), and
			// never past what the limit leaves: the earlier ones are full.
			size := min(max(int64(len(p)), c.total, 64<<10), maxChunk, c.max-c.held)
			c.held += size
			c.chunks = append(c.chunks, make([]byte, 0, size))
			last++
		}
		k := min(len(p), cap(c.chunks[last])-len(c.chunks[last]))
		c.chunks[last] = append(c.chunks[last], p[:k]...)
		p = p[k:]
	}
	return n, nil
}

// Bytes is everything kept, in one slice (json.Unmarshal wants one); the
// chunks are let go.
func (c *capped) Bytes() []byte {
	switch len(c.chunks) {
	case 0:
		return nil
	case 1:
		return c.chunks[0]
	}
	out := make([]byte, 0, c.total)
	for i, ch := range c.chunks {
		out = append(out, ch...)
		c.chunks[i] = nil
	}
	c.chunks = nil
	return out
}

// maxAnnouncement bounds the one stderr line announceWatch keeps: the
// host list's announcement (hostsAndEval) is about 100 bytes a host. A
// longer line is not an announcement; the call's answer on stdout, bounded
// by MaxOutput, then says the same later.
const maxAnnouncement = 16 << 20

// announceWatch passes what nix writes on stderr through to next and
// looks for the line that starts with prefix: the first such line, without
// the prefix and the newline, is sent on found. It holds at most that one
// line (maxAnnouncement): every other line is passed on, not kept. prefix
// holds a nonce that only nixsec's --apply argument holds, so that a line
// of the flake's own (builtins.trace) is not taken for it; what a forged
// one could do is bounded by hostsAndEval's checks (docs/security.md).
type announceWatch struct {
	next   *headTail
	prefix []byte
	found  chan<- []byte // buffered, one value
	line   []byte        // the current line's start, while it may match
	skip   bool          // the current line cannot match
	sent   bool
}

func (w *announceWatch) Write(p []byte) (int, error) {
	n, err := w.next.Write(p)
	for len(p) > 0 && !w.sent {
		end := bytes.IndexByte(p, '\n')
		chunk := p
		if end >= 0 {
			chunk = p[:end]
		}
		if !w.skip {
			w.line = append(w.line, chunk...)
			k := min(len(w.line), len(w.prefix))
			w.skip = !bytes.Equal(w.line[:k], w.prefix[:k]) || len(w.line) > maxAnnouncement
			if w.skip {
				w.line = w.line[:0]
			}
		}
		if end < 0 {
			break
		}
		if !w.skip && len(w.line) >= len(w.prefix) {
			w.found <- append([]byte(nil), w.line[len(w.prefix):]...)
			w.sent = true
		}
		w.line, w.skip = w.line[:0], false
		p = p[end+1:]
	}
	return n, err
}
