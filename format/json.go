package format

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/nixsec/nixsec/format/escape"
	"github.com/nixsec/nixsec/report"
	"github.com/nixsec/nixsec/rule"
)

// JSONVersion is the version of the JSON report (docs/json-format.md).
const JSONVersion = 1

type jsonReport struct {
	Version  int                `json:"version"`
	Tool     jsonTool           `json:"tool"`
	Flake    string             `json:"flake"`
	Hosts    []string           `json:"hosts"`
	Findings []report.Finding   `json:"findings"`
	Errors   []report.HostError `json:"errors"`
	Summary  jsonSummary        `json:"summary"`
	// Gate is how the run's gate was configured; absent in reports that
	// do not know it (merged shards).
	Gate *report.Gate `json:"gate,omitempty"`
	// Stats is where the time went, with check --stats.
	Stats *report.Stats `json:"stats,omitempty"`
}

type jsonTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

type jsonSummary struct {
	Findings   int            `json:"findings"`
	BySeverity map[string]int `json:"bySeverity"`
	Errors     int            `json:"errors"`
	Suppressed int            `json:"suppressed"`
	Baselined  int            `json:"baselined"`
	// BaselineGone counts baseline entries that no longer occur.
	BaselineGone int    `json:"baselineGone"`
	FailOn       string `json:"failOn"`
	ExitCode     int    `json:"exitCode"`
}

// JSON writes the report as one JSON document, made safe to print with
// escape.JSON: strings decode to what they were, yet no control, bidi or
// CI command reaches a terminal or CI log that shows the document.
func JSON(w io.Writer, r *report.Report, version string) error {
	out := jsonReport{
		Version:  JSONVersion,
		Tool:     jsonTool{Name: "nixsec", Version: version},
		Flake:    r.Flake,
		Hosts:    r.Hosts,
		Findings: r.Findings,
		Errors:   r.Errors,
		Gate:     r.Gate,
		Stats:    r.Stats,
		Summary: jsonSummary{
			BySeverity: map[string]int{}, Errors: len(r.Errors), BaselineGone: r.BaselineGone,
			FailOn: r.FailOn.String(), ExitCode: r.ExitCode(),
		},
	}
	if out.Hosts == nil {
		out.Hosts = []string{}
	}
	if out.Findings == nil {
		out.Findings = []report.Finding{}
	}
	if out.Errors == nil {
		out.Errors = []report.HostError{}
	}
	for _, f := range r.Findings {
		if f.Suppressed != nil {
			out.Summary.Suppressed++
			continue
		}
		if f.Baselined {
			out.Summary.Baselined++
			continue
		}
		out.Summary.Findings++
		out.Summary.BySeverity[f.Severity.String()]++
	}
	return encodeJSON(w, out)
}

// encodeJSON writes v indented, through escape.JSON.
func encodeJSON(w io.Writer, v any) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(escape.JSON(b.Bytes()))
	return err
}

// ReadJSON reads back a report JSON wrote: what merging sharded runs needs
// (its rules are not in it). Fix values keep their exact numbers.
func ReadJSON(r io.Reader) (*report.Report, error) {
	var in struct {
		Version  int                `json:"version"`
		Flake    string             `json:"flake"`
		Hosts    []string           `json:"hosts"`
		Findings []report.Finding   `json:"findings"`
		Errors   []report.HostError `json:"errors"`
		Gate     *report.Gate       `json:"gate"`
		Summary  struct {
			FailOn       string `json:"failOn"`
			BaselineGone int    `json:"baselineGone"`
		} `json:"summary"`
	}
	dec := json.NewDecoder(r)
	dec.UseNumber()
	if err := dec.Decode(&in); err != nil {
		return nil, fmt.Errorf("not a nixsec JSON report: %w", err)
	}
	if in.Version != JSONVersion {
		return nil, fmt.Errorf("not a nixsec JSON report of version %d (version %d)", JSONVersion, in.Version)
	}
	failOn, err := rule.ParseSeverity(in.Summary.FailOn)
	if err != nil {
		return nil, fmt.Errorf("summary.failOn: %w", err)
	}
	return &report.Report{
		Flake: in.Flake, Hosts: in.Hosts, Findings: in.Findings, Errors: in.Errors, Gate: in.Gate,
		FailOn: failOn, BaselineGone: in.Summary.BaselineGone,
	}, nil
}
