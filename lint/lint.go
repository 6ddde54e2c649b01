// Package lint is the orchestration: it picks the enabled rules, has the
// hosts evaluated (or reads an evaluated document), runs the rules on every
// host concurrently, places each violation in the user's files and builds
// the sorted Report that the formatters print.
package lint

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/nixsec/nixsec/engine"
	"github.com/nixsec/nixsec/evalbridge"
	"github.com/nixsec/nixsec/optpath"
	"github.com/nixsec/nixsec/report"
	"github.com/nixsec/nixsec/rule"
)

// Config is one run's settings, by concern: where the hosts come from
// (Eval), which rules run (Select), and what fails the run (Gate).
type Config struct {
	// Untrusted is the pull-request mode: nixsec loads the flake itself,
	// sandboxed (evalbridge.ResolveUntrusted), reads no config, policy or
	// data the command line does not name, and inline suppressions do not
	// count unless Gate.AllowInlineSuppressions.
	Untrusted bool
	Now       time.Time   // the clock rules and exceptions see; time.Now() when zero
	File      *FileConfig // .nixsec.toml, if any: rule overrides and exceptions
	Eval      EvalConfig
	Select    Selection
	Gate      GateConfig
	// Stats, when set, receives where the run's time went (check --stats).
	Stats *report.Stats
}

// EvalConfig is where a run's hosts come from: nix on Flake, or a document
// (FromJSON).
type EvalConfig struct {
	Flake     string
	Hosts     []string // only these hosts; all when empty
	FromJSON  string   // a document `nixsec eval` wrote, instead of nix
	Jobs      int
	Timeout   time.Duration
	MaxMemory int64
	Nix       string
	NixFlags  []string // --override-input / --nix-option, checked by evalbridge.PassThrough
	// Evaluation at scale (docs/performance.md).
	BatchSize int                       // hosts per nix process; 0: evalbridge.DefaultBatchSize
	Shard     evalbridge.Shard          // this run's share of the hosts
	Cache     *evalbridge.Cache         // nil: no cache; NixVersion is filled in
	Progress  func(evalbridge.Progress) // called as hosts finish
}

// Selection is which rules a run loads and enables (select.go).
type Selection struct {
	Profile    string   // server (default), workstation, paranoid
	PolicyDirs []string // user policies beside the built-in rules
	DataFiles  []string // mounted under data.nixsec.user for policies
	Rules      []string // run only the rules these ids or globs match
	SkipRules  []string // never run the rules these match
	// Framework runs exactly the rules deciding the framework's controls
	// ("stig"), with its severities, and tags findings with the controls.
	Framework string
}

// GateConfig is what fails the run.
type GateConfig struct {
	FailOn rule.Severity
	// FailOnFrom says where FailOn came from, for the report.
	FailOnFrom string
	Baseline   *Baseline // findings accepted earlier, if any
	// AllowInlineSuppressions lets nixsec:ignore comments silence findings
	// under Untrusted too.
	AllowInlineSuppressions bool
}

// Requests is the union of the option paths the rules read.
func Requests(rs []*rule.Meta) []evalbridge.Request {
	byPath := map[string]*evalbridge.Request{}
	var order []string
	for _, r := range rs {
		for _, o := range r.Options {
			q := byPath[o.Path]
			if q == nil {
				q = &evalbridge.Request{Path: o.Names()[0]}
				byPath[o.Path] = q
				order = append(order, o.Path)
			}
			for _, ap := range o.Names()[1:] {
				if !containsPath(q.Aliases, ap) {
					q.Aliases = append(q.Aliases, ap)
				}
			}
		}
	}
	sort.Strings(order)
	out := make([]evalbridge.Request, 0, len(order))
	for _, p := range order {
		out = append(out, *byPath[p])
	}
	return out
}

// hostLinter lints one host at a time; safe for concurrent use.
type hostLinter struct {
	enabled []*rule.Meta
	on      map[string]*rule.Meta // enabled, by id, with the config's severity
	doc     *evalbridge.Document  // its Inputs; not its Hosts
	src     *sources
	now     time.Time
	cache   *findingsCache // nil: none
	// rules and place sum the time of Rego and of placing findings over
	// the hosts (report.Stats), in nanoseconds.
	rules, place atomic.Int64
}

