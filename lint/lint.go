// Package lint is the orchestration: it picks the enabled rules, has the
// hosts evaluated (or reads an evaluated document), runs the rules on every
// host concurrently, places each violation in the user's files and builds
// the sorted Report that the formatters print.
package lint

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/sourcegraph/conc/pool"

	"github.com/nixsec/nixsec/evalbridge"
	"github.com/nixsec/nixsec/optpath"
	"github.com/nixsec/nixsec/rego"
	"github.com/nixsec/nixsec/rules"
	"github.com/nixsec/nixsec/rules/builtins"
)

// Config is one run's settings.
type Config struct {
	Flake      string
	Hosts      []string
	Profile    string // server (default), workstation, paranoid
	FailOn     rego.Severity
	PolicyDirs []string
	DataFiles  []string // --data: mounted under data.nixsec.user for policies
	Rules      []string // --rule: run only the rules these ids or globs match
	SkipRules  []string // --skip-rule: never run the rules these match
	FromJSON   string
	Jobs       int
	Timeout    time.Duration
	MaxMemory  int64
	Nix        string
	Now        time.Time // the clock rules see; time.Now() when zero
	NixFlags   []string  // --override-input / --nix-option, checked by evalbridge.PassThrough
	// Untrusted is the pull-request mode: nixsec loads the flake itself,
	// sandboxed (evalbridge.ResolveUntrusted), and reads no config,
	// policy or data the command line does not name.
	Untrusted bool
	// AllowInlineSuppressions lets nixsec:ignore comments silence findings
	// under Untrusted too.
	AllowInlineSuppressions bool
	// FailOnFrom says where FailOn came from, for the report.
	FailOnFrom string
	File       *FileConfig // .nixsec.toml, if any
	Baseline   *Baseline   // --baseline, if any
	// Evaluation at scale (docs/performance.md).
	BatchSize int                       // hosts per nix process; 0: evalbridge.DefaultBatchSize
	Shard     evalbridge.Shard          // this run's share of the hosts
	Cache     *evalbridge.Cache         // nil: no cache; NixVersion is filled in
	Progress  func(evalbridge.Progress) // called as hosts finish
}

// Finding is one violation on one host, placed in the user's files.
type Finding struct {
	RuleID      string        `json:"rule"`
	Severity    rego.Severity `json:"-"`
	Title       string        `json:"title"`
	Host        string        `json:"host"`
	Path        string        `json:"option"`
	Message     string        `json:"message"`
	Location    Location      `json:"location"`
	Fix         *rego.Fix     `json:"fix,omitempty"`
	Fingerprint string        `json:"fingerprint"`
	// Suppressed is set when an inline comment or a config exception
	// silences the finding; it stays in machine-readable output, and never
	// fails the run.
	Suppressed *Suppressed `json:"suppressed,omitempty"`
	// Baselined is set when the --baseline file holds the finding.
	Baselined bool `json:"baselined,omitempty"`
}

// Counts reports whether the finding counts toward the exit code and the
// text report: not suppressed, not in the baseline.
func (f *Finding) Counts() bool { return f.Suppressed == nil && !f.Baselined }

// Location is where a finding points: a file relative to the flake root
// and a 1-based region (columns in characters, end exclusive).
type Location struct {
	File      string `json:"file"`
	StartLine int    `json:"startLine"`
	StartCol  int    `json:"startColumn"`
	EndLine   int    `json:"endLine"`
	EndCol    int    `json:"endColumn"`
	// Via says how the place was found: "definition", "anchor", "host"
	// (the host's entry in flake.nix) or "file".
	Via string `json:"via"`
	// Snippet is the source line at StartLine.
	Snippet string `json:"snippet"`
	// Note says why the place is less exact than a definition's key.
	Note string `json:"note,omitempty"`
	// Value* is the region of the definition's value (1-based, end
	// exclusive), set when Via is "definition" or "anchor" and the value
	// is written in place: what a fix replaces. Zero when unknown.
	ValueStartLine int `json:"valueStartLine,omitempty"`
	ValueStartCol  int `json:"valueStartColumn,omitempty"`
	ValueEndLine   int `json:"valueEndLine,omitempty"`
	ValueEndCol    int `json:"valueEndColumn,omitempty"`
}

