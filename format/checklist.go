package format

// A compliance checklist (nixsec report --framework): every host's
// status for each of a framework's controls, as a table for people, JSON
// for tools and an HTML page with the fleet report's look; ckl.go writes
// one host's as a STIG Viewer checklist. As in the other formats, every
// string from the flake (host names, findings, file names, details) is
// escaped (package escape), and the output is deterministic.

import (
	"fmt"
	"html/template"
	"io"
	"strings"
	"sync"

	"github.com/nixsec/nixsec/compliance"
	"github.com/nixsec/nixsec/format/escape"
	"github.com/nixsec/nixsec/report"
)

// ChecklistJSONVersion is the version of the checklist JSON.
const ChecklistJSONVersion = 1

// checklistResults are a host's results in the framework's order, one
// per control; a control the host has no result for is not checked.
func checklistResults(f *compliance.Framework, h *compliance.Host) []*compliance.Result {
	byID := map[string]*compliance.Result{}
	for i := range h.Results {
		if r := &h.Results[i]; byID[r.ID] == nil {
			byID[r.ID] = r
		}
	}
	out := make([]*compliance.Result, len(f.Controls))
	for i := range f.Controls {
		c := &f.Controls[i]
		r := byID[c.ID]
		if r == nil {
			r = &compliance.Result{Control: c, ID: c.ID, Status: compliance.NotChecked, Detail: "nixsec has no result for this control on this host."}
		}
		out[i] = r
	}
	return out
}

// checklistCounts counts results by status.
func checklistCounts(rs []*compliance.Result) map[compliance.Status]int {
	n := map[compliance.Status]int{}
	for _, r := range rs {
		n[r.Status]++
	}
	return n
}

// statusName is a status in words: "not checked".
func statusName(s compliance.Status) string { return strings.ReplaceAll(string(s), "_", " ") }

// checklistCountsText is "2 fail, 1 not checked, 3 pass, 0 not
// applicable, 1 manual", in compliance.Statuses' order.
func checklistCountsText(n map[compliance.Status]int) string {
	parts := make([]string, 0, len(compliance.Statuses))
	for _, s := range compliance.Statuses {
		parts = append(parts, fmt.Sprintf("%d %s", n[s], statusName(s)))
	}
	return strings.Join(parts, ", ")
}

// checklistFramework is "Anduril NixOS Security Technical Implementation
// Guide V1R2", escaped.
func checklistFramework(f *compliance.Framework) string {
	s := escape.Line(f.Title) + " " + f.ReleaseName()
	if f.BenchmarkDate != "" {
		s += " (benchmark date " + escape.Line(f.BenchmarkDate) + ")"
	}
	return s
}

// checklistSummary is the fleet's line: hosts, controls, how many hosts
// have open controls, and the counts over all hosts.
func checklistSummary(cl *compliance.Checklist) string {
	total := map[compliance.Status]int{}
	open := 0
	for i := range cl.Hosts {
		n := checklistCounts(checklistResults(cl.Framework, &cl.Hosts[i]))
		for s, k := range n {
			total[s] += k
		}
		if n[compliance.Fail] > 0 {
			open++
		}
	}
	hosts := len(cl.Hosts)
	return fmt.Sprintf("%d %s, %d %s each; %d %s with failing controls; over all hosts: %s",
		hosts, plural(hosts, "host", "hosts"), len(cl.Framework.Controls), plural(len(cl.Framework.Controls), "control", "controls"),
		open, plural(open, "host", "hosts"), checklistCountsText(total))
}

func checklistStatusColour(s compliance.Status) string {
	switch s {
	case compliance.Fail:
		return red + bold
	case compliance.NotChecked:
		return yellow
	case compliance.ManualStatus:
		return blue
	case compliance.NotApplicable:
		return grey
	}
	return ""
}

