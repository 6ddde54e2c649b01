package format

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nixsec/nixsec/internal/sarifcheck"
	"github.com/nixsec/nixsec/report"
	"github.com/nixsec/nixsec/rule"
)

var sarifSchemaFile = filepath.Join("testdata", "sarif-schema-2.1.0.json")

// richReport is sampleReport with the rules' metadata, a fixable
// definition with its value's region, a wrong suppression comment, a
// non-ASCII line, a baselined finding and an option that failed.
func richReport() *report.Report {
	r := sampleReport()
	r.Root = "/work/flakes/my flake"
	r.Rules = []*rule.Meta{
		{ID: "AUD001", Title: "The audit daemon is not enabled", Description: "Without auditd there is no trail\nof what an intruder ran.",
			Severity: rule.Medium, Remediation: "security.auditd.enable = true;\n", References: []string{"https://example.org/auditd"},
			Package: "audit.aud001", File: "builtin:audit/aud001.rego", Builtin: true},
		{ID: "FW001", Title: "Firewall disabled", Description: strings.Repeat("A very long description. ", 60),
			Severity: rule.Critical, Remediation: "networking.firewall.enable = true;\n", Package: "firewall.fw001", File: "builtin:firewall/fw001.rego", Builtin: true},
		{ID: "MAC001", Title: "AppArmor off", Description: "AppArmor confines services.", Severity: rule.Medium,
			Package: "mac.mac001", File: "builtin:mac/mac001.rego", Builtin: true},
		{ID: "SSH001", Title: "SSH allows password authentication", Description: "Passwords can be guessed.",
			Severity: rule.High, Remediation: "services.openssh.settings.PasswordAuthentication = false;\n",
			Options: []rule.OptionSpec{{Path: "services.openssh.settings.PasswordAuthentication"}},
			Package: "ssh.ssh001", File: "builtin:ssh/ssh001.rego", Builtin: true},
		{ID: "ACME001", Title: "Company policy: no telnet", Description: "Telnet is plain text.", Severity: rule.Low,
			Package: "acme.acme001", File: "policies/acme001.rego"},
		{ID: "KRN001", Title: "Unused in this report", Description: "x", Severity: rule.Info, Package: "kernel.krn001", Builtin: true},
	}
	for i := range r.Findings {
		f := &r.Findings[i]
		if f.RuleID == "SSH001" {
			f.Location = report.Location{File: "hosts/web.nix", StartLine: 4, StartCol: 29, EndLine: 4, EndCol: 51, Via: "definition",
				Snippet:        "  services.openssh.settings.PasswordAuthentication = true; # «ça»",
				ValueStartLine: 4, ValueStartCol: 54, ValueEndLine: 4, ValueEndCol: 58}
			f.Edit = &report.Edit{File: "hosts/web.nix", StartLine: 4, StartCol: 54, EndLine: 4, EndCol: 58, Text: "false",
				Description: "replace the value of services.openssh.settings.PasswordAuthentication"}
		}
	}
	r.Findings = append(r.Findings,
		report.Finding{RuleID: rule.IgnoreID, Severity: rule.Low, Title: "Suppression comment is wrong", Path: "nixsec:ignore",
			Message:  "nixsec:ignore SSH009 has no reason (add: -- why this is acceptable); the finding is not suppressed",
			Location: report.Location{File: "hosts/web.nix", StartLine: 7, StartCol: 3, EndLine: 7, EndCol: 3, Via: "file", Snippet: "  # nixsec:ignore SSH009"}},
		report.Finding{RuleID: "ACME001", Severity: rule.Low, Title: "Company policy: no telnet", Host: "web", Path: "services.telnet.enable",
			Message: "telnet is on", Location: report.Location{File: "hosts/web.nix", StartLine: 12, StartCol: 3, EndLine: 12, EndCol: 25, Via: "definition", Snippet: "  services.telnet.enable = true;"},
			Baselined: true},
	)
	for i := range r.Findings {
		f := &r.Findings[i]
		f.Fingerprint = report.Fingerprint(f.RuleID, f.Host, f.Path, f.Message)
	}
	report.SortFindings(r.Findings)
	r.Errors = append(r.Errors, report.HostError{Host: "web", Path: "services.foo.bar", Rules: []string{"SVC001"}, Message: "error: attribute 'bar' missing\n\n  at /nix/store/x-source/nixos/modules/foo.nix:3:5"})
	return r
}

