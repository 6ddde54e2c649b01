package format

// SARIF 2.1.0 for GitHub code scanning and editors (VS Code SARIF
// viewer). Hand-written types rather than a library, so that every
// `omitempty` is a decision: GitHub needs `results` even when empty,
// `ruleIndex: 0` is a valid index, and `suppressions: []` (reviewed, not
// suppressed) differs from an absent list (unknown).
//
// Notes on consumers (GitHub code scanning's SARIF documentation):
//   - GitHub uses the first location only, ignores fixes, suppressions,
//     helpUri and our partialFingerprints (it computes
//     primaryLocationLineHash itself when uploading with the action; we
//     never fake that one), and shows only the first sentence of
//     message.text when space is short: the message is one line and
//     starts with the host.
//   - The VS Code viewer shows shortDescription/fullDescription rather
//     than help, and shows suppressed results by default.
//   - Columns are Unicode code points (nixsyntax counts characters), end
//     exclusive, as in report.Location: run.columnKind says so.

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"maps"
	"net/url"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/nixsec/nixsec/flakeref"
	"github.com/nixsec/nixsec/optpath"
	"github.com/nixsec/nixsec/report"
	"github.com/nixsec/nixsec/rule"
)

const (
	sarifSchema     = "https://json.schemastore.org/sarif-2.1.0.json"
	sarifVersion    = "2.1.0"
	sarifSrcRoot    = "%SRCROOT%"
	sarifInfoURI    = "https://github.com/nixsec/nixsec"
	sarifEvalRuleID = "NIXSEC-EVAL"
	// SARIFFingerprintKey names our line-independent result identity.
	SARIFFingerprintKey = "nixsec/v1"
	sarifMaxDesc        = 1024
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                   `json:"tool"`
	AutomationDetails  *sarifAutomation            `json:"automationDetails,omitempty"`
	Invocations        []sarifInvocation           `json:"invocations"`
	OriginalURIBaseIDs map[string]sarifArtifactLoc `json:"originalUriBaseIds,omitempty"`
	ColumnKind         string                      `json:"columnKind"`
	Results            []sarifResult               `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name            string      `json:"name"`
	FullName        string      `json:"fullName"`
	Version         string      `json:"version,omitempty"`
	SemanticVersion string      `json:"semanticVersion,omitempty"`
	InformationURI  string      `json:"informationUri"`
	Rules           []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string          `json:"id"`
	Name                 string          `json:"name"`
	ShortDescription     sarifText       `json:"shortDescription"`
	FullDescription      sarifText       `json:"fullDescription"`
	Help                 sarifHelp       `json:"help"`
	HelpURI              string          `json:"helpUri,omitempty"`
	DefaultConfiguration sarifRuleConfig `json:"defaultConfiguration"`
	Properties           sarifRuleProps  `json:"properties"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifHelp struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown"`
}

type sarifRuleConfig struct {
	Level string `json:"level"`
}

type sarifRuleProps struct {
	Tags             []string `json:"tags"`
	SecuritySeverity string   `json:"security-severity"`
	Precision        string   `json:"precision"`
}

type sarifAutomation struct {
	ID string `json:"id"`
}

type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ExitCode                   int                 `json:"exitCode"`
	ExitCodeDescription        string              `json:"exitCodeDescription"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications"`
	// The gate (report.Gate): rules turned off or re-rated as SARIF's
	// configuration overrides (§3.20.5), the rest under "nixsec/gate".
	RuleConfigurationOverrides []sarifConfigOverride `json:"ruleConfigurationOverrides,omitempty"`
	Properties                 map[string]any        `json:"properties,omitempty"`
}

// sarifConfigOverride is SARIF's configurationOverride (§3.51): a rule's
// reportingConfiguration as this run changed it.
type sarifConfigOverride struct {
	Descriptor    sarifDescriptorRef   `json:"descriptor"`
	Configuration sarifReportingConfig `json:"configuration"`
	Properties    map[string]string    `json:"properties"`
}