// ChecklistText writes the checklist for people: per host a table of the
// framework's controls (id, CAT, status, title) with, under a failing
// control, the place of each finding; the host's counts by status; then
// the fleet's summary. Strings from the flake are escaped, and the
// finished text goes through escape.Lines, as the text report's do.
func ChecklistText(w io.Writer, cl *compliance.Checklist, colour bool) error {
	if cl == nil || cl.Framework == nil {
		return fmt.Errorf("checklist: no framework")
	}
	c := func(code, s string) string {
		if !colour || code == "" {
			return s
		}
		return code + s + reset
	}
	f := cl.Framework
	idWidth, statusWidth := 0, 0
	for _, ctl := range f.Controls {
		idWidth = max(idWidth, len(escape.Line(ctl.ID)))
	}
	for _, s := range compliance.Statuses {
		statusWidth = max(statusWidth, len(statusName(s)))
	}
	catWidth := len("CAT III")
	indent := strings.Repeat(" ", 2+idWidth+2+catWidth+2+statusWidth+2)
	var b strings.Builder
	bw := &errWriter{w: &b}
	fmt.Fprintf(bw, "%s\n", c(bold, checklistFramework(f)))
	if cl.Flake != "" {
		fmt.Fprintf(bw, "flake %s\n", escape.Line(cl.Flake))
	}
	fmt.Fprintln(bw)
	for i := range cl.Hosts {
		h := &cl.Hosts[i]
		rs := checklistResults(f, h)
		name := escape.Line(h.Name)
		fmt.Fprintf(bw, "%s %s\n", c(bold, "==="), c(bold, fmt.Sprintf("%s (%d %s)", name, len(rs), plural(len(rs), "control", "controls"))))
		for j, r := range rs {
			ctl := &f.Controls[j]
			status := fmt.Sprintf("%-*s", statusWidth, statusName(r.Status))
			fmt.Fprintf(bw, "  %-*s  %-*s  %s  %s\n", idWidth, escape.Line(ctl.ID), catWidth, compliance.CAT(ctl.Category),
				c(checklistStatusColour(r.Status), status), escape.Line(ctl.Title))
			if r.Status != compliance.Fail {
				continue
			}
			if len(r.Findings) == 0 && r.Detail != "" {
				fmt.Fprintf(bw, "%s%s\n", indent, escape.Line(r.Detail))
			}
			for _, fd := range r.Findings {
				fmt.Fprintf(bw, "%s%s\n", indent, escape.Line(compliance.FindingLine(fd)))
			}
		}
		fmt.Fprintf(bw, "%s: %s\n\n", name, checklistCountsText(checklistCounts(rs)))
	}
	fmt.Fprintln(bw, checklistSummary(cl))
	if bw.err != nil {
		return bw.err
	}
	_, err := io.WriteString(w, escape.Lines(b.String()))
	return err
}

type jsonChecklist struct {
	Version   int                  `json:"version"`
	Framework jsonChecklistFW      `json:"framework"`
	Flake     string               `json:"flake"`
	Summary   jsonChecklistSummary `json:"summary"`
	Hosts     []jsonChecklistHost  `json:"hosts"`
}

type jsonChecklistFW struct {
	Name          string `json:"name"`
	Title         string `json:"title"`
	StigID        string `json:"stigId"`
	Version       int    `json:"version"`
	Release       int    `json:"release"`
	ReleaseName   string `json:"releaseName"`
	BenchmarkDate string `json:"benchmarkDate"`
	Controls      int    `json:"controls"`
}

type jsonChecklistSummary struct {
	Hosts int `json:"hosts"`
	// HostsFailing counts the hosts with a failing control.
	HostsFailing int            `json:"hostsFailing"`
	ByStatus     map[string]int `json:"byStatus"`
}

type jsonChecklistHost struct {
	Host    string                `json:"host"`
	Counts  map[string]int        `json:"counts"`
	Results []jsonChecklistResult `json:"results"`
}

type jsonChecklistResult struct {
	Control   string                 `json:"control"`
	RuleID    string                 `json:"ruleId"`
	StigID    string                 `json:"stigId,omitempty"`
	Cat       int                    `json:"cat"`
	Severity  string                 `json:"severity"` // STIG Viewer's: high, medium, low
	Title     string                 `json:"title"`
	Verdict   compliance.Verdict     `json:"verdict"`
	Rules     []string               `json:"rules"`
	Status    compliance.Status      `json:"status"`
	CKLStatus string                 `json:"cklStatus"`
	Detail    string                 `json:"detail"`
	Findings  []jsonChecklistFinding `json:"findings"`
}

