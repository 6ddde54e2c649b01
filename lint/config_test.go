package lint

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nixsec/nixsec/report"
	"github.com/nixsec/nixsec/rule"
)

var knownRules = map[string]*rule.Meta{
	"FW001": {ID: "FW001", Severity: rule.Critical}, "SSH008": {ID: "SSH008", Severity: rule.Low},
	"KRN001": {ID: "KRN001", Severity: rule.Low, Profiles: []string{"paranoid"}}, "MIN001": {ID: "MIN001", Severity: rule.Info},
}

func writeConfig(t *testing.T, name, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const goodTOML = `profile = "workstation"
fail-on = "medium"

[rules]
enable = ["KRN001"]
disable = ["MIN001"]
severity = { SSH008 = "info" }

[[exceptions]]
rule = "FW001"
hosts = ["lab"]
options = ["networking.firewall.enable"]
reason = "lab network behind a hardware firewall"
expires = "2026-12-31"

[[exceptions]]
rule = "FW001"
hosts = ["old"]
reason = "decommissioned in October"
expires = "2026-10-31"
`

func TestConfigTOMLAndYAML(t *testing.T) {
	yml := `profile: workstation
fail-on: medium
rules:
  enable: [KRN001]
  disable: [MIN001]
  severity: {SSH008: info}
exceptions:
  - rule: FW001
    hosts: [lab]
    options: [networking.firewall.enable]
    reason: lab network behind a hardware firewall
    expires: "2026-12-31"
  - rule: FW001
    hosts: [old]
    reason: decommissioned in October
    expires: "2026-10-31"
`
	for name, body := range map[string]string{".nixsec.toml": goodTOML, ".nixsec.yaml": yml} {
		t.Run(name, func(t *testing.T) {
			c, err := ReadConfig(writeConfig(t, name, body))
			if err != nil {
				t.Fatal(err)
			}
			if err := c.Check(knownRules); err != nil {
				t.Fatal(err)
			}
			all := []*rule.Meta{knownRules["FW001"], knownRules["KRN001"], knownRules["MIN001"], knownRules["SSH008"]}
			var ids []string
			for _, r := range applyRuleConfig(all, c.Profile, c) {
				ids = append(ids, r.ID+":"+r.Severity.String())
			}
			if strings.Join(ids, " ") != "FW001:critical KRN001:low SSH008:info" {
				t.Errorf("rules: %v", ids)
			}
			fs := []report.Finding{
				{RuleID: "FW001", Host: "lab", Path: "networking.firewall.enable"},
				{RuleID: "FW001", Host: "web", Path: "networking.firewall.enable"},
				{RuleID: "FW001", Host: "old", Path: "networking.firewall.enable"},
			}
			out := applyExceptions(c, fs, time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC))
			if out[0].Suppressed == nil || out[0].Suppressed.Kind != "external" || out[1].Suppressed != nil || out[2].Suppressed != nil {
				t.Errorf("exceptions: %+v", out[:3])
			}
			if len(out) != 4 || out[3].RuleID != rule.ExpiredID || !strings.Contains(out[3].Message, "expired on 2026-10-31") || out[3].Location.StartLine < 1 {
				t.Errorf("expired exception not reported: %+v", out[3:])
			}
			// The day it expires it still applies.
			out = applyExceptions(c, []report.Finding{{RuleID: "FW001", Host: "old"}}, time.Date(2026, 10, 31, 12, 0, 0, 0, time.UTC))
			if len(out) != 1 || out[0].Suppressed == nil {
				t.Errorf("on the expiry day: %+v", out)
			}
		})
	}
}

func TestConfigErrors(t *testing.T) {
	cases := []struct{ name, file, body, want string }{
		{"unknown key", ".nixsec.toml", "profile = \"server\"\nfailon = \"low\"\n", ".nixsec.toml:2:1: unknown key \"failon\""},
		{"unknown nested key", ".nixsec.toml", "[rules]\ndisabled = [\"FW001\"]\n", ".nixsec.toml:2:1: unknown key \"rules.disabled\""},
		{"syntax", ".nixsec.toml", "profile = \n", ".nixsec.toml:1"},
		{"yaml unknown key", ".nixsec.yaml", "profile: server\nfailon: low\n", "line 2: field failon not found"},
		{"unknown rule", ".nixsec.toml", "[rules]\n\ndisable = [\"FW999\"]\n", ".nixsec.toml:3: unknown rule FW999"},
		{"no reason", ".nixsec.toml", "[[exceptions]]\nrule = \"FW001\"\n", ".nixsec.toml:2: exception for FW001 has no reason"},
		{"bad date", ".nixsec.toml", "[[exceptions]]\nrule = \"FW001\"\nreason = \"x\"\nexpires = \"soon\"\n", "expires \"soon\" is not YYYY-MM-DD"},
		{"bad severity", ".nixsec.toml", "[rules.severity]\nFW001 = \"urgent\"\n", "unknown severity \"urgent\""},
		{"bad profile", ".nixsec.toml", "profile = \"desktop\"\n", "unknown profile \"desktop\""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg, err := ReadConfig(writeConfig(t, c.file, c.body))
			if err == nil {
				err = cfg.Check(knownRules)
			}
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want %q", err, c.want)
			}
		})
	}
}

func TestBaseline(t *testing.T) {
	r := &report.Report{Findings: []report.Finding{
		{RuleID: "FW001", Host: "a", Path: "p", Message: "m", Fingerprint: report.Fingerprint("FW001", "a", "p", "m")},
		{RuleID: "SSH001", Host: "a", Path: "q", Message: "m", Fingerprint: report.Fingerprint("SSH001", "a", "q", "m"), Suppressed: &report.Suppressed{}},
	}}
	b := NewBaseline(r)
	if len(b.Findings) != 1 {
		t.Fatalf("suppressed findings do not belong in a baseline: %+v", b.Findings)
	}
	var sb strings.Builder
	_ = b.Write(&sb)
	p := writeConfig(t, "baseline.json", sb.String())
	b2, err := ReadBaseline(p)
	if err != nil {
		t.Fatal(err)
	}
	now := []report.Finding{
		{RuleID: "FW001", Fingerprint: report.Fingerprint("FW001", "a", "p", "m")},
		{RuleID: "FW001", Fingerprint: report.Fingerprint("FW001", "b", "p", "m")},
	}
	if gone := applyBaseline(b2, now); gone != 0 || !now[0].Baselined || now[1].Baselined {
		t.Errorf("gone %d, %+v", gone, now)
	}
	if gone := applyBaseline(b2, nil); gone != 1 {
		t.Errorf("gone %d, want 1", gone)
	}
	for body, want := range map[string]string{
		"{\"nixsec_baseline\": 1,\n \"findings\": [ {\"fingerprint\": 3} ]}": "b.json:2:",
		"{\"nixsec_baseline\": 2, \"findings\": []}":                         "not a nixsec baseline",
		"{\"nixsec_baseline\": 1, \"findings\": [{}]}":                       "has no fingerprint",
	} {
		if _, err := ReadBaseline(writeConfig(t, "b.json", body)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", body, err, want)
		}
	}
}
