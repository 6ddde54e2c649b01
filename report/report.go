// Package report is the result of a check: findings placed in the user's
// files, evaluation errors, how the gate was configured, the exit code,
// the order findings are listed in, and the merging of sharded runs'
// reports. The linter fills it in; output formats print it. It imports no
// engine, no evaluator and no output code (docs/architecture.md).
package report

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"sort"
	"strings"

	"github.com/nixsec/nixsec/rule"
)

// Finding is one violation on one host, placed in the user's files.
type Finding struct {
	RuleID   string    `json:"rule"`
	Title    string    `json:"title"`
	Host     string    `json:"host"`
	Path     string    `json:"option"`
	Message  string    `json:"message"`
	Location Location  `json:"location"`
	Fix      *rule.Fix `json:"fix,omitempty"`
	// Edit is the change to the checkout that applies Fix, when nixsec can
	// make it from what it read (docs/why.md); NoEdit says why not, when
	// there is a Fix but no Edit.
	Edit        *Edit  `json:"edit,omitempty"`
	NoEdit      string `json:"noEdit,omitempty"`
	Fingerprint string `json:"fingerprint"`
	// Suppressed is set when an inline comment or a config exception
	// silences the finding; it stays in machine-readable output, and never
	// fails the run.
	Suppressed *Suppressed `json:"suppressed,omitempty"`
	// Baselined is set when the --baseline file holds the finding.
	Baselined bool `json:"baselined,omitempty"`
	// Definitions are, when the option is written more than once in the
	// host's modules, every place it is, read from the source: the one the
	// finding points at ("wins") and the others, with their priority and
	// what became of them (docs/why.md).
	Definitions []Definition `json:"definitions,omitempty"`
	// Frameworks are, in a --framework run, the controls of the framework
	// the finding's rule decides ({"stig": ["V-268091"]}). Set when the
	// report is assembled, so not in cached entries (entry:"-").
	Frameworks map[string][]string `json:"frameworks,omitempty" entry:"-"`
	// Severity is last: the JSON report prints it last
	// (docs/json-format.md).
	Severity rule.Severity `json:"severity"`
}

// Counts reports whether the finding counts toward the exit code and the
// text report: not suppressed, not in the baseline.
func (f *Finding) Counts() bool { return f.Suppressed == nil && !f.Baselined }

// Edit replaces a region of one file of the checkout (1-based, columns
// in characters, end exclusive; an empty region inserts) with Text.
type Edit struct {
	File      string `json:"file"`
	StartLine int    `json:"startLine"`
	StartCol  int    `json:"startColumn"`
	EndLine   int    `json:"endLine"`
	EndCol    int    `json:"endColumn"`
	Text      string `json:"text"`
	// Description says what the edit does: "replace the value" or
	// "insert into hosts/web.nix".
	Description string `json:"description"`
	// Source is the SHA-256 of the file as nix evaluated it (its store
	// copy), which the region is a place in: fix edits only a checkout
	// file with the same bytes.
	Source string `json:"-"`
}

// Suppressed says what silenced a finding.
type Suppressed struct {
	Kind   string `json:"kind"` // "inSource" or "external" (a config exception)
	Reason string `json:"reason"`
}

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

// NotApplicable is a rule that does not apply to a host, and why.
type NotApplicable struct {
	Host   string `json:"host"`
	Rule   string `json:"rule"`
	Reason string `json:"reason"`
}

// Report is the result of a run.
type Report struct {
	Flake string `json:"flake"`
	// Root is the flake's directory in the checkout (absolute), which
	// Location.File is relative to; "" when not local.
	Root string `json:"-"`
	// RepoRoot is the git repository holding Root ("" when none): where
	// code scanning resolves the report's paths.
	RepoRoot string       `json:"-"`
	Hosts    []string     `json:"hosts"`
	Rules    []*rule.Meta `json:"-"`
	Findings []Finding    `json:"findings"`
	Errors   []HostError  `json:"errors"`
	// NotApplicable are the rules that said they do not apply to a host
	// (a rule package's not_applicable), for compliance checklists.
	NotApplicable []NotApplicable `json:"notApplicable,omitempty"`
	FailOn        rule.Severity   `json:"-"`
	// BaselineGone counts baseline entries that no longer occur.
	BaselineGone int `json:"-"`
	// Gate is how the gate was configured (gate.go); nil only in reports
	// that do not know it, e.g. merged shards without it.
	Gate *Gate `json:"gate,omitempty"`
	// Framework is the run's --framework ("stig"), "" without.
	Framework string `json:"-"`
	// Stats is where the time went, when asked for (check --stats).
	Stats *Stats `json:"-"`
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
		if f.Counts() && f.Severity > rule.Info && f.Severity >= r.FailOn {
			return ExitFindings
		}
	}
	return ExitOK
}