type jsonChecklistFinding struct {
	Rule        string                `json:"rule"`
	Option      string                `json:"option"`
	Message     string                `json:"message"`
	Location    jsonChecklistLocation `json:"location"`
	Fingerprint string                `json:"fingerprint,omitempty"`
	Suppressed  *report.Suppressed    `json:"suppressed,omitempty"`
	Baselined   bool                  `json:"baselined,omitempty"`
	Severity    string                `json:"severity"`
}

type jsonChecklistLocation struct {
	File      string `json:"file"`
	StartLine int    `json:"startLine"`
	StartCol  int    `json:"startColumn"`
	EndLine   int    `json:"endLine"`
	EndCol    int    `json:"endColumn"`
}

// ChecklistJSON writes the checklist as one JSON document: the
// framework's identity, the fleet's counts, and per host its counts by
// status and each control's result with its findings' places. Strings
// decode to what they were; escape.JSON keeps controls, bidi overrides
// and CI commands from reaching a terminal or log that shows it.
func ChecklistJSON(w io.Writer, cl *compliance.Checklist) error {
	if cl == nil || cl.Framework == nil {
		return fmt.Errorf("checklist: no framework")
	}
	f := cl.Framework
	out := jsonChecklist{
		Version: ChecklistJSONVersion,
		Framework: jsonChecklistFW{Name: f.Name, Title: f.Title, StigID: f.StigID, Version: f.Version, Release: f.Release,
			ReleaseName: f.ReleaseName(), BenchmarkDate: f.BenchmarkDate, Controls: len(f.Controls)},
		Flake:   cl.Flake,
		Summary: jsonChecklistSummary{Hosts: len(cl.Hosts), ByStatus: jsonStatusCounts(nil)},
		Hosts:   []jsonChecklistHost{},
	}
	for i := range cl.Hosts {
		h := &cl.Hosts[i]
		rs := checklistResults(f, h)
		n := checklistCounts(rs)
		for s, k := range n {
			out.Summary.ByStatus[string(s)] += k
		}
		if n[compliance.Fail] > 0 {
			out.Summary.HostsFailing++
		}
		jh := jsonChecklistHost{Host: h.Name, Counts: jsonStatusCounts(n), Results: make([]jsonChecklistResult, 0, len(rs))}
		for j, r := range rs {
			c := &f.Controls[j]
			jr := jsonChecklistResult{
				Control: c.ID, RuleID: c.RuleID, StigID: c.StigID, Cat: c.Category, Severity: compliance.CKLSeverity(c.Category),
				Title: c.Title, Verdict: c.Verdict, Rules: c.Rules, Status: r.Status, CKLStatus: r.Status.CKLStatus(),
				Detail: r.Detail, Findings: make([]jsonChecklistFinding, 0, len(r.Findings)),
			}
			if jr.Rules == nil {
				jr.Rules = []string{}
			}
			for _, fd := range r.Findings {
				l := fd.Location
				jr.Findings = append(jr.Findings, jsonChecklistFinding{
					Rule: fd.RuleID, Option: fd.Path, Message: fd.Message,
					Location:    jsonChecklistLocation{File: l.File, StartLine: l.StartLine, StartCol: l.StartCol, EndLine: l.EndLine, EndCol: l.EndCol},
					Fingerprint: fd.Fingerprint, Suppressed: fd.Suppressed, Baselined: fd.Baselined, Severity: fd.Severity.String(),
				})
			}
			jh.Results = append(jh.Results, jr)
		}
		out.Hosts = append(out.Hosts, jh)
	}
	return encodeJSON(w, out)
}

// jsonStatusCounts has every status, zero or not.
func jsonStatusCounts(n map[compliance.Status]int) map[string]int {
	out := make(map[string]int, len(compliance.Statuses))
	for _, s := range compliance.Statuses {
		out[string(s)] = n[s]
	}
	return out
}

// checklistPalette colours a status, background and text; the test
// checks that each pair meets WCAG AA contrast (4.5:1).
var checklistPalette = []struct {
	status compliance.Status
	htmlColour
}{
	{compliance.Fail, htmlColour{"#b42318", "#ffffff"}},
	{compliance.NotChecked, htmlColour{"#fcd34d", "#1a1a1a"}},
	{compliance.Pass, htmlColour{"#cdebd6", "#1a1a1a"}},
	{compliance.NotApplicable, htmlColour{"#e4e6ea", "#1a1a1a"}},
	{compliance.ManualStatus, htmlColour{"#cfe0fc", "#1a1a1a"}},
}