type sarifReportingConfig struct {
	Enabled *bool  `json:"enabled,omitempty"` // SARIF's default is true
	Level   string `json:"level,omitempty"`
}

type sarifNotification struct {
	Level      string             `json:"level"`
	Message    sarifText          `json:"message"`
	Descriptor sarifDescriptorRef `json:"descriptor"`
	Properties map[string]any     `json:"properties,omitempty"`
}

// sarifDescriptorRef is a reportingDescriptorReference: a rule of the
// driver by id, and by index when driver.rules lists it.
type sarifDescriptorRef struct {
	ID    string `json:"id"`
	Index *int   `json:"index,omitempty"`
}

type sarifArtifactLoc struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifResult struct {
	RuleID              string             `json:"ruleId"`
	RuleIndex           int                `json:"ruleIndex"`
	Level               string             `json:"level"`
	Message             sarifText          `json:"message"`
	Locations           []sarifLocation    `json:"locations"`
	RelatedLocations    []sarifLocation    `json:"relatedLocations,omitempty"`
	PartialFingerprints map[string]string  `json:"partialFingerprints"`
	BaselineState       string             `json:"baselineState,omitempty"`
	Suppressions        []sarifSuppression `json:"suppressions"`
	Fixes               []sarifFix         `json:"fixes,omitempty"`
	Properties          map[string]any     `json:"properties"`
}

