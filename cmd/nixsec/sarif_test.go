package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nixsec/nixsec/internal/sarifcheck"
	"github.com/nixsec/nixsec/internal/testenv"
)

// check --format sarif on the insecure example: valid against the
// official schema and the conformance rules, the same findings as the
// JSON report, and the same exit code.
func TestSARIFInsecureExample(t *testing.T) {
	testenv.Slow(t)
	testenv.RequireNix(t)
	t.Parallel()
	ws := workspace(t)
	flake := filepath.Join(ws, "examples/insecure")
	r := nixsec(t, "check", "--format", "sarif", flake)
	if r.code != 1 {
		t.Fatalf("exit %d, want 1\n%s", r.code, r.stderr)
	}
	if err := sarifcheck.Validate(filepath.Join(repoRoot(t), "format/testdata/sarif-schema-2.1.0.json"), []byte(r.stdout)); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	var log struct {
		Runs []struct {
			OriginalURIBaseIDs map[string]struct {
				URI string `json:"uri"`
			} `json:"originalUriBaseIds"`
			Invocations []struct {
				ExecutionSuccessful bool `json:"executionSuccessful"`
				ExitCode            int  `json:"exitCode"`
			} `json:"invocations"`
			Results []struct {
				RuleID    string                `json:"ruleId"`
				Message   struct{ Text string } `json:"message"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
						Region struct {
							StartLine int `json:"startLine"`
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
				Fixes []json.RawMessage `json:"fixes"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	// The flake is a subdirectory of a git repository: %SRCROOT% is the
	// repository (GitHub reads relative URIs against it) and URIs carry the
	// flake's directory.
	if got := run.OriginalURIBaseIDs["%SRCROOT%"].URI; got != "file://"+filepath.ToSlash(ws)+"/" {
		t.Errorf("%%SRCROOT%% = %q, want the repository %s", got, ws)
	}
	if inv := run.Invocations[0]; !inv.ExecutionSuccessful || inv.ExitCode != 1 {
		t.Errorf("invocation %+v", inv)
	}
	rep, _ := checkJSON(t, flake)
	if len(run.Results) != len(rep.Findings) {
		t.Fatalf("%d results, %d findings", len(run.Results), len(rep.Findings))
	}
	fixes := 0
	for i, res := range run.Results {
		f := rep.Findings[i]
		loc := res.Locations[0].PhysicalLocation
		if res.RuleID != f.Rule || loc.ArtifactLocation.URI != "examples/insecure/"+f.Location.File || loc.Region.StartLine != f.Location.StartLine ||
			!strings.HasPrefix(res.Message.Text, f.Host+": ") {
			t.Errorf("result %d %+v does not match finding %+v", i, res, f)
		}
		fixes += len(res.Fixes)
	}
	if fixes == 0 {
		t.Error("no result carries a fix (SSH001 on legacy is a plain boolean definition)")
	}
}

// The github format: one workflow command per finding, then the summary.
func TestGitHubInsecureExample(t *testing.T) {
	testenv.Slow(t)
	testenv.RequireNix(t)
	t.Parallel()
	ws := workspace(t)
	flake := filepath.Join(ws, "examples/insecure")
	r := nixsec(t, "check", "--format", "github", flake)
	rep, _ := checkJSON(t, flake)
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if r.code != 1 || len(lines) != len(rep.Findings)+1 {
		t.Fatalf("exit %d, %d lines for %d findings\n%s", r.code, len(lines), len(rep.Findings), r.stdout)
	}
	for _, l := range lines[:len(lines)-1] {
		if !strings.HasPrefix(l, "::error file=") && !strings.HasPrefix(l, "::warning file=") && !strings.HasPrefix(l, "::notice file=") {
			t.Errorf("not a workflow command: %s", l)
		}
	}
	if q := nixsec(t, "check", "--quiet", "--no-color", flake); q.code != 1 || strings.Count(q.stdout, "\n") > len(rep.Findings) || strings.Contains(q.stdout, "===") {
		t.Errorf("--quiet: exit %d\n%s", q.code, q.stdout)
	}
}