func sarifOf(t *testing.T, r *report.Report, version string) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := SARIF(&b, r, version); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestSARIFGolden(t *testing.T) {
	got := sarifOf(t, richReport(), "v1.2.3")
	golden(t, "report.sarif", got)
	if err := sarifcheck.Validate(sarifSchemaFile, got); err != nil {
		t.Fatal(err)
	}
}

func TestSARIFEmptyReport(t *testing.T) {
	got := sarifOf(t, &report.Report{Flake: ".", Hosts: []string{"web"}}, "dev")
	if err := sarifcheck.Validate(sarifSchemaFile, got); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(got, &doc); err != nil {
		t.Fatal(err)
	}
	run := doc["runs"].([]any)[0].(map[string]any)
	if res, ok := run["results"].([]any); !ok || len(res) != 0 {
		t.Errorf("results must be present and empty: %v", run["results"])
	}
	if run["automationDetails"].(map[string]any)["id"] != "nixsec/" {
		t.Errorf("automationDetails: %v", run["automationDetails"])
	}
	if _, ok := run["originalUriBaseIds"]; ok {
		t.Error("originalUriBaseIds without a root")
	}
	drv := run["tool"].(map[string]any)["driver"].(map[string]any)
	if _, ok := drv["semanticVersion"]; ok || drv["version"] != "dev" || drv["fullName"] != "nixsec dev" {
		t.Errorf("driver: %v", drv)
	}
}

