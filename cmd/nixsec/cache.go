package main

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/spf13/pflag"

	"github.com/nixsec/nixsec/evalbridge"
	"github.com/nixsec/nixsec/format/escape"
	"github.com/nixsec/nixsec/lint"
)

// scaleFlags are check's flags for large fleets (docs/performance.md):
// batching, sharding, the evaluation cache and the progress line.
type scaleFlags struct {
	batch   int
	shard   string
	noCache bool
	// set by apply
	progress *progressLine
}

func (s *scaleFlags) register(fs *pflag.FlagSet) {
	fs.IntVar(&s.batch, "batch", 0, fmt.Sprintf("hosts evaluated by one nix process (default %d; 1: a process per host)", evalbridge.DefaultBatchSize))
	fs.StringVar(&s.shard, "shard", "", "evaluate only shard I of N of the hosts, e.g. 2/4 ('nixsec merge' combines the JSON reports)")
	fs.BoolVar(&s.noCache, "no-cache", false, "neither read nor write the evaluation cache ($XDG_CACHE_HOME/nixsec)")
}

// apply fills the run's configuration. The progress line goes to stderr
// when it is a terminal and the output is not --quiet.
func (s *scaleFlags) apply(cfg *lint.Config, stderr io.Writer, quiet bool) error {
	if s.batch < 0 {
		return fmt.Errorf("--batch must be positive")
	}
	cfg.Eval.BatchSize = s.batch
	if s.shard != "" {
		sh, err := evalbridge.ParseShard(s.shard)
		if err != nil {
			return fmt.Errorf("--shard: %w", err)
		}
		cfg.Eval.Shard = sh
	}
	if cfg.Eval.FromJSON != "" {
		if s.shard != "" {
			return fmt.Errorf("--shard selects hosts to evaluate; it does not apply to --from-json")
		}
		return nil
	}
	if !s.noCache {
		if dir, err := evalbridge.DefaultCacheDir(); err == nil {
			cfg.Eval.Cache = &evalbridge.Cache{Dir: dir, Version: cacheVersion()}
		}
	}
	if !quiet && isTerminal(stderr) {
		s.progress = &progressLine{w: stderr, start: time.Now()}
		cfg.Eval.Progress = s.progress.update
	}
	return nil
}

// done clears the progress line before the report is printed.
func (s *scaleFlags) done() {
	if s.progress != nil {
		s.progress.clear()
	}
}

// progressLine redraws one stderr line: hosts done/total, the host that
// just finished, the time since the start; at most ten times a second.
type progressLine struct {
	mu    sync.Mutex
	w     io.Writer
	start time.Time
	last  time.Time
	drawn bool
}

func (p *progressLine) update(pr evalbridge.Progress) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	if pr.Done < pr.Total && now.Sub(p.last) < 100*time.Millisecond {
		return
	}
	p.last = now
	from := ""
	if pr.Cached {
		from = " (cached)"
	}
	fmt.Fprintf(p.w, "\r\x1b[Knixsec: evaluated %d/%d hosts, last %s%s, %.1fs", pr.Done, pr.Total, escape.Line(pr.Host), from, now.Sub(p.start).Seconds())
	p.drawn = true
}

func (p *progressLine) clear() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.drawn = false
	}
}

// cacheVersion identifies this nixsec build in cache keys. A release's
// version is enough; a development build adds its VCS revision and, when
// built from a modified tree or without VCS information, the executable's
// size and time, so that a rebuilt binary never reads a stale entry.
func cacheVersion() string {
	v := versionString()
	var rev, modified string
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				modified = s.Value
			}
		}
	}
	parts := []string{v, rev}
	if v == "dev" || rev == "" || modified == "true" {
		if exe, err := os.Executable(); err == nil {
			if fi, err := os.Stat(exe); err == nil {
				parts = append(parts, fmt.Sprint(fi.Size(), fi.ModTime().UnixNano()))
			}
		}
	}
	return strings.Join(parts, "+")
}

// runCache is `nixsec cache clean|info`.
func runCache(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("cache", "clean|info")
	fs.SetOutput(stderr)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 || (fs.Arg(0) != "clean" && fs.Arg(0) != "info") {
		return fmt.Errorf("want 'nixsec cache clean' or 'nixsec cache info'")
	}
	dir, err := evalbridge.DefaultCacheDir()
	if err != nil {
		return err
	}
	c := &evalbridge.Cache{Dir: dir}
	if fs.Arg(0) == "info" {
		n, size, err := c.Usage()
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s: %d entries, %.1f MiB (limit %d MiB)\n", dir, n, float64(size)/(1<<20), evalbridge.DefaultCacheMaxBytes>>20)
		return nil
	}
	n, size, err := c.Clean()
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "removed %d entries (%.1f MiB) from %s\n", n, float64(size)/(1<<20), dir)
	return nil
}
