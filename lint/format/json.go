package format

import (
	"bytes"
	"encoding/json"
	"io"

	"github.com/nixsec/nixsec/lint"
	"github.com/nixsec/nixsec/lint/format/escape"
)

// JSONVersion is the version of the JSON report (docs/json-format.md).
const JSONVersion = 1

type jsonReport struct {
	Version  int              `json:"version"`
	Tool     jsonTool         `json:"tool"`
	Flake    string           `json:"flake"`
	Hosts    []string         `json:"hosts"`
	Findings []jsonFinding    `json:"findings"`
	Errors   []lint.HostError `json:"errors"`
	Summary  jsonSummary      `json:"summary"`
	// Gate is how the run's gate was configured; absent in reports that
	// do not know it (merged shards).
	Gate *lint.Gate `json:"gate,omitempty"`
}

type jsonTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

type jsonFinding struct {
	lint.Finding
	Severity string `json:"severity"`
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
func JSON(w io.Writer, r *lint.Report, version string) error {
	out := jsonReport{
		Version:  JSONVersion,
		Tool:     jsonTool{Name: "nixsec", Version: version},
		Flake:    r.Flake,
		Hosts:    r.Hosts,
		Findings: make([]jsonFinding, 0, len(r.Findings)),
		Errors:   r.Errors,
		Gate:     r.Gate,
		Summary: jsonSummary{
			BySeverity: map[string]int{}, Errors: len(r.Errors), BaselineGone: r.BaselineGone,
			FailOn: r.FailOn.String(), ExitCode: r.ExitCode(),
		},
	}
	if out.Hosts == nil {
		out.Hosts = []string{}
	}
	if out.Errors == nil {
		out.Errors = []lint.HostError{}
	}
	for _, f := range r.Findings {
		out.Findings = append(out.Findings, jsonFinding{Finding: f, Severity: f.Severity.String()})
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
