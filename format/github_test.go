package format

import (
	"bytes"
	"strings"
	"testing"

	"github.com/nixsec/nixsec/report"
	"github.com/nixsec/nixsec/rule"
)

func TestGitHubGolden(t *testing.T) {
	var b bytes.Buffer
	if err := GitHub(&b, richReport()); err != nil {
		t.Fatal(err)
	}
	golden(t, "report.github.txt", b.Bytes())
}

// Characters the runner would read as syntax are escaped: % \r \n in
// the message, and also : and , in properties.
func TestGitHubEscaping(t *testing.T) {
	r := &report.Report{
		Flake: ".", Hosts: []string{"web"}, FailOn: rule.Low,
		Findings: []report.Finding{{
			RuleID: "SSH001", Severity: rule.High, Host: "web", Path: "services.openssh.settings.PasswordAuthentication",
			Message:  "100% sure:\r\nline two, with a comma\rthree",
			Location: report.Location{File: "hosts/odd:name,1.nix", StartLine: 3, StartCol: 5, EndLine: 3, EndCol: 9},
		}, {
			RuleID: "MIN001", Severity: rule.Info, Host: "web", Path: "environment.defaultPackages", Message: "info only",
			Location: report.Location{File: "flake.nix", StartLine: 2, StartCol: 1, EndLine: 4, EndCol: 2},
		}},
		Errors: []report.HostError{{Host: "db", Message: "error: 50% of\nthe build: failed"}},
	}
	var b bytes.Buffer
	if err := GitHub(&b, r); err != nil {
		t.Fatal(err)
	}
	golden(t, "escaping.github.txt", b.Bytes())
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != 4 {
		t.Fatalf("want 2 annotations, 1 error and the summary:\n%s", b.String())
	}
	// \r\n is a line break; a \r alone is shown, not sent.
	want := "::error file=hosts/odd%3Aname%2C1.nix,line=3,col=5,endLine=3,endColumn=8,title=SSH001 web::100%25 sure:%0Aline two, with a comma\\rthree"
	if lines[0] != want {
		t.Errorf("got  %s\nwant %s", lines[0], want)
	}
	if !strings.HasPrefix(lines[1], "::notice file=flake.nix,line=2,endLine=4,title=MIN001 web::") {
		t.Errorf("info, over several lines: %s", lines[1])
	}
	if lines[2] != "::error title=nixsec evaluation::db: error: 50%25 of%0Athe build: failed" {
		t.Errorf("error: %s", lines[2])
	}
}

func TestGitHubHelpers(t *testing.T) {
	if got := escapeProperty("a:b,c%d\r\n"); got != "a%3Ab%2Cc%25d%0D%0A" {
		t.Error(got)
	}
	if got := escapeData("a:b,c%d\r\n"); got != "a:b,c%25d%0D%0A" {
		t.Error(got)
	}
	for s, want := range map[rule.Severity]string{rule.Critical: "error", rule.High: "error", rule.Medium: "warning", rule.Low: "warning", rule.Info: "notice"} {
		if githubLevel(s) != want {
			t.Errorf("%s -> %s", s, githubLevel(s))
		}
	}
}