// HostError is an evaluation that failed: a whole host, or one option
// path some rules read (those rules could not decide).
type HostError struct {
	Host    string   `json:"host"`
	Path    string   `json:"option,omitempty"`
	Rules   []string `json:"rules,omitempty"`
	Message string   `json:"message"`
}

// Report is the result of a run.
type Report struct {
	Flake string `json:"flake"`
	// Root is the flake's directory in the checkout (absolute), which
	// Location.File is relative to; "" when not local.
	Root string `json:"-"`
	// RepoRoot is the git repository holding Root ("" when none): where
	// code scanning resolves the report's paths.
	RepoRoot string           `json:"-"`
	Hosts    []string         `json:"hosts"`
	Rules    []*rego.RuleMeta `json:"-"`
	Findings []Finding        `json:"findings"`
	Errors   []HostError      `json:"errors"`
	FailOn   rego.Severity    `json:"-"`
	// BaselineGone counts baseline entries that no longer occur.
	BaselineGone int `json:"-"`
	// Gate is how the gate was configured (gate.go); nil only in reports
	// not made by Run, e.g. merged shards without it.
	Gate *Gate `json:"gate,omitempty"`
}

// Exit codes (README, docs/contracts.md).
const (
	ExitOK       = 0
	ExitFindings = 1
	ExitError    = 2
)

// ExitCode is 2 when anything could not be evaluated, else 1 when a
// finding is at or above FailOn (info never fails), else 0.
func (r *Report) ExitCode() int {
	if len(r.Errors) > 0 {
		return ExitError
	}
	for _, f := range r.Findings {
		if f.Counts() && f.Severity > rego.Info && f.Severity >= r.FailOn {
			return ExitFindings
		}
	}
	return ExitOK
}

// UsageError is a bad flag, file or document: exit 2.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

// Sources returns the embedded bundle, with the custom builtins its rules
// call (rules/builtins), plus the --policy directories.
func Sources(dirs []string) ([]rego.Source, error) {
	srcs := []rego.Source{{Name: "builtin", FS: rules.FS, Builtin: true, Builtins: builtins.All}}
	for _, d := range dirs {
		fi, err := os.Stat(d)
		if err != nil || !fi.IsDir() {
			return nil, &UsageError{Msg: fmt.Sprintf("--policy %s: not a directory", d)}
		}
		// os.Root: no symlink in a policy directory leads out of it.
		root, err := os.OpenRoot(d)
		if err != nil {
			return nil, &UsageError{Msg: fmt.Sprintf("--policy %s: %v", d, err)}
		}
		srcs = append(srcs, rego.Source{Name: d, FS: root.FS()})
	}
	return srcs, nil
}

// NewEngine compiles the builtin rules and the --policy directories.
func NewEngine(ctx context.Context, dirs []string) (*rego.Engine, error) {
	srcs, err := Sources(dirs)
	if err != nil {
		return nil, err
	}
	return rego.New(ctx, srcs)
}

// Enabled returns the rules the profile turns on: rules without profiles
// always, profile-gated ones when their profile is chosen, every rule
// under paranoid.
func Enabled(all []*rego.RuleMeta, profile string) []*rego.RuleMeta {
	if profile == "" {
		profile = "server"
	}
	var out []*rego.RuleMeta
	for _, r := range all {
		if len(r.Profiles) == 0 || profile == "paranoid" || contains(r.Profiles, profile) {
			out = append(out, r)
		}
	}
	return out
}