type sarifLocation struct {
	// ID and Message are set on related locations (§3.28.2, §3.28.5).
	ID               int                    `json:"id,omitempty"`
	Message          *sarifText             `json:"message,omitempty"`
	PhysicalLocation sarifPhysical          `json:"physicalLocation"`
	LogicalLocations []sarifLogicalLocation `json:"logicalLocations,omitempty"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifactLoc `json:"artifactLocation"`
	Region           sarifRegion      `json:"region"`
	ContextRegion    *sarifRegion     `json:"contextRegion,omitempty"`
}

type sarifRegion struct {
	StartLine   int        `json:"startLine"`
	StartColumn int        `json:"startColumn"`
	EndLine     int        `json:"endLine"`
	EndColumn   int        `json:"endColumn"`
	Snippet     *sarifText `json:"snippet,omitempty"`
}

type sarifLogicalLocation struct {
	FullyQualifiedName string `json:"fullyQualifiedName"`
}

type sarifSuppression struct {
	Kind          string `json:"kind"`
	Justification string `json:"justification,omitempty"`
}

type sarifFix struct {
	Description     sarifText             `json:"description"`
	ArtifactChanges []sarifArtifactChange `json:"artifactChanges"`
}

type sarifArtifactChange struct {
	ArtifactLocation sarifArtifactLoc   `json:"artifactLocation"`
	Replacements     []sarifReplacement `json:"replacements"`
}

type sarifReplacement struct {
	DeletedRegion   sarifRegion `json:"deletedRegion"`
	InsertedContent sarifText   `json:"insertedContent"`
}

// SARIF writes the report as a SARIF 2.1.0 log with one run, through
// escape.JSON as JSON is.
func SARIF(w io.Writer, r *report.Report, version string) error {
	book := newRuleBook(r)
	run := sarifRun{
		Tool:              sarifTool{Driver: sarifDriverFor(version, book, r.Framework)},
		AutomationDetails: &sarifAutomation{ID: automationID(r.Flake)},
		ColumnKind:        "unicodeCodePoints",
		Results:           make([]sarifResult, 0, len(r.Findings)),
	}
	// GitHub reads relative URIs against the repository's root: for a flake
	// in a subdirectory of a git repository, %SRCROOT% is the repository and
	// URIs carry the flake's directory.
	srcRoot, prefix := repoRoot(r)
	if srcRoot != "" {
		run.OriginalURIBaseIDs = map[string]sarifArtifactLoc{sarifSrcRoot: {URI: fileURI(srcRoot)}}
	}
	baseline := false
	for _, f := range r.Findings {
		baseline = baseline || f.Baselined
	}
	for _, f := range r.Findings {
		run.Results = append(run.Results, sarifResultFor(f, book, baseline, prefix))
	}
	run.Invocations = []sarifInvocation{sarifInvocationFor(r, book)}
	log := sarifLog{Schema: sarifSchema, Version: sarifVersion, Runs: []sarifRun{run}}
	return encodeJSON(w, log)
}

func sarifDriverFor(version string, book *ruleBook, framework string) sarifDriver {
	v := strings.TrimPrefix(version, "v")
	// A development build's "dev" draws the multitool's warning SARIF2005
	// (versions should start with a number); release builds have one.
	d := sarifDriver{Name: "nixsec", FullName: "nixsec " + v, Version: v, InformationURI: sarifInfoURI, Rules: make([]sarifRule, 0, len(book.list))}
	if semverRe.MatchString(v) {
		d.SemanticVersion = v
	}
	for _, m := range book.list {
		d.Rules = append(d.Rules, sarifRuleFor(m, framework))
	}
	return d
}

// semverRe is semver.org's regular expression.
var semverRe = regexp.MustCompile(`^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$`)

// sarifRuleFor is a rule's descriptor; in a --framework run its tags
// name the framework and the controls it decides, and helpUri is the
// first control's row of the framework's coverage table.
func sarifRuleFor(m *rule.Meta, framework string) sarifRule {
	desc := strings.TrimSpace(m.Description)
	if desc == "" {
		desc = m.Title
	}
	r := sarifRule{
		ID:                   m.ID,
		Name:                 ruleName(m),
		ShortDescription:     sarifText{Text: truncate(oneLine(m.Title), sarifMaxDesc)},
		FullDescription:      sarifText{Text: truncate(oneLine(desc), sarifMaxDesc)},
		Help:                 sarifHelp{Text: helpText(m), Markdown: helpMarkdown(m)},
		HelpURI:              docsURL(m),
		DefaultConfiguration: sarifRuleConfig{Level: sarifLevel(m.Severity)},
		Properties: sarifRuleProps{
			Tags:             []string{"security", family(m)},
			SecuritySeverity: securitySeverity(m.Severity),
			Precision:        "high",
		},
	}
	if ids := m.Frameworks[framework]; framework != "" && len(ids) > 0 {
		r.Properties.Tags = append(append(r.Properties.Tags, "compliance", framework), ids...)
		r.HelpURI = ControlURL(framework, ids[0])
	}
	return r
}

// ruleName is the title in kebab case ("ssh-allows-password-authentication"),
// which differs from the id as the VS Code viewer and the spec want.
func ruleName(m *rule.Meta) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(m.Title) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		dash = true
	}
	name := b.String()
	if len(name) > 200 {
		name = strings.TrimRight(name[:200], "-")
	}
	if name == "" || name == m.ID {
		name = strings.ToLower(m.ID) + "-rule"
	}
	return name
}

// helpText is the rule's help without Markdown: description, fix,
// references, and the docs link (GitHub does not display helpUri).
func helpText(m *rule.Meta) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s\n", m.ID, m.Title)
	if d := strings.TrimSpace(m.Description); d != "" {
		fmt.Fprintf(&b, "\n%s\n", d)
	}
	if m.Remediation != "" {
		fmt.Fprintf(&b, "\nFix:\n\n%s\n", indent(strings.TrimRight(m.Remediation, "\n"), "    "))
	}
	if len(m.References) > 0 {
		b.WriteString("\nReferences:\n\n")
		for _, ref := range m.References {
			fmt.Fprintf(&b, "- %s\n", ref)
		}
	}
	if u := docsURL(m); u != "" {
		fmt.Fprintf(&b, "\nDocumentation: %s\n", u)
	}
	return b.String()
}

// helpMarkdown is the rule's page (nixsec explain, docs/rules/<ID>.md),
// with the link to the published page.
func helpMarkdown(m *rule.Meta) string {
	md := reflow(RuleMarkdown(m))
	if u := docsURL(m); u != "" {
		md += fmt.Sprintf("\n[Documentation of %s](%s)\n", m.ID, u)
	}
	return md
}

// reflow joins the wrapped lines of Markdown paragraphs, since GitHub
// renders every line break of help.markdown as a hard break. Code blocks,
// headings and list items are kept as they are.
func reflow(md string) string {
	var out []string
	fence, prevText := false, false
	for _, line := range strings.Split(md, "\n") {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "```") {
			fence = !fence
			out = append(out, line)
			prevText = false
			continue
		}
		text := !fence && trimmed != "" && line == strings.TrimLeft(line, " \t") && !strings.ContainsAny(trimmed[:1], "#-*|>") && !listNumberRe.MatchString(trimmed)
		if text && prevText {
			out[len(out)-1] += " " + trimmed
			continue
		}
		out = append(out, line)
		prevText = text
	}
	return strings.Join(out, "\n")
}

