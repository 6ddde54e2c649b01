package format

// The HTML fleet report: one self-contained page for a browser. Every
// string from the flake or its configuration is escaped twice over:
// package escape first (controls and bidi overrides shown, not obeyed,
// and CI commands broken, since the page may be printed to a CI log),
// then html/template for the markup. The page loads nothing: its only
// style and script are inline, allowed by their hashes in a
// Content-Security-Policy that forbids everything else, so that markup
// injected past the escaping could neither run nor fetch anything. The
// page reads fully without JavaScript; the script only shows the filters
// and hides what they filter out.

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"sort"
	"strings"
	"sync"
	"unicode"

	"github.com/nixsec/nixsec/format/escape"
	"github.com/nixsec/nixsec/report"
	"github.com/nixsec/nixsec/rule"
)

// htmlColour is a severity's background and text colour; the test checks
// that each pair meets WCAG AA contrast (4.5:1).
type htmlColour struct{ bg, fg string }

// htmlPalette is by severity, with "none" for an empty matrix cell.
var htmlPalette = []struct {
	name string
	htmlColour
}{
	{"critical", htmlColour{"#7a0b1c", "#ffffff"}},
	{"high", htmlColour{"#b42318", "#ffffff"}},
	{"medium", htmlColour{"#fcd34d", "#1a1a1a"}},
	{"low", htmlColour{"#cfe0fc", "#1a1a1a"}},
	{"info", htmlColour{"#e4e6ea", "#1a1a1a"}},
	{"none", htmlColour{"#ffffff", "#4b5563"}},
}

// htmlStyle is the style sheet the page shares with the STIG checklist's
// (format/checklist.go). No line starts with "::" (escape.Lines would
// change it, and its hash with it).
var htmlStyle = func() string {
	var b strings.Builder
	b.WriteString(`
[hidden]{display:none!important}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1a1a1a;background:#fff;margin:0 auto;max-width:90rem;padding:1rem 1.5rem}
a{color:#0b57d0}
a:focus-visible,select:focus-visible,[tabindex]:focus-visible{outline:3px solid #0b57d0;outline-offset:2px}
.skip{position:absolute;left:-10000px}
.skip:focus{left:1rem;top:.5rem;background:#fff;padding:.25rem .5rem}
code,pre{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:.9em}
pre{background:#f5f6f8;border:1px solid #c9cdd3;padding:.4rem .6rem;overflow:auto;tab-size:4;margin:.3rem 0}
mark{background:#fcd34d;color:#1a1a1a}
table{border-collapse:collapse;margin:.5rem 0}
caption{text-align:left;font-weight:600;padding:.2rem 0;white-space:nowrap}
dl{display:grid;grid-template-columns:max-content auto;gap:.15rem 1rem}
dt{font-weight:600}
dd{margin:0}
th,td{border:1px solid #8a8f98;padding:.2rem .5rem;text-align:left}
.scroll{overflow:auto;max-height:85vh}
.matrix thead th{position:sticky;top:0;background:#fff}
.matrix td{text-align:center;white-space:nowrap}
.matrix tbody th{white-space:nowrap}
.sev{display:inline-block;padding:0 .35rem;border-radius:3px;font-weight:600}
.errors{border:2px solid #b42318;padding:0 1rem .5rem}
.finding{border-top:1px solid #c9cdd3;padding:.3rem 0}
.finding h4{margin:.2rem 0;font-size:1rem}
.finding p{margin:.2rem 0}
.quiet{color:#4b5563}
#filters{background:#f5f6f8;border:1px solid #c9cdd3;padding:.5rem 1rem}
#filters label{margin-left:1rem;font-weight:600}
#filters label:first-of-type{margin-left:0}
`)
	for _, p := range htmlPalette {
		fmt.Fprintf(&b, ".s-%s{background:%s;color:%s}\n", p.name, p.bg, p.fg)
	}
	return b.String()
}()