type hostResult struct {
	findings []report.Finding
	errs     []report.HostError
	na       []report.NotApplicable
}

func newHostLinter(enabled []*rule.Meta, doc *evalbridge.Document, root fs.FS, cfg Config) *hostLinter {
	l := &hostLinter{enabled: enabled, on: map[string]*rule.Meta{}, doc: doc, src: newSources(root), now: cfg.Now}
	for _, r := range enabled {
		l.on[r.ID] = r
	}
	if l.now.IsZero() {
		l.now = time.Now()
	}
	return l
}

// lint runs the enabled rules on one host.
func (l *hostLinter) lint(ctx context.Context, eng *engine.Engine, h evalbridge.HostEval) (hostResult, error) {
	if h.Error != "" {
		return hostResult{errs: []report.HostError{{Host: h.Host, Message: h.Error}}}, nil
	}
	var res hostResult
	res.errs = pathErrors(h, l.enabled)
	// A rule that read a failed path cannot decide either way: its error
	// is reported, its findings on this host are not.
	undecided := map[string]bool{}
	for _, e := range res.errs {
		for _, id := range e.Rules {
			undecided[id] = true
		}
	}
	start := time.Now()
	out, err := eng.EvalHost(ctx, Input(l.doc, h, l.now))
	l.rules.Add(int64(time.Since(start)))
	if err != nil {
		return res, fmt.Errorf("host %s: %w", h.Host, err)
	}
	vs := out.Violations
	for id, why := range out.NotApplicable {
		if l.on[id] != nil && !undecided[id] {
			res.na = append(res.na, report.NotApplicable{Host: h.Host, Rule: id, Reason: why})
		}
	}
	slices.SortFunc(res.na, func(a, b report.NotApplicable) int { return strings.Compare(a.Rule, b.Rule) })
	start = time.Now()
	defer func() { l.place.Add(int64(time.Since(start))) }()
	for _, v := range vs {
		if l.on[v.Rule.ID] == nil || undecided[v.Rule.ID] {
			continue
		}
		v.Rule = l.on[v.Rule.ID]
		res.findings = append(res.findings, finding(l.src, h, v))
	}
	l.cache.put(h, res)
	return res, nil
}

// collectBefore is how many findings make report collect garbage first.
const collectBefore = 10000

// report gathers the hosts' results of doc into the sorted report, with
// suppressions, exceptions and the baseline applied; all are every rule
// loaded, enabled or not.
func (l *hostLinter) report(doc *evalbridge.Document, all []*rule.Meta, results []hostResult, cfg Config) *report.Report {
	rep := &report.Report{Flake: doc.Flake, Root: doc.Root, RepoRoot: gitTopLevel(doc.Root), Rules: l.enabled, FailOn: cfg.Gate.FailOn, Findings: []report.Finding{}, Errors: []report.HostError{}}
	rep.Gate = gateOf(cfg, all)
	for _, h := range doc.Hosts {
		rep.Hosts = append(rep.Hosts, h.Host)
	}
	n := 0
	for _, r := range results {
		n += len(r.findings)
	}
	if n >= collectBefore {
		// Gathering and sorting move every finding, each a few dozen
		// pointers: under a collection's marking each pointer written is
		// shaded, and a re-check of a large fleet from the cache then took
		// twice as long in about one run of three (docs/performance.md). A
		// collection now, while little is garbage, costs less.
		runtime.GC()
	}
	rep.Findings = make([]report.Finding, 0, n)
	for _, r := range results {
		rep.Findings = append(rep.Findings, r.findings...)
		rep.Errors = append(rep.Errors, r.errs...)
		rep.NotApplicable = append(rep.NotApplicable, r.na...)
	}
	if fw := cfg.Select.Framework; fw != "" {
		rep.Framework = fw
		for i := range rep.Findings {
			f := &rep.Findings[i]
			if r := l.on[f.RuleID]; r != nil && len(r.Frameworks[fw]) > 0 {
				f.Frameworks = map[string][]string{fw: r.Frameworks[fw]}
			}
		}
	}
	known := map[string]*rule.Meta{}
	for _, r := range all {
		known[r.ID] = r
	}
	var sups []report.SuppressionEntry
	rep.Findings, sups = applySuppressions(l.src, rep.Findings, known, len(cfg.Eval.Hosts) == 0 && cfg.Eval.Shard.Count <= 1)
	rep.SetSuppressions(sups)
	if cfg.Untrusted && !cfg.Gate.AllowInlineSuppressions {
		// A pull request must not silence its own findings: its comments
		// are listed in the gate, and every finding still counts.
		for i := range rep.Findings {
			if s := rep.Findings[i].Suppressed; s != nil && s.Kind == "inSource" {
				rep.Findings[i].Suppressed = nil
			}
		}
		rep.Gate.InlineSuppressions = "ignored"
		for i := range rep.Gate.Suppressions {
			rep.Gate.Suppressions[i].Hosts = nil
		}
	}
	rep.Findings = applyExceptions(cfg.File, rep.Findings, l.now)
	rep.BaselineGone = applyBaseline(cfg.Gate.Baseline, rep.Findings)
	rep.Sort()
	return rep
}

