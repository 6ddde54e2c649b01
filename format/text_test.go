package format

import (
	"bytes"
	"strings"
	"testing"

	"github.com/nixsec/nixsec/report"
	"github.com/nixsec/nixsec/rule"
)

// Verbose: grouped by host, remediation and docs once per rule and host,
// errors, then the summary with a line per host.
func TestTextRichGolden(t *testing.T) {
	var b bytes.Buffer
	if err := TextWith(&b, richReport(), TextOptions{Verbose: true}); err != nil {
		t.Fatal(err)
	}
	golden(t, "rich.txt", b.Bytes())
	out := b.String()
	for _, want := range []string{"=== db (2 findings)", "=== web (1 finding)", "=== nixsec configuration (1 finding)",
		"docs: " + DocsBase + "SSH001.md", "      networking.firewall.enable = true;", "  broken: evaluation failed"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
	if strings.Contains(out, "ACME001") || strings.Contains(out, "MAC001 db") {
		t.Errorf("baselined or suppressed findings shown:\n%s", out)
	}
}

// The default: a line per finding (one for the hosts that share it), each
// rule's remediation once at the end, info findings only counted.
func TestTextCompact(t *testing.T) {
	r := richReport()
	for _, h := range []string{"cache", "app"} { // the same finding on more hosts
		f := r.Findings[0]
		f.Host = h
		r.Findings = append(r.Findings, f)
	}
	info := r.Findings[0]
	info.RuleID, info.Severity, info.Message = "FW006", rule.Info, "TCP 22 open on every interface"
	r.Findings = append(r.Findings, info)
	report.SortFindings(r.Findings)
	var b bytes.Buffer
	if err := TextWith(&b, r, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	golden(t, "compact.txt", b.Bytes())
	out := b.String()
	first := r.Findings[0]
	for _, want := range []string{"remediation:\n", "docs: " + DocsBase + "SSH001.md", "    networking.firewall.enable = true;",
		"(1 info finding not listed: --show-info lists them)"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
	if strings.Contains(out, "FW006") || strings.Contains(out, "===") || strings.Count(out, " "+first.Message+"\n") != 1 {
		t.Errorf("info listed, host headers, or a shared finding repeated:\n%s", out)
	}
	b.Reset()
	if err := TextWith(&b, r, TextOptions{ShowInfo: true}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "INFO FW006") {
		t.Errorf("--show-info does not list info findings:\n%s", b.String())
	}
}

func TestTextQuiet(t *testing.T) {
	var b bytes.Buffer
	if err := TextWith(&b, richReport(), TextOptions{Quiet: true}); err != nil {
		t.Fatal(err)
	}
	golden(t, "quiet.txt", b.Bytes())
	if strings.Contains(b.String(), "===") || !strings.Contains(b.String(), "error: broken") {
		t.Errorf("quiet shows only errors and the summary:\n%s", b.String())
	}
}