var listNumberRe = regexp.MustCompile(`^\d+[.)] `)

func sarifLevel(s rule.Severity) string {
	switch s {
	case rule.Critical, rule.High:
		return "error"
	case rule.Medium:
		return "warning"
	}
	return "note"
}

// securitySeverity is GitHub's score: above 9.0 critical, 7.0–8.9 high,
// 4.0–6.9 medium, 0.1–3.9 low.
func securitySeverity(s rule.Severity) string {
	switch s {
	case rule.Critical:
		return "9.5"
	case rule.High:
		return "8.0"
	case rule.Medium:
		return "5.5"
	case rule.Low:
		return "3.0"
	}
	return "1.0"
}

func sarifResultFor(f report.Finding, book *ruleBook, baseline bool, prefix string) sarifResult {
	l := f.Location
	uri := artifactURI(path.Join(prefix, l.File))
	msg := oneLine(f.Message)
	if f.Host != "" {
		msg = f.Host + ": " + msg
	}
	res := sarifResult{
		RuleID:    f.RuleID,
		RuleIndex: book.index[f.RuleID],
		Level:     sarifLevel(f.Severity),
		Message:   sarifText{Text: msg},
		Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{
			ArtifactLocation: sarifArtifactLoc{URI: uri, URIBaseID: sarifSrcRoot},
			Region:           sarifRegionFor(l),
			ContextRegion:    sarifContextFor(l),
		}}},
		PartialFingerprints: map[string]string{SARIFFingerprintKey: sarifFingerprint(f)},
		Suppressions:        []sarifSuppression{},
		Properties:          map[string]any{"option": f.Path},
	}
	for _, fw := range slices.Sorted(maps.Keys(f.Frameworks)) {
		// GitHub code scanning filters alerts by these tags.
		tags, _ := res.Properties["tags"].([]string)
		res.Properties["tags"] = append(append(tags, fw), f.Frameworks[fw]...)
	}
	if f.Host != "" {
		res.Properties["host"] = f.Host
	}
	if f.Host != "" && l.Via != "file" {
		res.Locations[0].LogicalLocations = []sarifLogicalLocation{{
			FullyQualifiedName: optpath.Format([]string{"nixosConfigurations", f.Host}) + "." + f.Path,
		}}
	}
	if baseline {
		res.BaselineState = "new"
		if f.Baselined {
			res.BaselineState = "unchanged"
		}
	}
	if f.Suppressed != nil {
		res.Suppressions = []sarifSuppression{{Kind: f.Suppressed.Kind, Justification: f.Suppressed.Reason}}
	}
	// The option's other definitions: "also defined here" in code
	// scanning and editors.
	for _, d := range f.Definitions {
		if d.Status == "wins" {
			continue
		}
		msg := "also defined here"
		if d.Wrapper != "" {
			msg += " with " + d.Wrapper
		}
		res.RelatedLocations = append(res.RelatedLocations, sarifLocation{
			ID:      len(res.RelatedLocations) + 1,
			Message: &sarifText{Text: msg + " (" + relatedStatus(d) + ")"},
			PhysicalLocation: sarifPhysical{
				ArtifactLocation: sarifArtifactLoc{URI: artifactURI(path.Join(prefix, d.Location.File)), URIBaseID: sarifSrcRoot},
				Region:           sarifRegionFor(d.Location),
			},
		})
	}
	if fix := sarifFixFor(f, prefix); fix != nil {
		res.Fixes = []sarifFix{*fix}
	}
	return res
}