// Input is the document a rule sees for one host (docs/contracts.md);
// missing maps become empty objects so rules need no existence checks.
// The clock is an input, not a builtin, so rules stay deterministic and
// testable (--now).
func Input(doc *evalbridge.Document, h evalbridge.HostEval, now time.Time) map[string]any {
	in := map[string]any{"host": h.Host, "config": h.Config, "defined": h.Defined, "errors": h.Errors, "files": h.Files}
	if h.Config == nil {
		in["config"] = map[string]any{}
	}
	if h.Defined == nil {
		in["defined"] = map[string]bool{}
	}
	if h.Errors == nil {
		in["errors"] = map[string]string{}
	}
	if h.Files == nil {
		in["files"] = map[string][]string{}
	}
	inputs := map[string]any{}
	for name, i := range doc.Inputs {
		inputs[name] = map[string]any{"type": i.Type, "url": i.URL, "rev": i.Rev, "lastModified": i.LastModified}
	}
	in["flake"] = map[string]any{"inputs": inputs}
	in["now"] = now.Unix()
	return in
}

// pathErrors reports every failed path that an enabled rule reads.
func pathErrors(h evalbridge.HostEval, enabled []*rule.Meta) []report.HostError {
	var out []report.HostError
	for path, msg := range h.Errors {
		concrete, err := optpath.Parse(path)
		if err != nil {
			concrete = []string{path}
		}
		var ids []string
		for _, r := range enabled {
			for _, o := range r.Options {
				if o.Matches(concrete) {
					ids = append(ids, r.ID)
					break
				}
			}
		}
		if len(ids) > 0 {
			out = append(out, report.HostError{Host: h.Host, Path: path, Rules: ids, Message: msg})
		}
	}
	return out
}

func finding(src *sources, h evalbridge.HostEval, v rule.Violation) report.Finding {
	f := report.Finding{
		RuleID:   v.Rule.ID,
		Severity: v.Rule.Severity,
		Title:    v.Rule.Title,
		Host:     h.Host,
		Path:     v.Path,
		Message:  v.Message,
		Fix:      v.Fix,
		Location: src.place(h, v),
	}
	f.Definitions = src.related(h, v.Rule, v.Path, f.Location)
	f.Edit, f.NoEdit = src.fixEdit(h, v.Rule, &f)
	f.Fingerprint = report.Fingerprint(f.RuleID, f.Host, f.Path, f.Message)
	return f
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func containsPath(xs [][]string, p []string) bool {
	for _, x := range xs {
		if optpath.Format(x) == optpath.Format(p) {
			return true
		}
	}
	return false
}

// gitTopLevel is the nearest directory at or above dir holding .git, or
// "" (also for a dir that is not an absolute path).
func gitTopLevel(dir string) string {
	if dir == "" || !filepath.IsAbs(dir) {
		return ""
	}
	for d := filepath.Clean(dir); ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}
