package main

import (
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/nixsec/nixsec/compliance"
	"github.com/nixsec/nixsec/internal/testenv"
	"github.com/nixsec/nixsec/lint"
	"github.com/nixsec/nixsec/rule"
)

// cklFile is the part of a STIG Viewer checklist the tests read.
type cklFile struct {
	XMLName xml.Name `xml:"CHECKLIST"`
	Asset   struct {
		HostName string `xml:"HOST_NAME"`
	} `xml:"ASSET"`
	STIGs []struct {
		Info  []cklSI `xml:"STIG_INFO>SI_DATA"`
		Vulns []struct {
			Data []struct {
				Attr  string `xml:"VULN_ATTRIBUTE"`
				Value string `xml:"ATTRIBUTE_DATA"`
			} `xml:"STIG_DATA"`
			Status  string `xml:"STATUS"`
			Details string `xml:"FINDING_DETAILS"`
		} `xml:"VULN"`
	} `xml:"STIGS>iSTIG"`
}

type cklSI struct {
	Name string `xml:"SID_NAME"`
	Data string `xml:"SID_DATA"`
}

// TestSTIGExample (real nix): examples/stig under --framework stig. The
// compliant host has no finding; every control the configuration decides
// (fully or partly) fails on the failing host, or on legacy for the three
// that exclude others, each finding at a line;
// `report --format ckl` writes one checklist per host, each with all 103
// controls, statuses agreeing with the findings.
func TestSTIGExample(t *testing.T) {
	testenv.Slow(t)
	testenv.RequireNix(t)
	t.Parallel()
	ws := workspace(t)
	flake := filepath.Join(ws, "examples", "stig")
	f, err := compliance.Get("stig")
	if err != nil {
		t.Fatal(err)
	}
	rep, r := checkJSON(t, "--framework", "stig", "--now", "2026-11-01", flake)
	if len(rep.Errors) > 0 {
		t.Fatalf("evaluation errors: %+v", rep.Errors)
	}
	if r.code != 1 {
		t.Errorf("exit %d, want 1", r.code)
	}
	var tagged struct {
		Findings []struct {
			Rule       string              `json:"rule"`
			Frameworks map[string][]string `json:"frameworks"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &tagged); err != nil {
		t.Fatal(err)
	}
	failed := map[string]map[string][]string{"failing": {}, "legacy": {}} // host -> control -> rules
	for i, fd := range rep.Findings {
		if fd.Host == "compliant" {
			t.Errorf("the compliant host has a finding: %+v", fd)
			continue
		}
		if fd.Location.StartLine == 0 || fd.Location.File == "" {
			t.Errorf("%s %s: no line: %+v", fd.Rule, fd.Option, fd.Location)
		}
		cs := f.ControlsOf(fd.Rule)
		if len(cs) == 0 {
			t.Errorf("%s is not a STIG rule", fd.Rule)
		}
		var ids []string
		for _, c := range cs {
			ids = append(ids, c.ID)
			failed[fd.Host][c.ID] = append(failed[fd.Host][c.ID], fd.Rule)
		}
		if got := tagged.Findings[i].Frameworks["stig"]; !slices.Equal(got, ids) {
			t.Errorf("%s: tagged %v, want %v", fd.Rule, got, ids)
		}
	}
	// What the failing host cannot also fail, legacy does: sshd off
	// (V-268159) would make the SSH controls not applicable, timesyncd off
	// (V-268151) V-268149/150, and a release out of support (V-268180)
	// changes the modules.
	onLegacy := []string{"V-268151", "V-268159", "V-268180"}
	for _, c := range f.Controls {
		host := "failing"
		if slices.Contains(onLegacy, c.ID) {
			host = "legacy"
		}
		if c.Verdict != compliance.Manual && failed[host][c.ID] == nil {
			t.Errorf("%s (%s, rules %v) does not fail on %s", c.ID, c.Verdict, c.Rules, host)
		}
	}

	dir := t.TempDir()
	r = nixsec(t, "report", "--framework", "stig", "--format", "ckl", "--output", dir, "--now", "2026-11-01", flake)
	if r.code != 1 {
		t.Fatalf("report --format ckl: exit %d\n%s", r.code, r.stderr)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	if len(files) != 3 {
		t.Fatalf("checklists %v, want compliant.ckl, failing.ckl and legacy.ckl", files)
	}
	for _, host := range []string{"compliant", "failing", "legacy"} {
		b, err := os.ReadFile(filepath.Join(dir, host+".ckl"))
		if err != nil {
			t.Fatal(err)
		}
		var ckl cklFile
		if err := xml.Unmarshal(b, &ckl); err != nil {
			t.Fatalf("%s.ckl: %v", host, err)
		}
		if ckl.Asset.HostName != host || len(ckl.STIGs) != 1 {
			t.Fatalf("%s.ckl: host %q, %d iSTIG", host, ckl.Asset.HostName, len(ckl.STIGs))
		}
		vulns := ckl.STIGs[0].Vulns
		if len(vulns) != 103 {
			t.Errorf("%s.ckl: %d VULN, want 103", host, len(vulns))
		}
		for _, v := range vulns {
			attr := map[string]string{}
			for _, d := range v.Data {
				attr[d.Attr] = d.Value
			}
			c := f.Control(attr["Vuln_Num"])
			if c == nil {
				t.Errorf("%s.ckl: unknown Vuln_Num %q", host, attr["Vuln_Num"])
				continue
			}
			if attr["Rule_ID"] != c.RuleID || attr["Severity"] != compliance.CKLSeverity(c.Category) {
				t.Errorf("%s.ckl %s: Rule_ID %q, Severity %q", host, c.ID, attr["Rule_ID"], attr["Severity"])
			}
			// Open exactly where the check found something; elsewhere the
			// verdict decides, but for controls not applicable to the host.
			want := []string{"NotAFinding"}
			switch {
			case failed[host][c.ID] != nil:
				want = []string{"Open"}
			case c.Verdict == compliance.Manual:
				want = []string{"Not_Reviewed"}
			case host == "compliant" && (c.ID == "V-268084" || c.ID == "V-268086"):
				want = []string{"Not_Applicable"} // no display: no graphical banner or lock
			case host == "compliant":
				if c.Verdict == compliance.Partly {
					want = []string{"Not_Reviewed"}
				}
			case c.Verdict == compliance.Partly:
				want = []string{"Not_Reviewed", "Not_Applicable"}
			default:
				want = []string{"NotAFinding", "Not_Applicable"}
			}
			if !slices.Contains(want, v.Status) {
				t.Errorf("%s.ckl %s (%s): %s, want %v; details %q", host, c.ID, c.Verdict, v.Status, want, v.Details)
			}
			if v.Status == "Not_Applicable" && v.Details == "" {
				t.Errorf("%s.ckl %s: not applicable without a reason", host, c.ID)
			}
			if rules := failed[host][c.ID]; rules != nil && !strings.Contains(v.Details, rules[0]) {
				t.Errorf("%s.ckl %s: FINDING_DETAILS %q does not name %s", host, c.ID, v.Details, rules[0])
			}
		}
	}
}

// A link committed in the checkout does not redirect report output: not
// the --output directory of checklists, not a link to another directory
// above it, not the --output file.
func TestReportOutputRefusesLinks(t *testing.T) {
	dir := t.TempDir()
	victim := filepath.Join(dir, "victim")
	if err := os.Mkdir(victim, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	for _, link := range []string{"out", "up"} {
		if err := os.Symlink(victim, link); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join(victim, "x.html"), "report.html"); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"out", "up/sub"} {
		if err := noSymlinks(p); err == nil || !strings.Contains(err.Error(), "symbolic link") {
			t.Errorf("noSymlinks(%s) = %v", p, err)
		}
	}
	if _, _, _, err := openOutput("report.html", nil); err == nil {
		t.Error("openOutput wrote through report.html -> victim/x.html")
	}
	if err := writeChecklists(&compliance.Checklist{}, "out"); err == nil {
		t.Error("writeChecklists wrote into out -> victim")
	}
	if err := noSymlinks("new/dir"); err != nil {
		t.Errorf("a directory to create: %v", err)
	}
	if entries, _ := os.ReadDir(victim); len(entries) > 0 {
		t.Errorf("written into the link's target: %v", entries)
	}
}

// Under --framework a repository's fail-on cannot let CAT II and III
// failures pass the gate; the command line's --fail-on still rules.
func TestFrameworkIgnoresConfigFailOn(t *testing.T) {
	for _, c := range []struct {
		framework, flag string
		want            rule.Severity
	}{{"stig", "", rule.Low}, {"", "", rule.Critical}, {"stig", "high", rule.High}} {
		fs := newFlagSet("report", "")
		failOn := fs.String("fail-on", "low", "")
		var args []string
		if c.flag != "" {
			args = []string{"--fail-on", c.flag}
		}
		if err := fs.Parse(args); err != nil {
			t.Fatal(err)
		}
		cfg := lint.Config{File: &lint.FileConfig{FailOn: "critical"}, Select: lint.Selection{Framework: c.framework}}
		if err := applyFailOn(fs, &cfg, *failOn); err != nil {
			t.Fatal(err)
		}
		if cfg.Gate.FailOn != c.want {
			t.Errorf("framework %q, --fail-on %q: %s, want %s", c.framework, c.flag, cfg.Gate.FailOn, c.want)
		}
	}
}
