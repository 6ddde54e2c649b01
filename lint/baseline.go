package lint

import (
	"encoding/json"
	"io"
	"os"
	"sort"

	"github.com/nixsec/nixsec/format/escape"
	"github.com/nixsec/nixsec/inputerr"
	"github.com/nixsec/nixsec/report"
)

// BaselineFormat is the version of the baseline file.
const BaselineFormat = 1

// Baseline is the findings a project accepted on a given day; with
// --baseline only findings not in it count. Entries match by fingerprint
// (rule, host, option, message), so moving lines or renaming files
// within the flake does not bring them back.
type Baseline struct {
	Format   int             `json:"nixsec_baseline"`
	Findings []BaselineEntry `json:"findings"`
}

// BaselineEntry is one accepted finding; the fields beside the
// fingerprint are for the people reading the file.
type BaselineEntry struct {
	Fingerprint string `json:"fingerprint"`
	Rule        string `json:"rule"`
	Host        string `json:"host"`
	Option      string `json:"option"`
	Message     string `json:"message"`
}

// NewBaseline records the report's findings that count today.
func NewBaseline(r *report.Report) *Baseline {
	b := &Baseline{Format: BaselineFormat, Findings: []BaselineEntry{}}
	for _, f := range r.Findings {
		if f.Suppressed != nil {
			continue
		}
		b.Findings = append(b.Findings, BaselineEntry{Fingerprint: f.Fingerprint, Rule: f.RuleID, Host: f.Host, Option: f.Path, Message: f.Message})
	}
	sort.Slice(b.Findings, func(i, j int) bool { return b.Findings[i].Fingerprint < b.Findings[j].Fingerprint })
	return b
}

// Write writes the baseline as indented JSON.
func (b *Baseline) Write(w io.Writer) error {
	// Host names and messages come from the flake: the file is reviewed
	// like code, so no bidi or control character goes into it raw.
	enc := json.NewEncoder(escape.JSONWriter{W: w})
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(b)
}

// ReadBaseline reads a baseline file; a malformed one is an
// *inputerr.Error with its position.
func ReadBaseline(file string) (*Baseline, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, inputerr.New(file, err)
	}
	var b Baseline
	if err := json.Unmarshal(data, &b); err != nil {
		return nil, inputerr.JSON(file, data, err)
	}
	if b.Format != BaselineFormat {
		return nil, inputerr.Errorf(file, "not a nixsec baseline (nixsec_baseline is %d, want %d)", b.Format, BaselineFormat)
	}
	for i, e := range b.Findings {
		if e.Fingerprint == "" {
			return nil, inputerr.Errorf(file, "findings[%d] has no fingerprint", i)
		}
	}
	return &b, nil
}

// applyBaseline marks the findings the baseline holds and counts the
// baseline's entries that no longer occur.
func applyBaseline(b *Baseline, findings []report.Finding) (gone int) {
	if b == nil {
		return 0
	}
	known := map[string]bool{}
	for _, e := range b.Findings {
		known[e.Fingerprint] = true
	}
	seen := map[string]bool{}
	for i := range findings {
		if fp := findings[i].Fingerprint; known[fp] {
			findings[i].Baselined = true
			seen[fp] = true
		}
	}
	for fp := range known {
		if !seen[fp] {
			gone++
		}
	}
	return gone
}
