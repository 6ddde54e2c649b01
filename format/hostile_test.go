package format

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/nixsec/nixsec/format/escape"
	"github.com/nixsec/nixsec/internal/sarifcheck"
	"github.com/nixsec/nixsec/report"
	"github.com/nixsec/nixsec/rule"
)

// evil is what a pull request can put in any string of its flake: a
// workflow command on a line of its own, a carriage return, a terminal
// escape, a C1 CSI (as UTF-8 and as a lone byte), a bidi override, the
// legacy and Azure command prefixes mid-line, and bytes that are not
// UTF-8.
const evil = "\n::error file=x::pwned\r\x1b[31m\u009b\x9b\u202e ##[error]legacy ##vso[task.complete]x \xff\xfe"

// hostileReport has evil in every string that comes from the flake or
// its configuration.
func hostileReport() *report.Report {
	host := "web" + evil
	r := &report.Report{
		Flake: "./flake" + evil, Root: "/work/flakes/x", Hosts: []string{host, "db" + evil}, FailOn: rule.Low,
		Rules: []*rule.Meta{{ID: "ACME001", Title: "Policy" + evil, Description: "d" + evil, Severity: rule.High,
			Remediation: "x = 1;" + evil + "\n::warning::y\n", Package: "acme.acme001", File: "policies/acme.rego"}},
		Findings: []report.Finding{{
			RuleID: "ACME001", Severity: rule.High, Title: "Policy" + evil, Host: host,
			Path: "services.\"a" + evil + "\".enable", Message: "value is \"" + evil + "\"",
			Location: report.Location{File: "hosts/x" + evil + ".nix", StartLine: 2, StartCol: 3, EndLine: 2, EndCol: 9, Via: "definition",
				Snippet: "\t" + evil[1:] + " = true;", Note: "note" + evil},
			Fix:         &rule.Fix{Path: "services.a" + evil, Value: "v" + evil},
			Fingerprint: "0123456789abcdef",
		}, {
			RuleID: "ACME001", Severity: rule.High, Title: "Policy", Host: "db" + evil, Path: "x", Message: "m",
			Location:    report.Location{File: "hosts/db.nix", StartLine: 1, StartCol: 1, EndLine: 1, EndCol: 2, Via: "definition", Snippet: "x"},
			Fingerprint: "0123456789abcdee", Suppressed: &report.Suppressed{Kind: "inSource", Reason: "because" + evil},
		}},
		Errors: []report.HostError{{Host: "db" + evil, Path: "a" + evil, Rules: []string{"ACME001" + evil},
			Message: "error: nix says" + evil + "\n##[error]x\n  ::set-output name=a::b\n"}},
		Gate: &report.Gate{
			ConfigFile: ".nixsec" + evil + ".toml", Profile: "server", FailOn: "low", FailOnFrom: "default",
			Policies:          []string{"policies" + evil},
			DisabledRules:     []report.RuleOverride{{Rule: "SSH001" + evil, Source: "conf" + evil}},
			SeverityOverrides: []report.SeverityOverride{{Rule: "ACME001", From: "high" + evil, To: "low", Source: "conf" + evil}},
			Exceptions:        []report.ExceptionEntry{{Rule: "ACME001", Hosts: []string{host}, Options: []string{"o" + evil}, Reason: "r" + evil, Source: "conf:1" + evil}},
			Suppressions:      []report.SuppressionEntry{{Rules: []string{"ACME001" + evil}, File: "f" + evil, Line: 3, Reason: "because" + evil, Hosts: []string{host}}},
		},
	}
	return r
}

// ourSGR are the colour codes the text report writes itself.
var ourSGR = regexp.MustCompile(`\x1b\[(0|1|31|33|34|90|31\x1b\[1)m`)

// assertSafe fails when out has a control character other than \t and
// \n (colour codes of our own aside, when allowed), a format character,
// bytes that are not UTF-8, or a line a CI runner takes as a command;
// command(line) says which lines are nixsec's own workflow commands.
func assertSafe(t *testing.T, what, out string, colour bool, command func(string) bool) {
	t.Helper()
	if colour {
		out = ourSGR.ReplaceAllString(out, "")
	}
	if !strings.Contains(out, "pwned") && !strings.Contains(out, `pwned`) {
		t.Errorf("%s: the hostile text is not shown at all", what)
	}
	for i, r := range out {
		if r == '\t' || r == '\n' {
			continue
		}
		if unicode.IsControl(r) || escape.Escaped(r) || r == unicode.ReplacementChar && strings.HasPrefix(out[i:], "\xff") {
			t.Errorf("%s: raw %U at %d: %q", what, r, i, out[max(i-20, 0):min(i+20, len(out))])
		}
	}
	for _, line := range strings.Split(out, "\n") {
		trimmed := strings.TrimLeftFunc(line, unicode.IsSpace)
		if strings.HasPrefix(trimmed, "::") && (command == nil || !command(line)) {
			t.Errorf("%s: workflow command %q", what, line)
		}
		if m := regexp.MustCompile(`(?i)##[a-z]*\[`).FindString(line); m != "" {
			t.Errorf("%s: %q in %q", what, m, line)
		}
	}
}

