package format

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/nixsec/nixsec/report"
	"github.com/nixsec/nixsec/rule"
)

// JSON streams the report a finding at a time; what it writes must be,
// byte for byte, the whole document encoded and escaped at once.
func TestJSONStreamsTheWholeDocument(t *testing.T) {
	hostile := "web\u202e\x1b[31m::error::x ##[group]</script>\"\\\n\xff"
	many := make([]report.Finding, 300)
	for i := range many {
		many[i] = report.Finding{
			RuleID: fmt.Sprintf("SSH%03d", i%9), Severity: rule.High, Title: hostile, Host: fmt.Sprintf("h%d%s", i, hostile),
			Path: "services.openssh.settings", Message: hostile + "[", Fingerprint: fmt.Sprint(i),
			Location:    report.Location{File: "hosts/" + hostile + ".nix", StartLine: i, StartCol: 3, EndLine: i, EndCol: 9},
			Frameworks:  map[string][]string{"stig": {"V-268083"}},
			Definitions: []report.Definition{{Location: report.Location{File: "a.nix", StartLine: 1}}},
		}
	}
	many[7].Suppressed = &report.Suppressed{Reason: hostile}
	many[9].Baselined = true
	reports := map[string]*report.Report{
		"empty":             {},
		"nil hosts, errors": {Flake: hostile, Errors: []report.HostError{{Host: hostile, Message: hostile}}},
		"fleet": {Flake: "./f", Hosts: []string{"a", hostile}, Findings: many, FailOn: rule.Medium,
			Gate: &report.Gate{Profile: "server", FailOn: "medium"}, Stats: &report.Stats{Hosts: 2, Load: 15}},
		"one finding": {Hosts: []string{}, Findings: many[:1]},
	}
	for name, r := range reports {
		t.Run(name, func(t *testing.T) {
			var got bytes.Buffer
			if err := JSON(&got, r, "1.2.3"); err != nil {
				t.Fatal(err)
			}
			var whole bytes.Buffer
			if err := encodeJSON(&whole, jsonDocument(r, "1.2.3")); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), whole.Bytes()) {
				g, w := strings.Split(got.String(), "\n"), strings.Split(whole.String(), "\n")
				for i := 0; i < max(len(g), len(w)); i++ {
					if i >= len(g) || i >= len(w) || g[i] != w[i] {
						t.Fatalf("line %d: streamed %q, whole %q", i+1, at(g, i), at(w, i))
					}
				}
			}
		})
	}
}

func at(lines []string, i int) string {
	if i < len(lines) {
		return lines[i]
	}
	return "(end)"
}