func TestSARIFContent(t *testing.T) {
	var log sarifLog
	if err := json.Unmarshal(sarifOf(t, richReport(), "v1.2.3"), &log); err != nil {
		t.Fatal(err)
	}
	if len(log.Runs) != 1 {
		t.Fatalf("%d runs", len(log.Runs))
	}
	run := log.Runs[0]
	d := run.Tool.Driver
	if d.Version != "1.2.3" || d.SemanticVersion != "1.2.3" || d.InformationURI != sarifInfoURI {
		t.Errorf("driver %+v", d)
	}
	if run.ColumnKind != "unicodeCodePoints" || run.AutomationDetails.ID != "nixsec/examples/insecure/" {
		t.Errorf("run: columnKind %q, automation %+v", run.ColumnKind, run.AutomationDetails)
	}
	if got := run.OriginalURIBaseIDs[sarifSrcRoot].URI; got != "file:///work/flakes/my%20flake/" {
		t.Errorf("%%SRCROOT%% = %q", got)
	}
	rules := map[string]sarifRule{}
	for _, r := range d.Rules {
		rules[r.ID] = r
	}
	ssh := rules["SSH001"]
	if ssh.Name != "ssh-allows-password-authentication" || ssh.DefaultConfiguration.Level != "error" ||
		ssh.Properties.SecuritySeverity != "8.0" || strings.Join(ssh.Properties.Tags, ",") != "security,ssh" ||
		ssh.HelpURI != DocsBase+"SSH001.md" || !strings.Contains(ssh.Help.Markdown, "PasswordAuthentication = false") {
		t.Errorf("SSH001 rule: %+v", ssh)
	}
	if n := len([]rune(rules["FW001"].FullDescription.Text)); n != 1024 {
		t.Errorf("FW001 fullDescription has %d characters, want it cut to 1024", n)
	}
	if rules["ACME001"].HelpURI != "" {
		t.Errorf("a user policy has no published page: %q", rules["ACME001"].HelpURI)
	}
	if _, ok := rules[rule.IgnoreID]; !ok {
		t.Error("no rule entry for NIXSEC-IGNORE")
	}
	if _, ok := rules["KRN001"]; !ok {
		t.Error("every enabled rule is listed, with or without results")
	}
	var sawFix, sawSuppressed, sawBaselined bool
	for _, res := range run.Results {
		if d.Rules[res.RuleIndex].ID != res.RuleID {
			t.Errorf("ruleIndex %d is %s, not %s", res.RuleIndex, d.Rules[res.RuleIndex].ID, res.RuleID)
		}
		host, _ := res.Properties["host"].(string)
		if host != "" && !strings.HasPrefix(res.Message.Text, host+": ") {
			t.Errorf("message %q does not start with the host %q", res.Message.Text, host)
		}
		switch res.RuleID {
		case "SSH001":
			reg := res.Locations[0].PhysicalLocation.Region
			if reg.Snippet == nil || reg.Snippet.Text != "PasswordAuthentication" {
				t.Errorf("SSH001 region %+v", reg)
			}
			if len(res.Fixes) != 1 {
				t.Fatalf("SSH001 fixes %+v", res.Fixes)
			}
			rep := res.Fixes[0].ArtifactChanges[0].Replacements[0]
			if rep.InsertedContent.Text != "false" || rep.DeletedRegion.StartColumn != 54 || rep.DeletedRegion.EndColumn != 58 {
				t.Errorf("SSH001 fix %+v", rep)
			}
			sawFix = true
			if got := res.Locations[0].LogicalLocations[0].FullyQualifiedName; got != "nixosConfigurations.web.services.openssh.settings.PasswordAuthentication" {
				t.Errorf("logical location %q", got)
			}
		case "MAC001":
			if len(res.Suppressions) != 1 || res.Suppressions[0].Kind != "inSource" || res.Suppressions[0].Justification == "" {
				t.Errorf("MAC001 suppressions %+v", res.Suppressions)
			}
			sawSuppressed = true
		case "ACME001":
			sawBaselined = res.BaselineState == "unchanged"
		default:
			if res.Suppressions == nil || len(res.Suppressions) != 0 {
				t.Errorf("%s: suppressions must be [] when not suppressed", res.RuleID)
			}
		}
	}
	if !sawFix || !sawSuppressed || !sawBaselined {
		t.Errorf("fix %v, suppressed %v, baselined %v", sawFix, sawSuppressed, sawBaselined)
	}
	inv := run.Invocations[0]
	if inv.ExecutionSuccessful || inv.ExitCode != report.ExitError || len(inv.ToolExecutionNotifications) != 2 {
		t.Errorf("invocation %+v", inv)
	}
	for _, n := range inv.ToolExecutionNotifications {
		if n.Level != "error" || n.Descriptor.ID != "NIXSEC-EVAL" || n.Message.Text == "" {
			t.Errorf("notification %+v", n)
		}
	}
}

// The fingerprint ignores the line and the indentation, not the rule,
// host, option or the text of the line.
func TestSARIFFingerprint(t *testing.T) {
	f := richReport().Findings[0]
	base := sarifFingerprint(f)
	moved := f
	moved.Location.StartLine += 10
	moved.Location.Snippet = "\t\t" + strings.ReplaceAll(f.Location.Snippet, " ", "   ")
	if sarifFingerprint(moved) != base {
		t.Error("fingerprint depends on the line or whitespace")
	}
	other := f
	other.Host = "elsewhere"
	if sarifFingerprint(other) == base {
		t.Error("fingerprint ignores the host")
	}
}

