package format

import (
	"bytes"
	"strings"
	"testing"
)

// Grouped by host, remediation and docs once per rule and host, errors,
// then the summary with a line per host.
func TestTextRichGolden(t *testing.T) {
	var b bytes.Buffer
	if err := TextWith(&b, richReport(), TextOptions{}); err != nil {
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