func TestHostileText(t *testing.T) {
	for _, opts := range []TextOptions{{}, {Colour: true}, {Quiet: true}, {Verbose: true, ShowInfo: true}} {
		var b bytes.Buffer
		if err := TextWith(&b, hostileReport(), opts); err != nil {
			t.Fatal(err)
		}
		assertSafe(t, "text", b.String(), opts.Colour, nil)
		if !opts.Quiet && !strings.Contains(b.String(), `hosts/x\n::error file=x::pwned\r\x1b[31m\u009b\x9b\u202e ##\[error]legacy ##vso\[task.complete]x \xff\xfe.nix:2:3`) {
			t.Errorf("escaped file name not found:\n%s", b.String())
		}
	}
}

// The caret stays under the region when the snippet's escapes are wider
// than what they stand for.
func TestHostileCaret(t *testing.T) {
	r := &report.Report{Hosts: []string{"web"}, Findings: []report.Finding{{RuleID: "SSH001", Severity: rule.High, Host: "web", Path: "p", Message: "m",
		Location: report.Location{File: "a.nix", StartLine: 1, StartCol: 4, EndLine: 1, EndCol: 7, Snippet: "\t\x1b\u202eabcd"}}}}
	var b bytes.Buffer
	if err := TextWith(&b, r, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	want := " 1 | \t\\x1b\\u202eabcd\n   | \t          ^^^\n"
	if !strings.Contains(b.String(), want) {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

func TestHostileGitHub(t *testing.T) {
	var b bytes.Buffer
	if err := GitHub(&b, hostileReport()); err != nil {
		t.Fatal(err)
	}
	// Each of our lines is one annotation with only our properties.
	ours := func(line string) bool {
		m := regexp.MustCompile(`^::(error|warning|notice) ([^:]*)::`).FindStringSubmatch(line)
		if m == nil {
			return false
		}
		for _, p := range strings.Split(m[2], ",") {
			k, _, _ := strings.Cut(p, "=")
			if allowed := " file line col endLine endColumn title "; !strings.Contains(allowed, " "+k+" ") {
				return false
			}
		}
		return true
	}
	assertSafe(t, "github", b.String(), false, ours)
	if n := strings.Count(b.String(), "\n"); n != 4 {
		t.Errorf("%d lines, want 1 finding, 1 error, the gate and the summary:\n%s", n, b.String())
	}
}

func TestHostileJSON(t *testing.T) {
	var b bytes.Buffer
	if err := JSON(&b, hostileReport(), "test"); err != nil {
		t.Fatal(err)
	}
	assertSafe(t, "json", b.String(), false, nil)
	if err := ValidateReport(b.Bytes()); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Flake    string
		Hosts    []string
		Findings []report.Finding
		Errors   []report.HostError
		Gate     *report.Gate
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	r := hostileReport()
	f, g := r.Findings[0], doc.Findings[0]
	for _, c := range [][2]string{
		{doc.Flake, r.Flake}, {doc.Hosts[0], r.Hosts[0]}, {g.Host, f.Host}, {g.Path, f.Path}, {g.Message, f.Message},
		{g.Location.File, f.Location.File}, {g.Location.Snippet, f.Location.Snippet}, {g.Location.Note, f.Location.Note},
		{g.Fix.Value.(string), f.Fix.Value.(string)}, {doc.Findings[1].Suppressed.Reason, r.Findings[1].Suppressed.Reason},
		{doc.Errors[0].Message, r.Errors[0].Message}, {doc.Gate.ConfigFile, r.Gate.ConfigFile},
		{doc.Gate.Suppressions[0].Reason, r.Gate.Suppressions[0].Reason}, {doc.Gate.Exceptions[0].Reason, r.Gate.Exceptions[0].Reason},
	} {
		if c[0] != jsonString(c[1]) {
			t.Errorf("decoded %q, want %q", c[0], jsonString(c[1]))
		}
	}
}

func TestHostileSARIF(t *testing.T) {
	out := sarifOf(t, hostileReport(), "v1.0.0")
	assertSafe(t, "sarif", string(out), false, nil)
	if err := sarifcheck.Schema(sarifSchemaFile, out); err != nil {
		t.Fatal(err)
	}
	var log sarifLog
	if err := json.Unmarshal(out, &log); err != nil {
		t.Fatal(err)
	}
	r := hostileReport()
	res := log.Runs[0].Results[0]
	inv := log.Runs[0].Invocations[0]
	gate, _ := json.Marshal(inv.Properties["nixsec/gate"])
	var g report.Gate
	_ = json.Unmarshal(gate, &g)
	for _, c := range [][2]string{
		{res.Properties["host"].(string), r.Findings[0].Host}, {res.Properties["option"].(string), r.Findings[0].Path},
		{res.Locations[0].PhysicalLocation.ContextRegion.Snippet.Text, r.Findings[0].Location.Snippet},
		{log.Runs[0].Results[1].Suppressions[0].Justification, r.Findings[1].Suppressed.Reason},
		{inv.RuleConfigurationOverrides[0].Descriptor.ID, r.Gate.DisabledRules[0].Rule},
		{g.ConfigFile, r.Gate.ConfigFile}, {g.Suppressions[0].Reason, r.Gate.Suppressions[0].Reason},
	} {
		if c[0] != jsonString(c[1]) {
			t.Errorf("decoded %q, want %q", c[0], jsonString(c[1]))
		}
	}
}

// jsonString is s as a JSON round trip gives it back: each byte that is
// not UTF-8 becomes U+FFFD, as encoding/json writes it.
func jsonString(s string) string { return string([]rune(s)) }