// checklistStyle is the fleet report's style sheet and the statuses'
// colours. No line starts with "::".
var checklistStyle = func() string {
	var b strings.Builder
	b.WriteString(htmlStyle)
	b.WriteString(".controls td,.controls th{vertical-align:top}\n.detail{white-space:pre-wrap;overflow-wrap:anywhere}\n.controls ul{margin:0;padding-left:1.2rem}\n")
	// A host name can be hundreds of characters with no space: it wraps,
	// so that the summary's counts and the page stay in view.
	b.WriteString(".matrix tbody th{white-space:normal;overflow-wrap:anywhere;min-width:8rem}\n.group h3{overflow-wrap:anywhere}\n")
	for _, p := range checklistPalette {
		fmt.Fprintf(&b, ".st-%s{background:%s;color:%s}\n", p.status, p.bg, p.fg)
	}
	return b.String()
}()

// checklistCSP allows the page's own style and nothing else: the page
// has no script.
var checklistCSP = "default-src 'none'; style-src " + cspHash(checklistStyle) + "; base-uri 'none'; form-action 'none'"

type checklistPage struct {
	Framework, Flake, Summary, CSP string
	Style                          template.CSS
	Statuses                       []checklistStatus
	Hosts                          []checklistHostView
	Total                          []checklistCell
	Controls                       int
}

type checklistStatus struct{ Key, Name, CKL string }

type checklistCell struct {
	Key string
	N   int
}

type checklistHostView struct {
	ID, Name, Summary string
	Counts            []checklistCell
	Rows              []checklistRow
}

type checklistRow struct {
	ID, CAT, Key, Status, CKL, Title, Detail string
	Findings                                 []checklistFindingView
}

type checklistFindingView struct{ Where, Rule, Option, Message string }