// sarifRegionFor is the finding's region, with positions kept ≥ 1 and
// the end not before the start; its snippet is the text of the region
// when it lies on one line.
func sarifRegionFor(l report.Location) sarifRegion {
	reg := normRegion(l.StartLine, l.StartCol, l.EndLine, l.EndCol)
	if reg.StartLine == reg.EndLine && l.Snippet != "" && reg.StartLine == l.StartLine {
		runes := []rune(l.Snippet)
		s, e := reg.StartColumn-1, reg.EndColumn-1
		if s < e && e <= len(runes) {
			reg.Snippet = &sarifText{Text: string(runes[s:e])}
		}
	}
	return reg
}

// sarifContextFor is the whole source line of a one-line region.
func sarifContextFor(l report.Location) *sarifRegion {
	reg := normRegion(l.StartLine, l.StartCol, l.EndLine, l.EndCol)
	if reg.StartLine != reg.EndLine || l.Snippet == "" {
		return nil
	}
	n := utf8.RuneCountInString(l.Snippet)
	// It must be a proper superset of the region (multitool SARIF1008).
	if reg.EndColumn > n+1 || reg.StartColumn == 1 && reg.EndColumn == n+1 {
		return nil
	}
	return &sarifRegion{StartLine: reg.StartLine, StartColumn: 1, EndLine: reg.StartLine, EndColumn: n + 1, Snippet: &sarifText{Text: l.Snippet}}
}

func normRegion(sl, sc, el, ec int) sarifRegion {
	sl, sc = max(sl, 1), max(sc, 1)
	if el < sl || (el == sl && ec < sc) {
		el, ec = sl, sc
	}
	return sarifRegion{StartLine: sl, StartColumn: sc, EndLine: el, EndColumn: max(ec, 1)}
}

// sarifFixFor is the finding's edit (report.Edit) as a SARIF fix: a
// replacement of the value where it is written, or an insertion (an
// empty deleted region) into the host's module.
func sarifFixFor(f report.Finding, prefix string) *sarifFix {
	e := f.Edit
	if f.Fix == nil || e == nil || e.StartLine < 1 {
		return nil
	}
	return &sarifFix{
		Description: sarifText{Text: sarifFixText(f)},
		ArtifactChanges: []sarifArtifactChange{{
			ArtifactLocation: sarifArtifactLoc{URI: artifactURI(path.Join(prefix, e.File)), URIBaseID: sarifSrcRoot},
			Replacements: []sarifReplacement{{
				DeletedRegion:   normRegion(e.StartLine, e.StartCol, e.EndLine, e.EndCol),
				InsertedContent: sarifText{Text: e.Text},
			}},
		}},
	}
}

func sarifFixText(f report.Finding) string {
	t := fmt.Sprintf("Set %s = %s;", f.Fix.Path, rule.NixValue(f.Fix.Value))
	if e := f.Edit; e.StartLine == e.EndLine && e.StartCol == e.EndCol {
		t += " (added to " + e.File + ")"
	}
	return t
}

// sarifFingerprint identifies a result across runs without its line:
// rule, host, option and the source line with whitespace normalised.
func sarifFingerprint(f report.Finding) string {
	snippet := strings.Join(strings.Fields(f.Location.Snippet), " ")
	sum := sha256.Sum256([]byte(strings.Join([]string{f.RuleID, f.Host, f.Path, snippet}, "\x00")))
	return hex.EncodeToString(sum[:16])
}