// Requests is the union of the option paths the rules read.
func Requests(rs []*rego.RuleMeta) []evalbridge.Request {
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

// Evaluate produces the input documents: from nix, or from --from-json.
func Evaluate(ctx context.Context, cfg Config, enabled []*rego.RuleMeta) (*evalbridge.Document, *evalbridge.Flake, error) {
	if cfg.FromJSON != "" {
		doc, err := ReadDocument(cfg.FromJSON)
		return doc, nil, err
	}
	return evaluate(ctx, cfg, enabled, nil)
}

// evaluate runs nix on the flake's hosts. onHost, when set, receives each
// host as soon as it is evaluated, with the document it belongs to (all but
// its Hosts are filled in by then).
func evaluate(ctx context.Context, cfg Config, enabled []*rego.RuleMeta, onHost func(*evalbridge.Document, evalbridge.HostEval)) (*evalbridge.Document, *evalbridge.Flake, error) {
	r := &evalbridge.Runner{Nix: cfg.Nix, Timeout: cfg.Timeout, MaxMemory: cfg.MaxMemory, Extra: cfg.NixFlags}
	nixVersion, err := r.CheckVersion(ctx)
	if err != nil {
		return nil, nil, err
	}
	if cfg.Cache != nil {
		cfg.Cache.NixVersion = nixVersion
	}
	var flake *evalbridge.Flake
	if cfg.Untrusted {
		flake, err = r.ResolveUntrusted(ctx, cfg.Flake)
	} else {
		flake, err = r.Resolve(ctx, cfg.Flake)
	}
	if err != nil {
		return nil, nil, err
	}
	jobs := cfg.Jobs
	if jobs <= 0 {
		jobs = min(runtime.NumCPU(), 4)
	}
	doc := &evalbridge.Document{Format: evalbridge.DocumentFormat, Flake: cfg.Flake, Root: flake.LocalRoot, Inputs: flake.Inputs,
		Source: filepath.Join(flake.StorePath, flake.Dir)}
	opts := evalbridge.Options{Hosts: cfg.Hosts, Jobs: jobs,
		BatchSize: cfg.BatchSize, Shard: cfg.Shard, Cache: cfg.Cache, Progress: cfg.Progress}
	if onHost != nil {
		opts.OnHost = func(h evalbridge.HostEval) { onHost(doc, h) }
	}
	hosts, err := r.Evaluate(ctx, flake, Requests(enabled), opts)
	if err != nil {
		return nil, nil, err
	}
	doc.Hosts = hosts
	return doc, flake, nil
}

// jsonErrorPos turns a decoding error into "line L, column C: message".
func jsonErrorPos(b []byte, err error) string {
	var off int64 = -1
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF):
		return "the file is empty"
	case errors.Is(err, io.ErrUnexpectedEOF):
		off, err = int64(len(b)), errors.New("the document ends early (truncated?)")
	case errors.As(err, &se):
		off = se.Offset
		if se.Error() == "" {
			err = errors.New("unexpected data after the document")
		}
	case errors.As(err, &te):
		off = te.Offset
	}
	if off < 0 {
		return err.Error()
	}
	return fmt.Sprintf("%s: %v", linePos(b, off), err)
}

// Run is the whole check: evaluate, lint, report. The rules' METADATA is
// enough to know what to evaluate, so the query compiles while nix runs,
// and each host is linted as soon as its evaluation lands, while nix works
// on the others: Rego's time hides behind Nix's wherever a core is free.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	bundle, enabled, err := LoadRules(cfg)
	if err != nil {
		return nil, err
	}
	engine := prepareAsync(ctx, bundle)
	if cfg.FromJSON != "" {
		doc, err := ReadDocument(cfg.FromJSON)
		eng, perr := engine()
		if perr != nil {
			return nil, perr
		}
		if err != nil {
			return nil, err
		}
		return Lint(ctx, eng, enabled, doc, checkout(doc), cfg)
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		linter  func() *hostLinter // set up once, with the first host
		wg      sync.WaitGroup
		mu      sync.Mutex
		results []hostResult
		lintErr error
	)
	sem := make(chan struct{}, max(1, runtime.NumCPU()))
	onHost := func(doc *evalbridge.Document, h evalbridge.HostEval) {
		mu.Lock()
		if linter == nil {
			linter = sync.OnceValue(func() *hostLinter {
				eng, err := engine()
				if err != nil {
					return nil // reported by engine() below
				}
				l := newHostLinter(eng, enabled, doc, checkout(doc), cfg)
				l.src.ctx = ctx
				return l
			})
		}
		get := linter
		mu.Unlock()
		wg.Add(1)
		go func() { // not in the nix job's goroutine: its next batch starts now
			defer wg.Done()
			l := get()
			if l == nil {
				return
			}
			sem <- struct{}{}
			res, err := l.lint(ctx, h)
			<-sem
			mu.Lock()
			defer mu.Unlock()
			results = append(results, res)
			if err != nil && lintErr == nil {
				lintErr = err
				cancel() // a rule that cannot run fails the run: stop nix early
			}
		}()
	}
	doc, _, err := evaluate(ctx, cfg, enabled, onHost)
	wg.Wait()
	eng, perr := engine()
	if perr != nil {
		return nil, perr
	}
	if lintErr != nil {
		return nil, lintErr
	}
	if err != nil {
		return nil, err
	}
	if len(results) != len(doc.Hosts) { // never expected; a host must not go unchecked
		return nil, fmt.Errorf("internal error: %d hosts evaluated, %d linted", len(doc.Hosts), len(results))
	}
	l := newHostLinter(eng, enabled, doc, nil, cfg)
	if linter != nil {
		l = linter()
	}
	return l.report(doc, results, cfg), nil
}