// htmlPageStyle is the page's only style sheet: the shared one, then
// room for the names a flake chooses. A host name can be hundreds of
// characters with no space: it wraps anywhere and is shown in full (two
// look-alike names must stay told apart), so that the matrix's counts and
// the page stay in view. The name column's floor is narrow, as the counts
// come first: with 15 families they all still show in a 1280-pixel
// window. A select is as wide as its widest option unless capped.
var htmlPageStyle = htmlStyle + `h1,#summary li,.errors li,.group h3,.finding{overflow-wrap:anywhere}
.matrix tbody th{white-space:normal;overflow-wrap:anywhere;min-width:5rem}
#filters select{max-width:100%}
`

// htmlScript shows the filters and applies them: it only hides findings,
// host groups and matrix rows, never adds content.
const htmlScript = `
(function () {
  "use strict";
  var d = document, box = d.getElementById("filters");
  if (!box) { return; }
  var host = d.getElementById("f-host"), rule = d.getElementById("f-rule"),
    sev = d.getElementById("f-sev"), out = d.getElementById("shown"),
    main = d.getElementById("findings"), items = d.querySelectorAll(".finding"),
    groups = d.querySelectorAll(".group"), rows = d.querySelectorAll(".matrix tbody tr"),
    total = main.querySelectorAll(".finding").length;
  function apply() {
    var h = host.value, r = rule.value, s = Number(sev.value), n = 0;
    items.forEach(function (e) {
      var ok = (!h || e.dataset.host === h) && (!r || e.dataset.rule === r) && Number(e.dataset.sev) >= s;
      e.hidden = !ok;
      if (ok && main.contains(e)) { n++; }
    });
    groups.forEach(function (g) { g.hidden = !g.querySelector(".finding:not([hidden])"); });
    rows.forEach(function (e) { e.hidden = h !== "" && e.dataset.host !== h; });
    out.textContent = n + " of " + total + " findings shown";
  }
  [host, rule, sev].forEach(function (e) { e.addEventListener("change", apply); });
  box.hidden = false;
  apply();
})();
`

// cspHash is the CSP source that allows an inline element whose text is s.
func cspHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

// htmlCSP allows the page's own style and script and nothing else: no
// fetch, image, frame, font, form submission or base URL.
var htmlCSP = "default-src 'none'; style-src " + cspHash(htmlPageStyle) + "; script-src " + cspHash(htmlScript) +
	"; base-uri 'none'; form-action 'none'"

type htmlPage struct {
	Flake, Version, Summary, CSP string
	Style                        template.CSS
	Script                       template.JS
	Counts                       []htmlCount
	Total, Hosts, HostsAffected  int
	Suppressed, Baselined        int
	FailOn                       string
	ExitCode                     int
	Errors                       []htmlError
	Gate                         []string
	Families                     []string
	Columns                      int // the families and the total
	Rows                         []htmlRow
	HostOptions, RuleOptions     []htmlOption
	Groups                       []htmlGroup
	Other                        []htmlGroup // suppressed, then baselined
	OtherCount                   int
}

type htmlCount struct {
	Name string
	N    int
}

type htmlError struct{ Host, Option, Rules, Message string }

type htmlRow struct {
	Key, Name, Anchor string
	Failed            bool
	Partial           string // "2 evaluation errors", of options
	Cells             []htmlCell
	Total             htmlCell
}

// htmlCell is a matrix cell: how many findings, and the worst severity's
// name ("none" when there are none), shown in words as well as colour.
type htmlCell struct {
	N     int
	Worst string
}

type htmlOption struct{ Value, Label string }

type htmlGroup struct {
	ID, Heading string
	Findings    []htmlFinding
}

type htmlFinding struct {
	HostKey, RuleKey string
	Sev              int
	SevName          string
	RuleID, Title    string
	DocURL           string
	Where            string
	Host, Option     string
	Message, Status  string
	Line             int
	Snippet          bool
	Before, Mark     string
	After, Note, Fix string
	Also             []string
}