func sarifInvocationFor(r *report.Report, book *ruleBook) sarifInvocation {
	code := r.ExitCode()
	inv := sarifInvocation{
		ExecutionSuccessful:        len(r.Errors) == 0,
		ExitCode:                   code,
		ToolExecutionNotifications: make([]sarifNotification, 0, len(r.Errors)),
	}
	switch code {
	case report.ExitOK:
		inv.ExitCodeDescription = "no finding at or above --fail-on " + r.FailOn.String()
	case report.ExitFindings:
		inv.ExitCodeDescription = "findings at or above --fail-on " + r.FailOn.String()
	default:
		inv.ExitCodeDescription = "evaluation errors"
	}
	for _, e := range r.Errors {
		props := map[string]any{"host": e.Host}
		if e.Path != "" {
			props["option"] = e.Path
		}
		if len(e.Rules) > 0 {
			props["rules"] = e.Rules
		}
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarifNotification{
			Level:      "error",
			Message:    sarifText{Text: errorText(e, false)},
			Descriptor: sarifDescriptorRef{ID: sarifEvalRuleID},
			Properties: props,
		})
	}
	if g := r.Gate; g != nil {
		inv.RuleConfigurationOverrides = sarifOverrides(g, book)
		// The rest of the gate: what ruleConfigurationOverrides does not hold.
		rest := *g
		rest.DisabledRules, rest.SeverityOverrides = nil, nil
		inv.Properties = map[string]any{"nixsec/gate": rest}
	}
	return inv
}

// sarifOverrides are the gate's disabled rules (enabled: false) and
// severity overrides (the new level; SARIF has no severity, so the
// severities themselves are properties), each with where it was set.
func sarifOverrides(g *report.Gate, book *ruleBook) []sarifConfigOverride {
	ref := func(id string) sarifDescriptorRef {
		d := sarifDescriptorRef{ID: id}
		if i, ok := book.index[id]; ok {
			d.Index = &i
		}
		return d
	}
	var out []sarifConfigOverride
	off := false
	for _, d := range g.DisabledRules {
		out = append(out, sarifConfigOverride{
			Descriptor:    ref(d.Rule),
			Configuration: sarifReportingConfig{Enabled: &off},
			Properties:    map[string]string{"source": d.Source},
		})
	}
	for _, o := range g.SeverityOverrides {
		c := sarifReportingConfig{}
		if s, err := rule.ParseSeverity(o.To); err == nil {
			c.Level = sarifLevel(s)
		}
		out = append(out, sarifConfigOverride{
			Descriptor:    ref(o.Rule),
			Configuration: c,
			Properties:    map[string]string{"source": o.Source, "fromSeverity": o.From, "toSeverity": o.To},
		})
	}
	return out
}

// automationID is "nixsec/<flake>/": the category that keeps the analyses
// of different flakes of one repository apart on GitHub.
func automationID(flake string) string {
	s := flake
	if flakeref.IsPath(s) {
		s = strings.Trim(path.Clean(filepath.ToSlash(s)), "/")
		s = strings.TrimPrefix(s, "./")
	}
	if s == "" || s == "." {
		return "nixsec/"
	}
	return "nixsec/" + s + "/"
}

// artifactURI is a file relative to the flake root as a relative URI
// reference (forward slashes, escaped).
func artifactURI(file string) string {
	u := url.URL{Path: filepath.ToSlash(file)}
	return u.String()
}

// repoRoot is the directory GitHub resolves paths against: the git
// repository holding the flake (Report.RepoRoot), else the flake's
// directory; prefix is the flake's directory relative to it ("" at the top).
func repoRoot(r *report.Report) (root, prefix string) {
	if r.Root == "" || !filepath.IsAbs(r.Root) {
		return "", ""
	}
	if top := r.RepoRoot; top != "" && top != r.Root {
		if rel, err := filepath.Rel(top, r.Root); err == nil && filepath.IsLocal(rel) {
			return top, filepath.ToSlash(rel)
		}
	}
	return r.Root, ""
}

// fileURI is a local directory as a file:// URI with a trailing slash.
func fileURI(dir string) string {
	p := filepath.ToSlash(dir)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // a Windows drive path
	}
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	u := url.URL{Scheme: "file", Path: p}
	return u.String()
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// truncate cuts s to at most n characters, ending with "…" when cut.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

func indent(s, prefix string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = prefix + l
		}
	}
	return strings.Join(lines, "\n")
}