// checklistTemplate is parsed when first used: at start-up it cost every run, of any
// format, half a millisecond (issue 17).
var checklistTemplate = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("checklist").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{{.CSP}}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="nixsec">
<title>nixsec checklist: {{.Framework}}: {{.Flake}}</title>
<style>{{.Style}}</style>
</head>
<body>
<a class="skip" href="#hosts">Skip to the hosts</a>
<header>
<h1>nixsec checklist: {{.Framework}}</h1>
<p>Flake <code>{{.Flake}}</code>, read from its evaluated NixOS configuration (not the running systems).</p>
<p id="summary-line">{{.Summary}}</p>
<nav aria-label="Sections"><a href="#summary">Summary</a> · <a href="#hosts">Hosts</a></nav>
</header>
<main>
<section id="summary" aria-labelledby="summary-h">
<h2 id="summary-h">Summary</h2>
<div class="scroll" tabindex="0" role="region" aria-labelledby="summary-h">
<table class="matrix">
<caption>Controls by status on each host</caption>
<thead><tr><th scope="col">Host</th>{{range .Statuses}}<th scope="col">{{.Name}}</th>{{end}}</tr></thead>
<tbody>
{{- range .Hosts}}
<tr><th scope="row"><a href="#{{.ID}}">{{.Name}}</a></th>{{range .Counts}}<td class="{{if .N}}st-{{.Key}}{{else}}s-none{{end}}">{{.N}}</td>{{end}}</tr>
{{- end}}
</tbody>
<tfoot><tr><th scope="row">all hosts</th>{{range .Total}}<td>{{.N}}</td>{{end}}</tr></tfoot>
</table>
</div>
<dl>
<dt>Controls</dt><dd id="controls-count">{{.Controls}}</dd>
<dt>Hosts</dt><dd id="hosts-count">{{len .Hosts}}</dd>
</dl>
<p class="quiet">In a STIG Viewer checklist:{{range .Statuses}} <span class="sev st-{{.Key}}">{{.Name}}</span> is {{.CKL}};{{end}} nixsec never reports as passing what it could not check.</p>
</section>
<section id="hosts" aria-labelledby="hosts-h">
<h2 id="hosts-h">Hosts</h2>
{{- range .Hosts}}
<section class="group" id="{{.ID}}" aria-labelledby="{{.ID}}-h">
<h3 id="{{.ID}}-h">{{.Name}}</h3>
<p>{{.Summary}}</p>
<div class="scroll" tabindex="0" role="region" aria-labelledby="{{.ID}}-h">
<table class="controls">
<caption>Controls on this host</caption>
<thead><tr><th scope="col">Control</th><th scope="col">CAT</th><th scope="col">Status</th><th scope="col">Title</th><th scope="col">Detail</th></tr></thead>
<tbody>
{{- range .Rows}}
<tr><th scope="row">{{.ID}}</th><td>{{.CAT}}</td><td class="st-{{.Key}}">{{.Status}}</td><td>{{.Title}}</td><td>
{{- if .Findings}}<ul>{{range .Findings}}<li><code>{{.Where}}</code> {{.Rule}} <code>{{.Option}}</code>: {{.Message}}</li>{{end}}</ul>
{{- else}}<span class="detail">{{.Detail}}</span>{{end}}</td></tr>
{{- end}}
</tbody>
</table>
</div>
</section>
{{- else}}
<p>No hosts.</p>
{{- end}}
</section>
</main>
<footer><p class="quiet">Written by nixsec from the evaluated NixOS configuration.</p></footer>
</body>
</html>
`))
})

// ChecklistHTML writes the checklist as a self-contained page with the
// fleet report's look: the hosts' counts by status, then per host a table
// of the controls coloured by status, with the findings' places. As the
// report's page, it loads nothing: its only style is inline, allowed by
// its hash in a Content-Security-Policy that forbids everything else,
// and it has no script. Strings from the flake are escaped by package
// escape, then by html/template.
func ChecklistHTML(w io.Writer, cl *compliance.Checklist) error {
	if cl == nil || cl.Framework == nil {
		return fmt.Errorf("checklist: no framework")
	}
	f := cl.Framework
	p := &checklistPage{
		Framework: checklistFramework(f), Flake: escape.Line(cl.Flake), Summary: checklistSummary(cl), CSP: checklistCSP,
		// #nosec G203 -- this file's own style, no input in it
		Style: template.CSS(checklistStyle), Controls: len(f.Controls),
	}
	for _, s := range compliance.Statuses {
		p.Statuses = append(p.Statuses, checklistStatus{Key: string(s), Name: statusName(s), CKL: s.CKLStatus()})
	}
	total := map[compliance.Status]int{}
	for i := range cl.Hosts {
		h := &cl.Hosts[i]
		rs := checklistResults(f, h)
		n := checklistCounts(rs)
		v := checklistHostView{ID: fmt.Sprintf("host-%d", i+1), Name: escape.Line(h.Name), Summary: checklistCountsText(n)}
		for _, s := range compliance.Statuses {
			v.Counts = append(v.Counts, checklistCell{Key: string(s), N: n[s]})
			total[s] += n[s]
		}
		for j, r := range rs {
			c := &f.Controls[j]
			row := checklistRow{ID: escape.Line(c.ID), CAT: compliance.CAT(c.Category), Key: string(r.Status), Status: statusName(r.Status),
				CKL: r.Status.CKLStatus(), Title: escape.Line(c.Title), Detail: escape.Block(r.Detail)}
			for _, fd := range r.Findings {
				msg := fd.Message
				switch {
				case fd.Suppressed != nil:
					msg += " (suppressed: " + fd.Suppressed.Reason + ")"
				case fd.Baselined:
					msg += " (in the baseline)"
				}
				row.Findings = append(row.Findings, checklistFindingView{Where: escape.Line(checklistWhere(fd.Location)),
					Rule: escape.Line(fd.RuleID), Option: escape.Line(fd.Path), Message: escape.Line(msg)})
			}
			v.Rows = append(v.Rows, row)
		}
		p.Hosts = append(p.Hosts, v)
	}
	for _, s := range compliance.Statuses {
		p.Total = append(p.Total, checklistCell{Key: string(s), N: total[s]})
	}
	var b strings.Builder
	if err := checklistTemplate().Execute(&b, p); err != nil {
		return err
	}
	_, err := io.WriteString(w, escape.Lines(b.String()))
	return err
}