// Fingerprint identifies a finding independently of lines and file names,
// for baselines: rule, host, option path and message (several findings of
// one rule on one option, such as one per weak key, differ by message).
func Fingerprint(parts ...string) string {
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(sum[:8])
}

// Sort puts the report in its one order: hosts by name, findings by place
// (SortFindings), errors by host, option and message.
func (r *Report) Sort() {
	sort.Strings(r.Hosts)
	SortFindings(r.Findings)
	sort.SliceStable(r.Errors, func(i, j int) bool {
		a, b := r.Errors[i], r.Errors[j]
		if a.Host != b.Host {
			return a.Host < b.Host
		}
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		return a.Message < b.Message
	})
}

// SortFindings orders findings by place, then rule, host and option.
func SortFindings(fs []Finding) {
	// A fleet's report holds tens of thousands of findings, each a large
	// struct. The sort moves small keys without pointers (no write
	// barriers, no copies of strings): the file, rule and host as their
	// ranks among the distinct values (a rank orders as its string does),
	// the finding's index deciding last, so equal findings keep their
	// order (a stable sort at an unstable sort's cost). Only ties on all
	// of them read the option path and message. The findings are then
	// moved once, in place.
	if len(fs) < 2 {
		return
	}
	type key struct {
		file, rule, host int
		line, col        int
		index            int
	}
	keys := make([]key, len(fs))
	files, rules, hosts := newRanker(), newRanker(), newRanker()
	for i := range fs {
		f := &fs[i]
		keys[i] = key{files.id(f.Location.File), rules.id(f.RuleID), hosts.id(f.Host), f.Location.StartLine, f.Location.StartCol, i}
	}
	fileRank, ruleRank, hostRank := files.ranks(), rules.ranks(), hosts.ranks()
	for i := range keys {
		k := &keys[i]
		k.file, k.rule, k.host = fileRank[k.file], ruleRank[k.rule], hostRank[k.host]
	}
	slices.SortFunc(keys, func(a, b key) int {
		if c := cmp.Compare(a.file, b.file); c != 0 {
			return c
		}
		if c := cmp.Compare(a.line, b.line); c != 0 {
			return c
		}
		if c := cmp.Compare(a.col, b.col); c != 0 {
			return c
		}
		if c := cmp.Compare(a.rule, b.rule); c != 0 {
			return c
		}
		if c := cmp.Compare(a.host, b.host); c != 0 {
			return c
		}
		fa, fb := &fs[a.index], &fs[b.index]
		if c := strings.Compare(fa.Path, fb.Path); c != 0 {
			return c
		}
		if c := strings.Compare(fa.Message, fb.Message); c != 0 {
			return c
		}
		return cmp.Compare(a.index, b.index)
	})
	// Position i receives fs[keys[i].index]: follow each cycle of the
	// permutation, moving every finding once.
	for i := range keys {
		if keys[i].index == i || keys[i].index < 0 {
			continue
		}
		tmp := fs[i]
		j := i
		for {
			k := keys[j].index
			keys[j].index = -1
			if k == i {
				fs[j] = tmp
				break
			}
			fs[j] = fs[k]
			j = k
		}
	}
}

// ranker numbers distinct strings in the order it first sees them (one
// map lookup a finding), then gives each number its rank among the
// strings in sorted order.
type ranker struct {
	ids  map[string]int
	vals []string
}

func newRanker() *ranker { return &ranker{ids: map[string]int{}} }

func (r *ranker) id(s string) int {
	if n, ok := r.ids[s]; ok {
		return n
	}
	n := len(r.vals)
	r.ids[s] = n
	r.vals = append(r.vals, s)
	return n
}

// ranks maps each id to the rank of its string.
func (r *ranker) ranks() []int {
	order := make([]int, len(r.vals))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return strings.Compare(r.vals[a], r.vals[b]) })
	rank := make([]int, len(r.vals))
	for i, id := range order {
		rank[id] = i
	}
	return rank
}

// SetSuppressions lists the nixsec:ignore comments in the report's gate.
func (r *Report) SetSuppressions(entries []SuppressionEntry) {
	if len(entries) == 0 {
		return
	}
	if r.Gate == nil {
		r.Gate = &Gate{}
	}
	r.Gate.Suppressions = entries
}