// prepareAsync compiles the bundle in the background; the function it
// returns waits for the result.
func prepareAsync(ctx context.Context, bundle *rego.Bundle) func() (*rego.Engine, error) {
	type prepared struct {
		eng *rego.Engine
		err error
	}
	ready := make(chan prepared, 1)
	go func() {
		eng, err := bundle.Prepare(ctx)
		ready <- prepared{eng, err}
	}()
	return sync.OnceValues(func() (*rego.Engine, error) {
		p := <-ready
		return p.eng, p.err
	})
}

// LoadRules loads the built-in rules and the policies of the flags and
// the config file, checks the config against them, and returns the rules
// this run enables (profile, config enable/disable, severity overrides).
func LoadRules(cfg Config) (*rego.Bundle, []*rego.RuleMeta, error) {
	dirs := cfg.PolicyDirs
	if cfg.File != nil {
		dirs = append(append([]string{}, dirs...), cfg.File.Policies...)
	}
	srcs, err := Sources(dirs)
	if err != nil {
		return nil, nil, err
	}
	bundle, err := rego.Load(srcs)
	if err != nil {
		return nil, nil, err
	}
	if cfg.File != nil {
		known := map[string]*rego.RuleMeta{}
		for _, r := range bundle.Rules() {
			known[r.ID] = r
		}
		if err := cfg.File.Check(known); err != nil {
			return nil, nil, err
		}
	}
	data, err := rego.LoadData(DataFiles(cfg))
	if err != nil {
		return nil, nil, err
	}
	bundle.WithData(data)
	enabled, err := SelectRules(bundle.Rules(), applyRuleConfig(bundle.Rules(), cfg.Profile, cfg.File), cfg)
	if err != nil {
		return nil, nil, err
	}
	return bundle, enabled, nil
}

// checkout is what findings are placed by: the files nix evaluated, or
// those a --from-json document lists (sourceFS, positions.go); nil when
// neither is known here.
func checkout(doc *evalbridge.Document) fs.FS {
	return sourceFS(doc)
}

// Lint runs the enabled rules on every host of the document.
func Lint(ctx context.Context, eng *rego.Engine, enabled []*rego.RuleMeta, doc *evalbridge.Document, root fs.FS, cfg Config) (*Report, error) {
	l := newHostLinter(eng, enabled, doc, root, cfg)
	l.src.ctx = ctx
	p := pool.NewWithResults[hostResult]().WithErrors().WithContext(ctx).WithMaxGoroutines(max(1, runtime.NumCPU()))
	for _, h := range doc.Hosts {
		p.Go(func(ctx context.Context) (hostResult, error) { return l.lint(ctx, h) })
	}
	results, err := p.Wait()
	if err != nil {
		return nil, err
	}
	return l.report(doc, results, cfg), nil
}

// hostLinter lints one host at a time; safe for concurrent use.
type hostLinter struct {
	eng     *rego.Engine
	enabled []*rego.RuleMeta
	on      map[string]*rego.RuleMeta // enabled, by id, with the config's severity
	doc     *evalbridge.Document      // its Inputs; not its Hosts
	src     *sources
	now     time.Time
}

type hostResult struct {
	findings []Finding
	errs     []HostError
}

func newHostLinter(eng *rego.Engine, enabled []*rego.RuleMeta, doc *evalbridge.Document, root fs.FS, cfg Config) *hostLinter {
	l := &hostLinter{eng: eng, enabled: enabled, on: map[string]*rego.RuleMeta{}, doc: doc, src: newSources(root), now: cfg.Now}
	for _, r := range enabled {
		l.on[r.ID] = r
	}
	if l.now.IsZero() {
		l.now = time.Now()
	}
	return l
}

