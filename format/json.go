package format

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

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
	return streamJSON(w, jsonDocument(r, version))
}

// jsonDocument is the JSON report of r.
func jsonDocument(r *report.Report, version string) jsonReport {
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
	return out
}

// streamJSON writes the report as encodeJSON would, byte for byte, one
// field and one finding at a time: a fleet's findings are the largest
// part of a run's memory, and the whole document, then its escaped copy,
// would double it.
func streamJSON(w io.Writer, out jsonReport) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	// put writes s, then v encoded at the depth of out's fields' values
	// (or of the findings, with depth 2), through escape.JSON. Each piece
	// is whole JSON values and the text between them, which escape.JSON
	// rewrites as it would the whole document.
	put := func(s string, v any, depth int) error {
		b.Reset()
		b.WriteString(s)
		if v != nil {
			enc.SetIndent(strings.Repeat("  ", depth), "  ")
			if err := enc.Encode(v); err != nil {
				return err
			}
			b.Truncate(b.Len() - 1) // Encode's newline
		}
		_, err := bw.Write(escape.JSON(b.Bytes()))
		return err
	}
	fields := []struct {
		name string
		v    any
	}{
		{"version", out.Version}, {"tool", out.Tool}, {"flake", out.Flake}, {"hosts", out.Hosts},
		{"findings", nil}, {"errors", out.Errors}, {"summary", out.Summary},
	}
	if out.Gate != nil {
		fields = append(fields, struct {
			name string
			v    any
		}{"gate", out.Gate})
	}
	if out.Stats != nil {
		fields = append(fields, struct {
			name string
			v    any
		}{"stats", out.Stats})
	}
	for i, f := range fields {
		sep := ",\n  "
		if i == 0 {
			sep = "{\n  "
		}
		key, _ := json.Marshal(f.name)
		if f.name != "findings" {
			if err := put(sep+string(key)+": ", f.v, 1); err != nil {
				return err
			}
			continue
		}
		if len(out.Findings) == 0 {
			if err := put(sep+string(key)+": []", nil, 0); err != nil {
				return err
			}
			continue
		}
		for j := range out.Findings {
			s := ",\n    "
			if j == 0 {
				s = sep + string(key) + ": [\n    "
			}
			if err := put(s, &out.Findings[j], 2); err != nil {
				return err
			}
		}
		if err := put("\n  ]", nil, 0); err != nil {
			return err
		}
	}
	if err := put("\n}\n", nil, 0); err != nil {
		return err
	}
	return bw.Flush()
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
