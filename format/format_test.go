package format

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	goldenfile "github.com/nixsec/nixsec/internal/golden"
	"github.com/nixsec/nixsec/report"
	"github.com/nixsec/nixsec/rule"
)

var update = flag.Bool("update", false, "rewrite golden files")

func sampleReport() *report.Report {
	loc := func(file string, line int, via string) report.Location {
		return report.Location{File: file, StartLine: line, StartCol: 3, EndLine: line, EndCol: 10, Via: via, Snippet: "\tservices.openssh.enable = true;"}
	}
	fs := []report.Finding{
		{RuleID: "SSH001", Severity: rule.High, Title: "SSH allows password authentication", Host: "web",
			Path: "services.openssh.settings.PasswordAuthentication", Message: "PasswordAuthentication is true",
			Location: loc("hosts/web.nix", 4, "definition"), Fix: &rule.Fix{Path: "services.openssh.settings.PasswordAuthentication", Value: false}},
		{RuleID: "FW001", Severity: rule.Critical, Title: "Firewall disabled", Host: "db",
			Path: "networking.firewall.enable", Message: "the firewall is off", Location: loc("hosts/db.nix", 2, "definition"),
			Definitions: []report.Definition{
				{Location: loc("hosts/db.nix", 2, "definition"), InFlake: true, Name: "networking.firewall.enable", Priority: 100, Status: "wins", Source: "false"},
				{Location: loc("hosts/common.nix", 7, "definition"), InFlake: true, Name: "networking.firewall.enable", Priority: 1000,
					Wrapper: "mkDefault", Status: "overridden", Source: "lib.mkDefault   true", Note: "priority 1000 loses to 100"},
				{Location: loc("hosts/db.nix", 12, "definition"), InFlake: true, Name: "networking.firewall.enable", Priority: 100,
					Status: "condition-false", Source: "true", Note: "inside mkIf false"},
			}},
		{RuleID: "AUD001", Severity: rule.Medium, Title: "auditd off", Host: "db",
			Path: "security.auditd.enable", Message: "auditd is off (NixOS default)", Location: loc("flake.nix", 1, "host")},
		{RuleID: "MAC001", Severity: rule.Medium, Title: "AppArmor off", Host: "db",
			Path: "security.apparmor.enable", Message: "AppArmor is off", Location: loc("hosts/db.nix", 9, "definition"),
			Suppressed: &report.Suppressed{Kind: "inSource", Reason: "containers host, confined by the hypervisor"}},
	}
	for i := range fs {
		fs[i].Fingerprint = report.Fingerprint(fs[i].RuleID, fs[i].Host, fs[i].Path)
	}
	report.SortFindings(fs)
	return &report.Report{
		Flake: "./examples/insecure", Hosts: []string{"db", "web", "broken"}, Findings: fs, FailOn: rule.Low,
		Errors: []report.HostError{{Host: "broken", Message: "The option `services.opensh' does not exist.\nDefinition values: ..."}},
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	p := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(p, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (go test -update to accept; - golden, + got):\n%s", name, goldenfile.Diff(string(want), string(got)))
	}
}

func TestTextGolden(t *testing.T) {
	var b bytes.Buffer
	if err := Text(&b, sampleReport(), false); err != nil {
		t.Fatal(err)
	}
	golden(t, "report.txt", b.Bytes())
	var v bytes.Buffer
	if err := TextWith(&v, sampleReport(), TextOptions{Verbose: true, ShowInfo: true}); err != nil {
		t.Fatal(err)
	}
	golden(t, "report-verbose.txt", v.Bytes())
	var c bytes.Buffer
	if err := Text(&c, sampleReport(), true); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(c.Bytes(), []byte("\x1b[")) || bytes.Contains(b.Bytes(), []byte("\x1b[")) {
		t.Error("colour only when asked for")
	}
}

func TestJSONGoldenAndSchema(t *testing.T) {
	var b bytes.Buffer
	if err := JSON(&b, sampleReport(), "test"); err != nil {
		t.Fatal(err)
	}
	golden(t, "report.json", b.Bytes())
	if err := ValidateReport(b.Bytes()); err != nil {
		t.Fatal(err)
	}
	// The schema must reject what the format never produces.
	var doc map[string]any
	_ = json.Unmarshal(b.Bytes(), &doc)
	doc["findings"].([]any)[0].(map[string]any)["location"].(map[string]any)["startLine"] = 0
	bad, _ := json.Marshal(doc)
	if ValidateReport(bad) == nil {
		t.Fatal("schema accepted startLine 0")
	}
}

// ValidateReport checks a JSON report against report.schema.json.
func ValidateReport(b []byte) error {
	schemaFile, err := os.ReadFile("report.schema.json")
	if err != nil {
		return err
	}
	s, err := jsonschema.UnmarshalJSON(bytes.NewReader(schemaFile))
	if err != nil {
		return err
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("report.schema.json", s); err != nil {
		return err
	}
	sch, err := c.Compile("report.schema.json")
	if err != nil {
		return err
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		return err
	}
	return sch.Validate(v)
}