// The conformance checker must catch what the writer must never produce.
func TestSARIFConformanceCatches(t *testing.T) {
	good := sarifOf(t, richReport(), "1.0.0")
	cases := map[string]func(run map[string]any){
		"columnKind": func(run map[string]any) { delete(run, "columnKind") },
		"ruleIndex": func(run map[string]any) {
			run["results"].([]any)[0].(map[string]any)["ruleIndex"] = 1000
		},
		"duplicate rule": func(run map[string]any) {
			drv := run["tool"].(map[string]any)["driver"].(map[string]any)
			drv["rules"] = append(drv["rules"].([]any), drv["rules"].([]any)[0])
		},
		"security-severity": func(run map[string]any) {
			rule := run["tool"].(map[string]any)["driver"].(map[string]any)["rules"].([]any)[0].(map[string]any)
			rule["properties"].(map[string]any)["security-severity"] = "11"
		},
		"store uri": func(run map[string]any) {
			loc := run["results"].([]any)[0].(map[string]any)["locations"].([]any)[0].(map[string]any)
			loc["physicalLocation"].(map[string]any)["artifactLocation"].(map[string]any)["uri"] = "/nix/store/abc-source/hosts/web.nix"
		},
		"dotdot uri": func(run map[string]any) {
			loc := run["results"].([]any)[0].(map[string]any)["locations"].([]any)[0].(map[string]any)
			loc["physicalLocation"].(map[string]any)["artifactLocation"].(map[string]any)["uri"] = "../other/web.nix"
		},
		"context region": func(run map[string]any) {
			pl := run["results"].([]any)[0].(map[string]any)["locations"].([]any)[0].(map[string]any)["physicalLocation"].(map[string]any)
			pl["contextRegion"] = pl["region"]
		},
		"column 0": func(run map[string]any) {
			loc := run["results"].([]any)[0].(map[string]any)["locations"].([]any)[0].(map[string]any)
			loc["physicalLocation"].(map[string]any)["region"].(map[string]any)["startColumn"] = 0
		},
	}
	for name, mutate := range cases {
		var doc map[string]any
		if err := json.Unmarshal(good, &doc); err != nil {
			t.Fatal(err)
		}
		mutate(doc["runs"].([]any)[0].(map[string]any))
		bad, _ := json.Marshal(doc)
		if sarifcheck.Validate(sarifSchemaFile, bad) == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestSARIFHelpers(t *testing.T) {
	for in, want := range map[string]string{".": "nixsec/", "./examples/insecure": "nixsec/examples/insecure/",
		"examples/insecure/": "nixsec/examples/insecure/", "github:org/repo#x": "nixsec/github:org/repo#x/"} {
		if got := automationID(in); got != want {
			t.Errorf("automationID(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"hosts/web.nix": "hosts/web.nix", "a b/c.nix": "a%20b/c.nix", "odd:name.nix": "./odd:name.nix"} {
		if got := artifactURI(in); got != want {
			t.Errorf("artifactURI(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]bool{"1.2.3": true, "0.0.0-20260101120000-abcdef123456": true, "1.2.3+dirty": true, "dev": false, "1.2": false} {
		if semverRe.MatchString(in) != want {
			t.Errorf("semver(%q) != %v", in, want)
		}
	}
	md := "# T\n\n- a\n- b\n\nline one\nline two\n\n```nix\nx = 1;\ny = 2;\n```\n"
	if got := reflow(md); got != "# T\n\n- a\n- b\n\nline one line two\n\n```nix\nx = 1;\ny = 2;\n```\n" {
		t.Errorf("reflow: %q", got)
	}
}

// A region that is the whole line has no contextRegion: it must be a
// proper superset (multitool SARIF1008).
func TestSARIFContextRegion(t *testing.T) {
	l := report.Location{File: "a.nix", StartLine: 2, StartCol: 1, EndLine: 2, EndCol: 6, Snippet: "x = 1"}
	if c := sarifContextFor(l); c != nil {
		t.Errorf("context %+v equals the region", c)
	}
	l.EndCol = 2
	if c := sarifContextFor(l); c == nil || c.EndColumn != 6 {
		t.Errorf("context %+v", c)
	}
}
