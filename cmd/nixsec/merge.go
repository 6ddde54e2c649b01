package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"

	"github.com/nixsec/nixsec/lint"
	"github.com/nixsec/nixsec/lint/format"
	"github.com/nixsec/nixsec/rego"
)

// mergeInput is the part of a JSON report (docs/json-format.md) that
// merge reads back.
type mergeInput struct {
	Version  int      `json:"version"`
	Flake    string   `json:"flake"`
	Hosts    []string `json:"hosts"`
	Findings []struct {
		lint.Finding
		Severity string `json:"severity"`
	} `json:"findings"`
	Errors  []lint.HostError `json:"errors"`
	Gate    *lint.Gate       `json:"gate"`
	Summary struct {
		FailOn       string `json:"failOn"`
		BaselineGone int    `json:"baselineGone"`
	} `json:"summary"`
}

// runMerge is `nixsec merge REPORT.json...`: the JSON reports of sharded
// checks (check --shard I/N --format json) as one report and one exit
// code, as if the hosts had been checked in one run.
func runMerge(ctx context.Context, args []string, stdout, stderr io.Writer) (int, error) {
	fs := newFlagSet("merge", "REPORT.json...")
	fs.SetOutput(stderr)
	formatName := fs.String("format", "text", "output format: text, json or sarif")
	output := fs.String("output", "", "write the report to this file")
	quiet := fs.Bool("quiet", false, "text: print only evaluation errors and the summary")
	noColor := fs.Bool("no-color", false, "text: no colours (also when NO_COLOR is set)")
	failOn := fs.String("fail-on", "", "lowest severity that fails the run (default: the reports' own)")
	policies := fs.StringArray("policy", nil, "directory of extra Rego rules the reports used (for their help text)")
	if err := fs.Parse(args); err != nil {
		return lint.ExitError, err
	}
	if fs.NArg() == 0 {
		return lint.ExitError, fmt.Errorf("at least one JSON report expected")
	}
	if !contains([]string{"text", "json", "sarif"}, *formatName) {
		return lint.ExitError, fmt.Errorf("--format %q: want text, json or sarif", *formatName)
	}
	rep, err := mergeReports(fs.Args())
	if err != nil {
		return lint.ExitError, err
	}
	if *failOn != "" {
		if rep.FailOn, err = rego.ParseSeverity(*failOn); err != nil {
			return lint.ExitError, fmt.Errorf("--fail-on: %w", err)
		}
	}
	// The rules' metadata gives the text and SARIF reports their help.
	if eng, err := lint.NewEngine(ctx, *policies); err == nil {
		rep.Rules = eng.Rules()
	} else {
		return lint.ExitError, err
	}
	if err := writeReport(rep, *formatName, *output, stdout, !*noColor, *quiet); err != nil {
		return lint.ExitError, err
	}
	return rep.ExitCode(), nil
}

// mergeReports reads the reports and combines them: hosts, findings and
// errors are unions, sorted as a single run sorts them. The reports must
// be of the same flake and --fail-on, and no host may be in two of them.
// A baseline's gone count cannot be recombined exactly from shards (each
// shard misses the other shards' findings); the smallest is kept, an
// upper bound.
func mergeReports(files []string) (*lint.Report, error) {
	rep := &lint.Report{Findings: []lint.Finding{}, Errors: []lint.HostError{}, Hosts: []string{}}
	owner := map[string]string{}
	for i, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			return nil, err
		}
		var in mergeInput
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.UseNumber() // fix values keep their exact numbers
		if err := dec.Decode(&in); err != nil {
			return nil, fmt.Errorf("%s: not a nixsec JSON report: %w", file, err)
		}
		if in.Version != format.JSONVersion {
			return nil, fmt.Errorf("%s: not a nixsec JSON report of version %d (version %d)", file, format.JSONVersion, in.Version)
		}
		failOn, err := rego.ParseSeverity(in.Summary.FailOn)
		if err != nil {
			return nil, fmt.Errorf("%s: summary.failOn: %w", file, err)
		}
		if i == 0 {
			rep.Flake, rep.FailOn, rep.BaselineGone = in.Flake, failOn, in.Summary.BaselineGone
			rep.Gate = in.Gate
		} else {
			if !sameGate(rep.Gate, in.Gate) {
				return nil, fmt.Errorf("%s and %s were checked with different configurations (their gate sections differ): merge shards of one run", files[0], file)
			}
			rep.Gate = mergeSuppressions(rep.Gate, in.Gate)
			if in.Flake != rep.Flake {
				return nil, fmt.Errorf("%s is a report of %s, %s of %s: merge reports of one flake", file, in.Flake, files[0], rep.Flake)
			}
			if failOn != rep.FailOn {
				return nil, fmt.Errorf("%s was checked with --fail-on %s, %s with %s: pass --fail-on to merge", file, failOn, files[0], rep.FailOn)
			}
			rep.BaselineGone = min(rep.BaselineGone, in.Summary.BaselineGone)
		}
		for _, h := range in.Hosts {
			if prev, ok := owner[h]; ok {
				return nil, fmt.Errorf("host %s is in %s and in %s: shards overlap", h, prev, file)
			}
			owner[h] = file
			rep.Hosts = append(rep.Hosts, h)
		}
		for _, f := range in.Findings {
			fd := f.Finding
			if fd.Severity, err = rego.ParseSeverity(f.Severity); err != nil {
				return nil, fmt.Errorf("%s: finding %s on %s: %w", file, fd.RuleID, fd.Host, err)
			}
			rep.Findings = append(rep.Findings, fd)
		}
		rep.Errors = append(rep.Errors, in.Errors...)
	}
	sort.Strings(rep.Hosts)
	lint.SortFindings(rep.Findings)
	sort.SliceStable(rep.Errors, func(i, j int) bool {
		a, b := rep.Errors[i], rep.Errors[j]
		if a.Host != b.Host {
			return a.Host < b.Host
		}
		return a.Path < b.Path
	})
	return rep, nil
}

// sameGate: shards of one run share everything but the suppressions, which
// each shard finds in the files its own findings point to.
func sameGate(a, b *lint.Gate) bool {
	strip := func(g *lint.Gate) string {
		if g == nil {
			return ""
		}
		c := *g
		c.Suppressions = nil
		js, _ := json.Marshal(c)
		return string(js)
	}
	return strip(a) == strip(b)
}

// mergeSuppressions is the union of two shards' suppressions: one comment
// listed once, with the hosts it silenced in either shard.
func mergeSuppressions(a, b *lint.Gate) *lint.Gate {
	if a == nil || b == nil {
		return a
	}
	type key struct {
		file string
		line int
	}
	index := map[key]int{}
	var merged []lint.SuppressionEntry
	for _, s := range append(append([]lint.SuppressionEntry{}, a.Suppressions...), b.Suppressions...) {
		k := key{s.File, s.Line}
		if i, ok := index[k]; ok {
			merged[i].Hosts = dedupeSorted(append(merged[i].Hosts, s.Hosts...))
			continue
		}
		index[k] = len(merged)
		s.Hosts = dedupeSorted(append([]string(nil), s.Hosts...))
		merged = append(merged, s)
	}
	sort.Slice(merged, func(i, j int) bool {
		if merged[i].File != merged[j].File {
			return merged[i].File < merged[j].File
		}
		return merged[i].Line < merged[j].Line
	})
	c := *a
	c.Suppressions = merged
	return &c
}

func dedupeSorted(xs []string) []string {
	sort.Strings(xs)
	out := xs[:0]
	for i, x := range xs {
		if i == 0 || x != xs[i-1] {
			out = append(out, x)
		}
	}
	return out
}
