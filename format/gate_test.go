package format

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	goldenfile "github.com/nixsec/nixsec/internal/golden"
	"github.com/nixsec/nixsec/internal/sarifcheck"
	"github.com/nixsec/nixsec/report"
)

// gateReport is richReport with a gate that a pull request changed: a
// config file that sets fail-on, disables a rule, lowers another, has an
// exception, and nixsec:ignore comments, one unused.
func gateReport() *report.Report {
	r := richReport()
	r.Gate = &report.Gate{
		Untrusted: true, ConfigFile: ".nixsec.toml", Profile: "server", FailOn: "high", FailOnFrom: ".nixsec.toml",
		Policies:          []string{"policies"},
		Data:              []string{"policies/data.yaml"},
		DisabledRules:     []report.RuleOverride{{Rule: "KRN002", Source: ".nixsec.toml"}, {Rule: "SSH002", Source: "--skip-rule"}},
		SeverityOverrides: []report.SeverityOverride{{Rule: "FW001", From: "critical", To: "low", Source: ".nixsec.toml"}},
		Exceptions: []report.ExceptionEntry{{Rule: "AUD001", Hosts: []string{"db"}, Options: []string{"security.auditd.enable"},
			Reason: "audit shipped by the hypervisor", Expires: "2027-01-01", Source: ".nixsec.toml:12"}},
		Suppressions: []report.SuppressionEntry{
			{Rules: []string{"MAC001"}, File: "hosts/db.nix", Line: 8, Reason: "containers host, confined by the hypervisor", Hosts: []string{"db"}},
			{Rules: []string{"SSH001", "SSH003"}, File: "hosts/web.nix", Line: 20, Reason: "legacy"},
		},
	}
	return r
}

func TestGateText(t *testing.T) {
	var b bytes.Buffer
	if err := TextWith(&b, gateReport(), TextOptions{}); err != nil {
		t.Fatal(err)
	}
	golden(t, "gate.txt", b.Bytes())
	var q bytes.Buffer
	if err := TextWith(&q, gateReport(), TextOptions{Quiet: true}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(q.String(), "\ngate: config .nixsec.toml") || !strings.Contains(q.String(), "  disabled KRN002 (by .nixsec.toml)") {
		t.Errorf("--quiet shows the gate too:\n%s", q.String())
	}
}

// A gate with nothing beyond the defaults leaves the text report as it
// was without one.
func TestGateDefaultUnchanged(t *testing.T) {
	for _, g := range []*report.Gate{{}, {Profile: "server", FailOn: "low", FailOnFrom: "default"}, {Untrusted: true, Profile: "paranoid", FailOn: "high", FailOnFrom: "--fail-on"}} {
		r := richReport()
		r.Gate = g
		var with, without bytes.Buffer
		if err := TextWith(&with, r, TextOptions{}); err != nil {
			t.Fatal(err)
		}
		if err := TextWith(&without, richReport(), TextOptions{}); err != nil {
			t.Fatal(err)
		}
		if with.String() != without.String() {
			t.Errorf("gate %+v changed the report:\n%s", g, goldenfile.Diff(without.String(), with.String()))
		}
		var gh, ghWithout bytes.Buffer
		_ = GitHub(&gh, r)
		_ = GitHub(&ghWithout, richReport())
		if gh.String() != ghWithout.String() {
			t.Errorf("gate %+v changed the github report:\n%s", g, goldenfile.Diff(ghWithout.String(), gh.String()))
		}
	}
}

func TestGateGitHub(t *testing.T) {
	var b bytes.Buffer
	if err := GitHub(&b, gateReport()); err != nil {
		t.Fatal(err)
	}
	golden(t, "gate.github.txt", b.Bytes())
	n := strings.Count(b.String(), "::notice title=nixsec gate::")
	if n != 1 {
		t.Errorf("%d gate notices, want one", n)
	}
}

func TestGateJSON(t *testing.T) {
	var b bytes.Buffer
	if err := JSON(&b, gateReport(), "test"); err != nil {
		t.Fatal(err)
	}
	golden(t, "gate.json", b.Bytes())
	if err := ValidateReport(b.Bytes()); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Gate *report.Gate `json:"gate"`
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(gateReport().Gate)
	got, _ := json.Marshal(doc.Gate)
	if !bytes.Equal(got, want) {
		t.Errorf("gate round trip:\n%s\nwant\n%s", got, want)
	}
	// Without a gate (merged shards), no "gate" key, as before.
	var plain bytes.Buffer
	_ = JSON(&plain, richReport(), "test")
	if strings.Contains(plain.String(), `"gate"`) {
		t.Error("gate key without a gate")
	}
}

func TestGateSARIF(t *testing.T) {
	got := sarifOf(t, gateReport(), "v1.2.3")
	golden(t, "gate.sarif", got)
	if err := sarifcheck.Validate(sarifSchemaFile, got); err != nil {
		t.Fatal(err)
	}
	var log sarifLog
	if err := json.Unmarshal(got, &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	inv := run.Invocations[0]
	if len(inv.RuleConfigurationOverrides) != 3 {
		t.Fatalf("overrides %+v", inv.RuleConfigurationOverrides)
	}
	for _, o := range inv.RuleConfigurationOverrides {
		d := o.Descriptor
		if d.Index != nil && run.Tool.Driver.Rules[*d.Index].ID != d.ID {
			t.Errorf("descriptor %s points at rule %d, %s", d.ID, *d.Index, run.Tool.Driver.Rules[*d.Index].ID)
		}
		switch d.ID {
		case "KRN002", "SSH002":
			if o.Configuration.Enabled == nil || *o.Configuration.Enabled || d.Index != nil {
				t.Errorf("disabled %s: %+v", d.ID, o)
			}
		case "FW001":
			if d.Index == nil || o.Configuration.Level != "note" || o.Properties["fromSeverity"] != "critical" {
				t.Errorf("severity override: %+v", o)
			}
		default:
			t.Errorf("override of %s", d.ID)
		}
	}
	var gate report.Gate
	raw, _ := json.Marshal(inv.Properties["nixsec/gate"])
	if err := json.Unmarshal(raw, &gate); err != nil {
		t.Fatal(err)
	}
	if gate.ConfigFile != ".nixsec.toml" || len(gate.Suppressions) != 2 || len(gate.Exceptions) != 1 || !gate.Untrusted {
		t.Errorf("nixsec/gate %+v", gate)
	}
	// No gate: no overrides, no properties.
	var plain sarifLog
	_ = json.Unmarshal(sarifOf(t, richReport(), "v1.2.3"), &plain)
	if i := plain.Runs[0].Invocations[0]; i.RuleConfigurationOverrides != nil || i.Properties != nil {
		t.Errorf("gate parts without a gate: %+v", i)
	}
}
