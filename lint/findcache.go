package lint

import (
	"fmt"
	"reflect"
	"strings"
	"time"
	"unsafe"

	"github.com/nixsec/nixsec/evalbridge"
	"github.com/nixsec/nixsec/report"
)

// findingsCache stores each host's findings (placed in the source, before
// suppressions, exceptions and the baseline, which the report applies on
// every run) beside its evaluated document, so that a check of an
// unchanged fleet neither evaluates nor lints a host (docs/performance.md).
//
// An entry's key is the host's evaluation key (evalbridge.HostEval.Key:
// the flake's content, its locked inputs, the host, the option paths,
// nixsec's and Nix's versions; it determines the host's document) and
// the run's key: the rules' text, data and builtins (engine.Bundle.Digest),
// the rules this run enables with their severities, the config file, the
// selection flags, the flake's directory and the day of input.now. Hosts
// with any evaluation error are never stored, as in the evaluation cache.
type findingsCache struct {
	c      *evalbridge.Cache
	runKey string
}

// findingsEntry is a host's stored findings (entrycodec.go).
type findingsEntry struct {
	Key      string
	Host     string
	Findings []report.Finding
	Errors   []report.HostError
	NA       []report.NotApplicable
}

// encodeEntry is the entry's bytes; false when a value cannot be written.
func encodeEntry(e findingsEntry) ([]byte, bool) {
	var w entryWriter
	w.str(entryFormat)
	if w.value(reflect.ValueOf(e)) != nil {
		return nil, false
	}
	return w.Bytes(), true
}

// entryFormat heads every entry: entries of another layout are misses.
const entryFormat = "nixsec-findings-2"

// decodeEntry reads an entry's bytes; false when they are not an entry.
// The entry's strings share b's memory (copying a fleet's entries cost
// more than decoding them), so b must never be written again: it is the
// entry as the cache mapped it, read-only (evalbridge.Cache.Map).
func decodeEntry(b []byte) (findingsEntry, bool) {
	var e findingsEntry
	if len(b) == 0 {
		return e, false
	}
	r := entryReader{s: unsafe.String(&b[0], len(b))} //nolint:gosec // b is never written again (above)
	if r.str() != entryFormat || r.err != nil {
		return e, false
	}
	decoderOf(reflect.TypeFor[findingsEntry]())(&r, unsafe.Pointer(&e)) //nolint:gosec // e is of the decoder's type
	return e, r.err == nil && len(r.s) == 0
}

// newFindingsCache is nil (no findings cache) without an evaluation cache.
func newFindingsCache(cfg Config, rules *runRules, now time.Time) *findingsCache {
	c := cfg.Eval.Cache
	if c == nil || cfg.Eval.FromJSON != "" || rules.key == "" {
		return nil
	}
	var on []string
	for _, r := range rules.enabled {
		on = append(on, r.ID+":"+r.Severity.String())
	}
	return &findingsCache{c: c, runKey: strings.Join([]string{
		"findings-1", rules.key, strings.Join(on, ","), fmt.Sprint(cfg.Untrusted), fmt.Sprint(now.Unix()),
	}, "\x00")}
}

func (fc *findingsCache) key(hostKey string) string {
	return evalbridge.Digest("findings", hostKey, fc.runKey)
}

// has reports whether findings of the host under its evaluation key are
// stored, without reading them (get does, on a worker).
func (fc *findingsCache) has(hostKey string) bool {
	return fc != nil && hostKey != "" && fc.c.Has(fc.key(hostKey))
}

// get returns the stored findings of host under its evaluation key.
func (fc *findingsCache) get(host, hostKey string) (hostResult, bool) {
	if fc == nil || hostKey == "" {
		return hostResult{}, false
	}
	key := fc.key(hostKey)
	b, ok := fc.c.Map(key)
	if !ok {
		return hostResult{}, false
	}
	e, ok := decodeEntry(b)
	if !ok || e.Key != key || e.Host != host {
		return hostResult{}, false
	}
	return hostResult{findings: e.Findings, errs: e.Errors, na: e.NA}, true
}

// put stores a host's findings when its document is complete.
func (fc *findingsCache) put(h evalbridge.HostEval, res hostResult) {
	if fc == nil || h.Key == "" || h.Error != "" || len(h.Errors) > 0 {
		return
	}
	key := fc.key(h.Key)
	if b, ok := encodeEntry(findingsEntry{Key: key, Host: h.Host, Findings: res.findings, Errors: res.errs, NA: res.na}); ok {
		fc.c.Put(key, b)
	}
}
