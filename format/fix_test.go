package format

import (
	"bytes"
	"strings"
	"testing"

	"github.com/nixsec/nixsec/report"
	"github.com/nixsec/nixsec/rule"
)

func sampleFix() *report.FixResult {
	before := sampleReport()
	before.Rules = []*rule.Meta{{ID: "AUD001", Remediation: "security.auditd.enable = true;\n"}}
	edit := &report.Edit{File: "hosts/db.nix", StartLine: 2, StartCol: 30, EndLine: 2, EndCol: 35, Text: "true",
		Description: "replace the value of networking.firewall.enable"}
	var fw, aud report.Finding
	for _, f := range before.Findings {
		switch f.RuleID {
		case "FW001":
			fw = f
		case "AUD001":
			aud = f
		}
	}
	return &report.FixResult{
		Before:  before,
		Applied: []report.FixItem{{Finding: fw, Edit: edit}},
		Refused: []report.FixItem{{Finding: fw, Reason: "networking.firewall.enable is set by <nixpkgs>/nixos/modules/x.nix (mkForce, priority 50)"}},
		Manual:  []report.FixItem{{Finding: aud}},
		Files: []report.FileChange{{File: "hosts/db.nix",
			Before: "{\n  # the firewall\n  networking.firewall.enable = false;\n  a = 1;\n  b = 2;\n  c = 3;\n  d = 4;\n}\n",
			After:  "{\n  # the firewall\n  networking.firewall.enable = true;\n  a = 1;\n  b = 2;\n  c = 3;\n  d = 4;\n  e = 5;\n}\n"}},
	}
}

func TestFixTextGolden(t *testing.T) {
	var b bytes.Buffer
	if err := FixText(&b, sampleFix(), true); err != nil {
		t.Fatal(err)
	}
	golden(t, "fix.txt", b.Bytes())
	b.Reset()
	if err := Diff(&b, sampleFix().Files); err != nil {
		t.Fatal(err)
	}
	golden(t, "fix.diff", b.Bytes())
}

// The files' text and names are the flake's: escaped in the diff.
func TestDiffEscapes(t *testing.T) {
	var b bytes.Buffer
	err := Diff(&b, []report.FileChange{{File: "a\x1b[2J.nix", Before: "x = \"\x1b]0;t\x07\";\n", After: "y\u202e;\n"}})
	if err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(b.String(), "\x1b\x07\u202e") {
		t.Errorf("control characters in the diff: %q", b.String())
	}
}