// htmlTemplate is parsed when first used: at start-up it cost every run, of any
// format, half a millisecond (issue 17).
var htmlTemplate = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("html").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{{.CSP}}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="nixsec {{.Version}}">
<title>nixsec report: {{.Flake}}</title>
<style>{{.Style}}</style>
</head>
<body>
<a class="skip" href="#findings">Skip to the findings</a>
<header>
<h1>nixsec report: <code>{{.Flake}}</code></h1>
<p id="summary-line">{{.Summary}}</p>
<nav aria-label="Sections"><a href="#summary">Summary</a>{{if .Errors}} · <a href="#errors">Evaluation errors</a>{{end}} · <a href="#matrix">Hosts by rule family</a> · <a href="#findings">Findings</a>{{if .Other}} · <a href="#other">Suppressed and baselined</a>{{end}}</nav>
</header>
<main>
{{- if .Errors}}
<section id="errors" class="errors" aria-labelledby="errors-h">
<h2 id="errors-h">Evaluation errors ({{len .Errors}})</h2>
<p>These hosts or options could not be evaluated: their findings are missing from this report.</p>
<ul>
{{- range .Errors}}
<li><strong>{{.Host}}</strong>{{if .Option}} <code>{{.Option}}</code>{{end}}{{if .Rules}}: {{.Rules}} cannot decide{{end}}<pre>{{.Message}}</pre></li>
{{- end}}
</ul>
</section>
{{- end}}
<section id="summary" aria-labelledby="summary-h">
<h2 id="summary-h">Summary</h2>
<table class="counts">
<caption>Findings that count, by severity</caption>
<thead><tr><th scope="col">Severity</th><th scope="col">Findings</th></tr></thead>
<tbody>
{{- range .Counts}}
<tr><th scope="row"><span class="sev s-{{.Name}}">{{.Name}}</span></th><td id="count-{{.Name}}">{{.N}}</td></tr>
{{- end}}
</tbody>
<tfoot><tr><th scope="row">total</th><td id="count-total">{{.Total}}</td></tr></tfoot>
</table>
<dl>
<dt>Hosts</dt><dd id="hosts-count">{{.Hosts}} ({{.HostsAffected}} with findings)</dd>
<dt>Evaluation errors</dt><dd id="errors-count">{{len .Errors}}</dd>
<dt>Suppressed</dt><dd id="suppressed-count">{{.Suppressed}}</dd>
<dt>In the baseline</dt><dd id="baselined-count">{{.Baselined}}</dd>
<dt>Fails on</dt><dd>{{.FailOn}} and above (exit code {{.ExitCode}})</dd>
</dl>
{{- if .Gate}}
<h3>Gate configuration</h3>
<ul>
{{- range .Gate}}
<li>{{.}}</li>
{{- end}}
</ul>
{{- end}}
</section>
<div id="filters" role="search" aria-label="Filter findings" hidden>
<label for="f-host">Host</label> <select id="f-host"><option value="">all hosts</option>
{{- range .HostOptions}}<option value="{{.Value}}">{{.Label}}</option>{{end -}}
</select>
<label for="f-rule">Rule</label> <select id="f-rule"><option value="">all rules</option>
{{- range .RuleOptions}}<option value="{{.Value}}">{{.Label}}</option>{{end -}}
</select>
<label for="f-sev">Severity</label> <select id="f-sev"><option value="0">any</option><option value="4">critical</option><option value="3">high or worse</option><option value="2">medium or worse</option><option value="1">low or worse</option></select>
<output id="shown" for="f-host f-rule f-sev" aria-live="polite"></output>
</div>
<section id="matrix" aria-labelledby="matrix-h">
<h2 id="matrix-h">Hosts by rule family</h2>
<div class="scroll" tabindex="0" role="region" aria-labelledby="matrix-h">
<table class="matrix">
<caption>Findings that count per host and rule family, with the worst severity</caption>
<thead><tr><th scope="col">Host</th>{{range .Families}}<th scope="col">{{.}}</th>{{end}}<th scope="col">all</th></tr></thead>
<tbody>
{{- range .Rows}}
<tr data-host="{{.Key}}"><th scope="row">{{if .Anchor}}<a href="#{{.Anchor}}">{{.Name}}</a>{{else}}{{.Name}}{{end}}
{{- if .Failed}} (evaluation failed){{else if .Partial}} ({{.Partial}}){{end}}</th>
{{- if .Failed}}<td colspan="{{$.Columns}}" class="s-none">not evaluated</td>{{else}}
{{- range .Cells}}<td class="s-{{.Worst}}">{{.N}}{{if .N}} {{.Worst}}{{end}}</td>{{end}}
{{- with .Total}}<td class="s-{{.Worst}}">{{.N}}{{if .N}} {{.Worst}}{{end}}</td>{{end}}{{end}}</tr>
{{- end}}
</tbody>
</table>
</div>
</section>
<section id="findings" aria-labelledby="findings-h">
<h2 id="findings-h">Findings ({{.Total}})</h2>
{{- range .Groups}}
{{template "group" .}}
{{- else}}
<p>No findings.</p>
{{- end}}
</section>
{{- if .Other}}
<section id="other" aria-labelledby="other-h">
<h2 id="other-h">Suppressed and baselined findings ({{.OtherCount}})</h2>
<p>These do not count toward the exit code.</p>
{{- range .Other}}
{{template "group" .}}
{{- end}}
</section>
{{- end}}
</main>
<footer><p class="quiet">Written by nixsec {{.Version}}.</p></footer>
<script>{{.Script}}</script>
</body>
</html>
{{define "group" -}}
<section class="group" id="{{.ID}}" aria-labelledby="{{.ID}}-h">
<h3 id="{{.ID}}-h">{{.Heading}}</h3>
{{- range .Findings}}
<article class="finding" data-host="{{.HostKey}}" data-rule="{{.RuleKey}}" data-sev="{{.Sev}}">
<h4><span class="sev s-{{.SevName}}">{{.SevName}}</span> {{if .DocURL}}<a href="{{.DocURL}}">{{.RuleID}}</a>{{else}}{{.RuleID}}{{end}} {{.Title}}</h4>
<p><code>{{.Where}}</code>{{if .Host}} on host <strong>{{.Host}}</strong>{{end}}{{if .Option}}, option <code>{{.Option}}</code>{{end}}</p>
{{- if .Status}}
<p class="quiet">{{.Status}}</p>
{{- end}}
<p>{{.Message}}</p>
{{- if .Snippet}}
<pre><span class="quiet">{{.Line}} |</span> {{.Before}}<mark>{{.Mark}}</mark>{{.After}}</pre>
{{- end}}
{{- if .Note}}
<p class="quiet">Note: {{.Note}}</p>
{{- end}}
{{- range .Also}}
<p class="quiet">Also set at {{.}}</p>
{{- end}}
{{- if .Fix}}
<p>Fix: <code>{{.Fix}}</code></p>
{{- end}}
</article>
{{- end}}
</section>
{{- end}}
`))
})

// HTML writes the report as a self-contained page for a browser: the
// summary, evaluation errors first, a host × rule family matrix coloured
// by the worst severity, filters, the findings grouped by host, then the
// suppressed and baselined ones. The output is deterministic: sorted, no
// timestamps.
func HTML(w io.Writer, r *report.Report, version string) error {
	var b strings.Builder
	if err := htmlTemplate().Execute(&b, htmlPageOf(r, version)); err != nil {
		return err
	}
	// The escaped parts break CI commands already; joined parts could
	// still form one, and the page may be printed to a CI log.
	_, err := io.WriteString(w, escape.Lines(b.String()))
	return err
}

func htmlPageOf(r *report.Report, version string) *htmlPage {
	book := newRuleBook(r)
	p := &htmlPage{
		Flake: escape.Line(r.Flake), Version: escape.Line(version), Summary: Summary(r), CSP: htmlCSP,
		// #nosec G203 -- this file's own style and script, no input in them
		Style: template.CSS(htmlPageStyle), Script: template.JS(htmlScript),
		FailOn: r.FailOn.String(), ExitCode: r.ExitCode(),
	}
	if gateChanged(r.Gate) {
		p.Gate = gateLines(r.Gate)
	}

	// Rows: the report's hosts and any other host a finding names (a
	// merged report's), sorted; findings about no host (the configuration)
	// last.
	hostIndex := map[string]int{}
	var hosts []string
	addHost := func(h string) {
		if _, ok := hostIndex[h]; !ok {
			hostIndex[h] = -1
			hosts = append(hosts, h)
		}
	}
	for _, h := range r.Hosts {
		addHost(h)
	}
	for _, f := range r.Findings {
		addHost(f.Host)
	}
	sort.Slice(hosts, func(i, j int) bool {
		if (hosts[i] == "") != (hosts[j] == "") {
			return hosts[j] == ""
		}
		return hosts[i] < hosts[j]
	})
	for i, h := range hosts {
		hostIndex[h] = i
	}
	hostKey := func(h string) string { return fmt.Sprintf("h%d", hostIndex[h]) }

	// Columns: the families of the enabled rules and of the findings.
	famOf := map[string]string{} // rule id → family
	famSet := map[string]bool{}
	for _, m := range r.Rules {
		famOf[m.ID] = htmlFamily(m)
		famSet[famOf[m.ID]] = true
	}
	ruleIDs := map[string]bool{}
	for _, f := range r.Findings {
		ruleIDs[f.RuleID] = true
		if _, ok := famOf[f.RuleID]; !ok {
			famOf[f.RuleID] = htmlFamily(book.get(f.RuleID))
		}
		if f.Counts() {
			famSet[famOf[f.RuleID]] = true
		}
	}
	p.Families = sortedKeys(famSet)
	p.Columns = len(p.Families) + 1
	famIndex := map[string]int{}
	for i, fam := range p.Families {
		famIndex[fam] = i
	}
	rules := sortedKeys(ruleIDs)
	ruleIndex := map[string]int{}
	for i, id := range rules {
		ruleIndex[id] = i
		title := ""
		if m := book.get(id); m != nil {
			title = m.Title
		}
		p.RuleOptions = append(p.RuleOptions, htmlOption{fmt.Sprintf("r%d", i), escape.Line(id + ": " + title)})
	}

	// One pass over the findings fills the counts, the matrix and the
	// groups.
	type tally struct {
		n     int
		worst rule.Severity
	}
	add := func(t *tally, s rule.Severity) {
		if t.n == 0 || s > t.worst {
			t.worst = s
		}
		t.n++
	}
	cells := make([][]tally, len(hosts))
	totals := make([]tally, len(hosts))
	for i := range cells {
		cells[i] = make([]tally, len(p.Families))
	}
	counts := map[rule.Severity]int{}
	groups := make([]*htmlGroup, len(hosts))
	var suppressed, baselined htmlGroup
	for _, f := range r.Findings {
		hf := htmlFindingOf(f, book.get(f.RuleID))
		hf.HostKey, hf.RuleKey = hostKey(f.Host), fmt.Sprintf("r%d", ruleIndex[f.RuleID])
		switch {
		case f.Suppressed != nil:
			suppressed.Findings = append(suppressed.Findings, hf)
			p.Suppressed++
			continue
		case f.Baselined:
			baselined.Findings = append(baselined.Findings, hf)
			p.Baselined++
			continue
		}
		h := hostIndex[f.Host]
		add(&cells[h][famIndex[famOf[f.RuleID]]], f.Severity)
		add(&totals[h], f.Severity)
		counts[f.Severity]++
		p.Total++
		if groups[h] == nil {
			heading := escape.Line(f.Host)
			if f.Host == "" {
				heading = "nixsec configuration"
			}
			groups[h] = &htmlGroup{ID: fmt.Sprintf("host-%d", h), Heading: heading}
		}
		groups[h].Findings = append(groups[h].Findings, hf)
	}
	for s := rule.Critical; s >= rule.Info; s-- {
		p.Counts = append(p.Counts, htmlCount{s.String(), counts[s]})
	}
	p.Hosts = len(r.Hosts)

	failed, partial := map[string]bool{}, map[string]int{}
	for _, e := range r.Errors {
		if e.Path == "" {
			failed[e.Host] = true
		} else {
			partial[e.Host]++
		}
		p.Errors = append(p.Errors, htmlError{
			Host: escape.Line(e.Host), Option: escape.Line(e.Path), Rules: joinEscaped(e.Rules), Message: escape.Block(e.Message),
		})
	}
	cell := func(t tally) htmlCell {
		if t.n == 0 {
			return htmlCell{0, "none"}
		}
		return htmlCell{t.n, t.worst.String()}
	}
	for i, h := range hosts {
		name := escape.Line(h)
		if h == "" {
			name = "nixsec configuration"
		}
		row := htmlRow{Key: hostKey(h), Name: name, Failed: failed[h], Total: cell(totals[i])}
		if n := partial[h]; n > 0 {
			row.Partial = fmt.Sprintf("%d evaluation %s", n, plural(n, "error", "errors"))
		}
		for _, t := range cells[i] {
			row.Cells = append(row.Cells, cell(t))
		}
		if g := groups[i]; g != nil {
			row.Anchor = g.ID
			g.Heading = fmt.Sprintf("%s (%d %s)", g.Heading, len(g.Findings), plural(len(g.Findings), "finding", "findings"))
			p.Groups = append(p.Groups, *g)
			if h != "" {
				p.HostsAffected++
			}
		}
		p.Rows = append(p.Rows, row)
		p.HostOptions = append(p.HostOptions, htmlOption{row.Key, name})
	}
	for _, g := range []struct {
		group *htmlGroup
		id    string
		name  string
	}{{&suppressed, "suppressed", "Suppressed"}, {&baselined, "baselined", "In the baseline"}} {
		if n := len(g.group.Findings); n > 0 {
			g.group.ID, g.group.Heading = g.id, fmt.Sprintf("%s (%d)", g.name, n)
			p.Other = append(p.Other, *g.group)
			p.OtherCount += n
		}
	}
	return p
}

func htmlFindingOf(f report.Finding, m *rule.Meta) htmlFinding {
	l := f.Location
	hf := htmlFinding{
		Sev: int(f.Severity), SevName: f.Severity.String(), RuleID: escape.Line(f.RuleID), Title: escape.Line(f.Title),
		DocURL: docsURL(m), Where: fmt.Sprintf("%s:%d:%d", escape.Line(l.File), l.StartLine, l.StartCol),
		Host: escape.Line(f.Host), Option: escape.Line(f.Path), Message: escape.Line(f.Message), Note: escape.Line(l.Note),
		Line: l.StartLine,
	}
	if hf.Title == "" && m != nil {
		hf.Title = escape.Line(m.Title)
	}
	if l.Snippet != "" {
		hf.Snippet = true
		hf.Before, hf.Mark, hf.After = splitSnippet(l)
	}
	for _, d := range f.Definitions {
		if d.Status == "wins" {
			continue
		}
		hf.Also = append(hf.Also, fmt.Sprintf("%s:%d:%d: %s (%s)", escape.Line(d.Location.File), d.Location.StartLine, d.Location.StartCol,
			escape.Line(truncate(strings.Join(strings.Fields(d.Source), " "), 60)), relatedStatus(d)))
	}
	if f.Fix != nil {
		hf.Fix = escape.Line(f.Fix.Path) + " = " + escape.Line(rule.NixValue(f.Fix.Value)) + ";"
	}
	switch {
	case f.Suppressed != nil:
		how := "by a nixsec:ignore comment"
		if f.Suppressed.Kind == "external" {
			how = "by an exception in the configuration"
		}
		hf.Status = "Suppressed " + how + ": " + reason(f.Suppressed.Reason)
	case f.Baselined:
		hf.Status = "In the baseline."
	}
	return hf
}

// splitSnippet escapes the snippet and cuts it around the finding's
// region (at least one character, the rest of the line when the region
// ends on a later one), as the text report's caret marks it.
func splitSnippet(l report.Location) (before, mark, after string) {
	code, widths := escape.CodeColumns(l.Snippet)
	start := min(max(l.StartCol-1, 0), len(widths))
	end := l.EndCol - 1
	if l.EndLine != l.StartLine || end > len(widths) {
		end = len(widths)
	}
	end = min(max(end, start+1), len(widths))
	// widths say how many characters of code each character became.
	at := func(n int) int {
		k := 0
		for _, w := range widths[:n] {
			k += w
		}
		return k
	}
	runes := []rune(code)
	a, b := at(start), at(end)
	return string(runes[:a]), string(runes[a:b]), string(runes[b:])
}

// htmlFamily is a rule's matrix column: its family, or for a rule the
// report knows only by id (a merged report has no rule metadata) the
// id's leading letters in lower case, "ssh" for SSH001.
func htmlFamily(m *rule.Meta) string {
	if m.Package != "nixsec.other" {
		return escape.Line(family(m))
	}
	i := strings.IndexFunc(m.ID, func(r rune) bool { return !unicode.IsLetter(r) })
	if i < 0 {
		i = len(m.ID)
	}
	if i == 0 {
		return "other"
	}
	return escape.Line(strings.ToLower(m.ID[:i]))
}

func sortedKeys(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