// lint runs the enabled rules on one host.
func (l *hostLinter) lint(ctx context.Context, h evalbridge.HostEval) (hostResult, error) {
	if h.Error != "" {
		return hostResult{errs: []HostError{{Host: h.Host, Message: h.Error}}}, nil
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
	vs, err := l.eng.Eval(ctx, Input(l.doc, h, l.now))
	if err != nil {
		return res, fmt.Errorf("host %s: %w", h.Host, err)
	}
	for _, v := range vs {
		if l.on[v.Rule.ID] == nil || undecided[v.Rule.ID] {
			continue
		}
		v.Rule = l.on[v.Rule.ID]
		res.findings = append(res.findings, finding(l.src, h, v))
	}
	return res, nil
}

// report gathers the hosts' results of doc into the sorted report, with
// suppressions, exceptions and the baseline applied.
func (l *hostLinter) report(doc *evalbridge.Document, results []hostResult, cfg Config) *Report {
	rep := &Report{Flake: doc.Flake, Root: doc.Root, RepoRoot: gitTopLevel(doc.Root), Rules: l.enabled, FailOn: cfg.FailOn, Findings: []Finding{}, Errors: []HostError{}}
	rep.Gate = gateOf(cfg, l.eng.Rules())
	for _, h := range doc.Hosts {
		rep.Hosts = append(rep.Hosts, h.Host)
	}
	for _, r := range results {
		rep.Findings = append(rep.Findings, r.findings...)
		rep.Errors = append(rep.Errors, r.errs...)
	}
	sort.Strings(rep.Hosts)
	known := map[string]*rego.RuleMeta{}
	for _, r := range l.eng.Rules() {
		known[r.ID] = r
	}
	var sups []SuppressionEntry
	rep.Findings, sups = applySuppressions(l.src, rep.Findings, known, len(cfg.Hosts) == 0 && cfg.Shard.Count <= 1)
	rep.setSuppressions(sups)
	if cfg.Untrusted && !cfg.AllowInlineSuppressions {
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
	rep.BaselineGone = applyBaseline(cfg.Baseline, rep.Findings)
	SortFindings(rep.Findings)
	sort.Slice(rep.Errors, func(i, j int) bool {
		a, b := rep.Errors[i], rep.Errors[j]
		if a.Host != b.Host {
			return a.Host < b.Host
		}
		return a.Path < b.Path
	})
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
func pathErrors(h evalbridge.HostEval, enabled []*rego.RuleMeta) []HostError {
	var out []HostError
	for path, msg := range h.Errors {
		concrete, err := optpath.Parse(path)
		if err != nil {
			concrete = []string{path}
		}
		var ids []string
		for _, r := range enabled {
			for _, o := range r.Options {
				if matchesAny(concrete, o) {
					ids = append(ids, r.ID)
					break
				}
			}
		}
		if len(ids) > 0 {
			out = append(out, HostError{Host: h.Host, Path: path, Rules: ids, Message: msg})
		}
	}
	return out
}

func matchesAny(concrete []string, o rego.OptionSpec) bool {
	for _, pat := range o.Names() {
		if pat != nil && optpath.Matches(pat, concrete) {
			return true
		}
	}
	return false
}

func finding(src *sources, h evalbridge.HostEval, v rego.Violation) Finding {
	f := Finding{
		RuleID:   v.Rule.ID,
		Severity: v.Rule.Severity,
		Title:    v.Rule.Title,
		Host:     h.Host,
		Path:     v.Path,
		Message:  v.Message,
		Fix:      v.Fix,
		Location: src.place(h, v),
	}
	f.Fingerprint = Fingerprint(f.RuleID, f.Host, f.Path, f.Message)
	return f
}

// Fingerprint identifies a finding independently of lines and file names,
// for baselines: rule, host, option path and message (several findings of
// one rule on one option, such as one per weak key, differ by message).
func Fingerprint(parts ...string) string {
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(sum[:8])
}

// SortFindings orders findings by place, then rule, host and option.
func SortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		switch {
		case a.Location.File != b.Location.File:
			return a.Location.File < b.Location.File
		case a.Location.StartLine != b.Location.StartLine:
			return a.Location.StartLine < b.Location.StartLine
		case a.Location.StartCol != b.Location.StartCol:
			return a.Location.StartCol < b.Location.StartCol
		case a.RuleID != b.RuleID:
			return a.RuleID < b.RuleID
		case a.Host != b.Host:
			return a.Host < b.Host
		case a.Path != b.Path:
			return a.Path < b.Path
		}
		return a.Message < b.Message
	})
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
