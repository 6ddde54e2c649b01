package main

// The GitHub Action (action.yml at the repository root). The slow tests
// run its composite steps as a runner does: each shell step's run: body
// with `bash --noprofile --norc -eo pipefail`, in GITHUB_WORKSPACE, its
// env: resolved from the inputs and the outputs of earlier steps, with a
// fresh GITHUB_OUTPUT and GITHUB_STEP_SUMMARY per step; `uses:` steps are
// checked, not run; a step after a failure runs only under always() or
// !cancelled(). The nixsec under test is the built binary (NIXSEC_BIN),
// with real nix, on a copy of the examples.

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"go.yaml.in/yaml/v3"

	"github.com/nixsec/nixsec/internal/testenv"
)

// actionYAML is the part of action.yml the tests read.
type actionYAML struct {
	Inputs map[string]struct {
		Description string  `yaml:"description"`
		Default     *string `yaml:"default"`
	} `yaml:"inputs"`
	Outputs map[string]struct {
		Value string `yaml:"value"`
	} `yaml:"outputs"`
	Runs struct {
		Using string       `yaml:"using"`
		Steps []actionStep `yaml:"steps"`
	} `yaml:"runs"`
}

type actionStep struct {
	Name  string            `yaml:"name"`
	ID    string            `yaml:"id"`
	If    string            `yaml:"if"`
	Shell string            `yaml:"shell"`
	Run   string            `yaml:"run"`
	Uses  string            `yaml:"uses"`
	Env   map[string]string `yaml:"env"`
	With  map[string]string `yaml:"with"`
}

// expression is a value that is one ${{ }} expression, and nothing else.
var expression = regexp.MustCompile(`^\$\{\{\s*(.*?)\s*\}\}$`)

// loadAction reads action.yml and checks what the runner does not: no
// expression inside a script (script injection), every input used, the
// SARIF upload fed by the run step's output and skipped without it, and a
// last step that runs always, to fail the job with the saved exit code.
func loadAction(t *testing.T) *actionYAML {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(repoRoot(t), "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var act actionYAML
	if err := yaml.Unmarshal(raw, &act); err != nil {
		t.Fatal(err)
	}
	if act.Runs.Using != "composite" || len(act.Runs.Steps) == 0 {
		t.Fatalf("runs: %+v", act.Runs)
	}
	runID := ""
	for i, s := range act.Runs.Steps {
		if (s.Run == "") == (s.Uses == "") {
			t.Errorf("step %d (%s): wants exactly one of run and uses", i, s.Name)
		}
		if s.Run != "" {
			if s.Shell != "bash" {
				t.Errorf("step %s: shell %q, want bash", s.Name, s.Shell)
			}
			if strings.Contains(s.Run, "${{") {
				t.Errorf("step %s: an expression in run: would be pasted into the script; pass it through env", s.Name)
			}
			if strings.Contains(s.Run, "scripts/action/run.sh") {
				runID = s.ID
			}
		}
		for k, v := range s.Env {
			if strings.Contains(v, "${{") && !expression.MatchString(v) {
				t.Errorf("step %s: env %s = %q: one expression, or none", s.Name, k, v)
			}
		}
	}
	if runID != "run" {
		// The tests read the outputs of the step with id "run".
		t.Fatalf("the step that runs scripts/action/run.sh has id %q, want run", runID)
	}
	for name, in := range act.Inputs {
		if in.Description == "" || in.Default == nil {
			t.Errorf("input %s: wants a description and a default", name)
		}
		if !strings.Contains(string(raw), "inputs."+name+" ") {
			t.Errorf("input %s is not used", name)
		}
	}
	for _, out := range []string{"exit-code", "json", "sarif"} {
		if got, want := act.Outputs[out].Value, "${{ steps."+runID+".outputs."+out+" }}"; got != want {
			t.Errorf("output %s = %q, want %q", out, got, want)
		}
	}
	uploads := 0
	for _, s := range act.Runs.Steps {
		if !strings.HasPrefix(s.Uses, "github/codeql-action/upload-sarif@") {
			continue
		}
		uploads++
		if got, want := s.With["sarif_file"], "${{ steps."+runID+".outputs.sarif }}"; got != want {
			t.Errorf("upload-sarif: sarif_file %q, want %q", got, want)
		}
		for _, cond := range []string{"!cancelled()", "inputs.upload-sarif == 'true'", "steps." + runID + ".outputs.sarif != ''"} {
			if !strings.Contains(s.If, cond) {
				t.Errorf("upload-sarif: if %q lacks %q", s.If, cond)
			}
		}
	}
	if uploads != 1 {
		t.Errorf("%d upload-sarif steps, want 1", uploads)
	}
	if last := act.Runs.Steps[len(act.Runs.Steps)-1]; last.Run == "" || !strings.Contains(last.If, "always()") {
		t.Errorf("the last step must be a shell step under always(): %+v", last)
	}
	return &act
}

// stepResult is what one step of the action did.
type stepResult struct {
	name, id        string
	ran             bool
	code            int
	stdout, stderr  string
	summary         string
	outputs         map[string]string
	uses            string
	with            map[string]string
	conditionPassed bool // for uses: steps, whether its if: holds
}

// actionRun is one run of the action.
type actionRun struct {
	steps       []stepResult
	tmp         string // RUNNER_TEMP
	outputs     map[string]map[string]string
	uploadSarif bool // the input upload-sarif
}

func (r *actionRun) step(t *testing.T, id string) stepResult {
	t.Helper()
	for _, s := range r.steps {
		if s.id == id {
			return s
		}
	}
	t.Fatalf("no step %q", id)
	return stepResult{}
}

// last is the final step: the gate.
func (r *actionRun) last() stepResult { return r.steps[len(r.steps)-1] }

// summary is every step's job summary, as GitHub shows them.
func (r *actionRun) summary() string {
	var b strings.Builder
	for _, s := range r.steps {
		b.WriteString(s.summary)
	}
	return b.String()
}

// runAction runs the action in the workspace ws with the given inputs
// (names as action.yml has them; the rest take their defaults) and the
// job's env (what a workflow sets in env:, e.g. NIXSEC_BIN).
func runAction(t *testing.T, act *actionYAML, ws string, inputs, jobEnv map[string]string) *actionRun {
	t.Helper()
	for k := range inputs {
		if _, ok := act.Inputs[k]; !ok {
			t.Fatalf("action.yml has no input %q", k)
		}
	}
	tmp := t.TempDir()
	r := &actionRun{tmp: tmp, outputs: map[string]map[string]string{}}
	eval := func(v string) string {
		m := expression.FindStringSubmatch(v)
		if m == nil {
			return v
		}
		e := m[1]
		if name, ok := strings.CutPrefix(e, "inputs."); ok {
			if v, ok := inputs[name]; ok {
				return v
			}
			if in, ok := act.Inputs[name]; ok && in.Default != nil {
				return *in.Default
			}
			t.Fatalf("no input %q", name)
		}
		if parts := strings.Split(e, "."); len(parts) == 4 && parts[0] == "steps" && parts[2] == "outputs" {
			return r.outputs[parts[1]][parts[3]]
		}
		switch e {
		case "github.action_ref", "github.action_repository":
			return "" // a local action (uses: ./) has neither
		}
		t.Fatalf("the test cannot evaluate ${{ %s }}", e)
		return ""
	}
	// What the runner sets; nothing of the test's own environment that
	// the action could mistake for its inputs.
	var base []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if !strings.HasPrefix(k, "GITHUB_") && !strings.HasPrefix(k, "RUNNER_") && !strings.HasPrefix(k, "INPUT_") && !strings.HasPrefix(k, "NIXSEC_") {
			base = append(base, kv)
		}
	}
	base = append(base, "CI=true", "GITHUB_ACTIONS=true", "GITHUB_WORKSPACE="+ws, "RUNNER_TEMP="+tmp,
		"GITHUB_ACTION_PATH="+repoRoot(t), "XDG_CACHE_HOME="+filepath.Join(tmp, "cache"))
	for k, v := range jobEnv {
		base = append(base, k+"="+v)
	}
	r.uploadSarif = eval("${{ inputs.upload-sarif }}") == "true"
	failed := false
	for i, s := range act.Runs.Steps {
		res := stepResult{name: s.Name, id: s.ID, uses: s.Uses}
		always := strings.Contains(s.If, "always()") || strings.Contains(s.If, "!cancelled()")
		if s.Uses != "" {
			res.with = map[string]string{}
			for k, v := range s.With {
				res.with[k] = eval(v)
			}
			// The one uses: step is the upload: its condition, as far as
			// it can hold in a test (never cancelled).
			res.conditionPassed = (!failed || always) && r.uploadSarif && r.outputs["run"]["sarif"] != ""
			r.steps = append(r.steps, res)
			continue
		}
		if failed && !always {
			r.steps = append(r.steps, res)
			continue
		}
		res.ran = true
		dir := filepath.Join(tmp, "step-"+strconv.Itoa(i))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		script, output, summary := filepath.Join(dir, "script.sh"), filepath.Join(dir, "output"), filepath.Join(dir, "summary")
		for _, f := range []string{output, summary} {
			if err := os.WriteFile(f, nil, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.WriteFile(script, []byte(s.Run), 0o644); err != nil {
			t.Fatal(err)
		}
		env := append(append([]string(nil), base...), "GITHUB_OUTPUT="+output, "GITHUB_STEP_SUMMARY="+summary)
		for k, v := range s.Env {
			env = append(env, k+"="+eval(v))
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
		cmd := exec.CommandContext(ctx, "bash", "--noprofile", "--norc", "-eo", "pipefail", script)
		cmd.Dir, cmd.Env = ws, env
		var stdout, stderr strings.Builder
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		cancel()
		res.stdout, res.stderr = stdout.String(), stderr.String()
		if ee, ok := err.(*exec.ExitError); ok {
			res.code = ee.ExitCode()
		} else if err != nil {
			t.Fatalf("step %q: %v", s.Name, err)
		}
		b, err := os.ReadFile(output)
		if err != nil {
			t.Fatal(err)
		}
		res.outputs = parseGitHubOutput(t, string(b))
		if s.ID != "" {
			r.outputs[s.ID] = res.outputs
		}
		b, err = os.ReadFile(summary)
		if err != nil {
			t.Fatal(err)
		}
		res.summary = string(b)
		if res.code != 0 {
			failed = true
		}
		r.steps = append(r.steps, res)
	}
	return r
}

// parseGitHubOutput reads a GITHUB_OUTPUT file as the runner does:
// NAME=VALUE lines, and NAME<<DELIMITER blocks.
func parseGitHubOutput(t *testing.T, s string) map[string]string {
	t.Helper()
	out := map[string]string{}
	lines := strings.Split(s, "\n")
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if l == "" {
			continue
		}
		eq, hd := strings.Index(l, "="), strings.Index(l, "<<")
		if eq >= 0 && (hd < 0 || eq < hd) {
			out[l[:eq]] = l[eq+1:]
			continue
		}
		if hd < 0 {
			t.Fatalf("GITHUB_OUTPUT: bad line %q", l)
		}
		name, delim := l[:hd], l[hd+2:]
		var val []string
		for i++; i < len(lines) && lines[i] != delim; i++ {
			val = append(val, lines[i])
		}
		if i == len(lines) {
			t.Fatalf("GITHUB_OUTPUT: %s: no closing %q", name, delim)
		}
		out[name] = strings.Join(val, "\n")
	}
	return out
}

// actionReport is the part of the JSON report the tests read.
type actionReport struct {
	Findings []struct {
		Rule        string          `json:"rule"`
		Host        string          `json:"host"`
		Message     string          `json:"message"`
		Severity    string          `json:"severity"`
		Fingerprint string          `json:"fingerprint"`
		Suppressed  json.RawMessage `json:"suppressed"`
		Baselined   bool            `json:"baselined"`
		Location    struct {
			File      string `json:"file"`
			StartLine int    `json:"startLine"`
		} `json:"location"`
	} `json:"findings"`
	Summary struct {
		Findings   int            `json:"findings"`
		BySeverity map[string]int `json:"bySeverity"`
		Errors     int            `json:"errors"`
		Baselined  int            `json:"baselined"`
		ExitCode   int            `json:"exitCode"`
	} `json:"summary"`
	Gate struct {
		Untrusted  bool     `json:"untrusted"`
		ConfigFile string   `json:"configFile"`
		FailOn     string   `json:"failOn"`
		Profile    string   `json:"profile"`
		Policies   []string `json:"policies"`
	} `json:"gate"`
}

func readActionReport(t *testing.T, file string) actionReport {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var rep actionReport
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return rep
}

// summaryTables splits the Markdown tables of a summary into rows of
// cells, raw (as written). A cell holds no raw "|": cell() escapes it.
func summaryTables(s string) [][]string {
	var rows [][]string
	for _, l := range strings.Split(s, "\n") {
		if !strings.HasPrefix(l, "| ") || !strings.HasSuffix(l, " |") {
			continue
		}
		cells := strings.Split(l, "|")
		cells = cells[1 : len(cells)-1]
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		rows = append(rows, cells)
	}
	return rows
}

// unescapeCell is what GitHub shows of a cell.
func unescapeCell(c string) string {
	return html.UnescapeString(strings.ReplaceAll(c, "<br>", "\n"))
}

// shown is how the summary shows s: control, format and separator
// characters as \uXXXX, the rest as it is.
func shown(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r != '\n' && unicode.In(r, unicode.Cc, unicode.Cf, unicode.Co, unicode.Cs, unicode.Zl, unicode.Zp) {
			fmt.Fprintf(&b, `\u%04X`, r)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// charRef is a numeric character reference, as summary.py writes them.
var charRef = regexp.MustCompile(`&#[0-9]+;`)

// inertCell fails on Markdown or HTML syntax left in a cell: the only
// markup summary.py writes itself is <br> and character references.
func inertCell(t *testing.T, what, c string) {
	t.Helper()
	raw := charRef.ReplaceAllString(strings.ReplaceAll(c, "<br>", ""), "")
	if i := strings.IndexAny(raw, "|<>`[]!*_\\$@~#:.&\n\r"); i >= 0 {
		t.Errorf("%s: cell %q: raw %q", what, c, raw[i])
	}
	for _, r := range raw {
		if r == '\u202e' || r == '\u2028' || r < 0x20 || r == 0x7f {
			t.Errorf("%s: cell %q: raw %U", what, c, r)
		}
	}
}

var annotationLine = regexp.MustCompile(`^::(error|warning|notice) [^:]*::`)

// checkRun checks what every run of the action on a flake without
// evaluation errors must give: the exit code saved and returned by the
// gate, the JSON and SARIF reports, annotations, a summary that agrees
// with the report. It returns the report.
func checkRun(t *testing.T, r *actionRun, wantCode int) actionReport {
	t.Helper()
	install, run := r.step(t, "install"), r.step(t, "run")
	if install.code != 0 || run.code != 0 {
		t.Fatalf("install exit %d, run exit %d (the run step defers the gate to the last step)\n%s\n%s", install.code, run.code, install.stderr, run.stderr)
	}
	if got := run.outputs["exit-code"]; got != strconv.Itoa(wantCode) {
		t.Errorf("output exit-code %q, want %d\nstderr:\n%s", got, wantCode, run.stderr)
	}
	if gate := r.last(); !gate.ran || gate.code != wantCode {
		t.Errorf("step %q: ran %v, exit %d, want %d", gate.name, gate.ran, gate.code, wantCode)
	}
	sarifFile := filepath.Join(r.tmp, "nixsec.sarif")
	if run.outputs["sarif"] != sarifFile {
		t.Errorf("output sarif %q, want %q", run.outputs["sarif"], sarifFile)
	}
	for _, s := range r.steps {
		if s.uses != "" && (s.conditionPassed != r.uploadSarif || s.with["sarif_file"] != sarifFile) {
			t.Errorf("upload-sarif: would run %v, sarif_file %q", s.conditionPassed, s.with["sarif_file"])
		}
	}
	b, err := os.ReadFile(sarifFile)
	if err != nil {
		t.Fatal(err)
	}
	var sarif struct {
		Runs []struct {
			Results []json.RawMessage `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(b, &sarif); err != nil || len(sarif.Runs) == 0 || sarif.Runs[0].Results == nil {
		t.Fatalf("SARIF: %v; runs[0].results missing", err)
	}
	rep := readActionReport(t, run.outputs["json"])
	if rep.Summary.ExitCode != wantCode {
		t.Errorf("report exitCode %d, want %d", rep.Summary.ExitCode, wantCode)
	}
	if (len(rep.Findings) == 0) != (len(sarif.Runs[0].Results) == 0) {
		t.Errorf("SARIF: %d results for %d findings", len(sarif.Runs[0].Results), len(rep.Findings))
	}

	// Annotations: one per counted finding and per error, a notice when
	// the gate's configuration changed, then nixsec's summary line;
	// nothing raw that the runner would take as a command.
	lines := strings.Split(strings.TrimSuffix(run.stdout, "\n"), "\n")
	annotations := 0
	for i, l := range lines {
		if strings.HasPrefix(l, "::notice title=nixsec gate::") {
			continue
		}
		if annotationLine.MatchString(l) {
			annotations++
		} else if i != len(lines)-1 {
			t.Errorf("stdout line %d is not an annotation: %q", i+1, l)
		}
	}
	if annotations != rep.Summary.Findings+rep.Summary.Errors {
		t.Errorf("%d annotations, want %d\n%s", annotations, rep.Summary.Findings, run.stdout)
	}
	if rep.Summary.Findings > 0 && !annotationLine.MatchString(lines[0]) {
		t.Errorf("stdout does not start with an annotation: %q", lines[0])
	}
	ours := func(l string) bool { return annotationLine.MatchString(l) }
	assertPrintable(t, "run stdout", run.stdout, ours)
	assertPrintable(t, "run stderr", run.stderr, ours)

	// The summary: the counts of the report, by severity and by host.
	sum := r.summary()
	rows := summaryTables(sum)
	sev := map[string]string{}
	for _, c := range rows {
		if len(c) == 2 {
			sev[c[0]] = c[1]
		}
	}
	for _, s := range []string{"critical", "high", "medium", "low", "info"} {
		if got, want := sev[s], strconv.Itoa(rep.Summary.BySeverity[s]); got != want {
			t.Errorf("summary: %s %q, want %s\n%s", s, got, want, sum)
		}
	}
	perHost := map[string]int{}
	for _, f := range rep.Findings {
		if f.Suppressed == nil && !f.Baselined {
			perHost[f.Host]++
		}
	}
	for h, n := range perHost {
		found := false
		for _, c := range rows {
			if len(c) == 7 && unescapeCell(c[0]) == shown(h) {
				found = c[1] == strconv.Itoa(n)
			}
		}
		if !found {
			t.Errorf("summary: no row host %q with %d findings\n%s", h, n, sum)
		}
	}
	// The findings table: at most 20 rows, highest severity first.
	rank := map[string]int{"critical": 0, "high": 1, "medium": 2, "low": 3, "info": 4}
	prev, top := -1, 0
	for _, c := range rows {
		if len(c) != 5 || c[0] == "severity" || c[0] == "---" {
			continue
		}
		top++
		if rank[c[0]] < prev {
			t.Errorf("summary: %s after a lower severity", c[0])
		}
		prev = rank[c[0]]
		for _, cell := range c {
			inertCell(t, "summary", cell)
		}
	}
	if want := min(rep.Summary.Findings, 20); top != want {
		t.Errorf("summary: %d finding rows, want %d\n%s", top, want, sum)
	}
	return rep
}

// findingRow is the summary's row for the finding of rule on host, as
// GitHub shows it; nil when there is none.
func findingRow(sum, rule, host string) []string {
	for _, c := range summaryTables(sum) {
		if len(c) == 5 && unescapeCell(c[1]) == rule && unescapeCell(c[2]) == shown(host) {
			out := make([]string, len(c))
			for i := range c {
				out[i] = unescapeCell(c[i])
			}
			return out
		}
	}
	return nil
}

func requirePython(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("python3"); err != nil {
		// The summary needs it, and GitHub's runners have it.
		t.Fatalf("python3 is required for the action's job summary: %v", err)
	}
}

// TestAction runs the action on the examples with the built nixsec.
// The subtests run in parallel: each run of the action has its own
// RUNNER_TEMP, outputs and cache; they share the workspace read-only
// (the hostile flake, which commits, has a workspace of its own).
func TestAction(t *testing.T) {
	testenv.Slow(t)
	testenv.RequireNix(t)
	requirePython(t)
	t.Parallel()
	act := loadAction(t)
	bin := buildNixsec(t)
	ws := workspace(t)
	job := map[string]string{"NIXSEC_BIN": bin}
	// direct is the JSON report of nixsec check run in the workspace: what
	// the action's one evaluation and three --from-json checks must equal.
	direct := func(t *testing.T, args ...string) actionReport {
		t.Helper()
		out := filepath.Join(t.TempDir(), "direct.json")
		cmd := exec.Command(bin, append([]string{"check", "--format", "json", "--output", out}, args...)...)
		cmd.Dir = ws
		cmd.Env = append(os.Environ(), "XDG_CACHE_HOME="+t.TempDir())
		if b, err := cmd.CombinedOutput(); err != nil {
			if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() > 1 {
				t.Fatalf("nixsec check %v: %v\n%s", args, err, b)
			}
		}
		return readActionReport(t, out)
	}
	sameFindings := func(t *testing.T, got, want actionReport) {
		t.Helper()
		g, _ := json.Marshal(got)
		w, _ := json.Marshal(want)
		if string(g) != string(w) {
			t.Errorf("the action's report differs from nixsec check's:\n got %s\nwant %s", g, w)
		}
	}

	t.Run("insecure", func(t *testing.T) {
		t.Parallel()
		start := time.Now()
		r := runAction(t, act, ws, map[string]string{"flake": "examples/insecure"}, job)
		t.Logf("action on examples/insecure: %v", time.Since(start).Round(time.Millisecond))
		rep := checkRun(t, r, 1)
		sameFindings(t, rep, direct(t, "examples/insecure"))
		var ssh001 []string
		for _, f := range rep.Findings {
			if f.Rule == "SSH001" && f.Host == "legacy" {
				ssh001 = []string{f.Severity, f.Rule, f.Host, filepath.ToSlash(filepath.Join("examples/insecure", f.Location.File)) + ":" + strconv.Itoa(f.Location.StartLine), f.Message}
			}
		}
		if ssh001 == nil {
			t.Fatal("no SSH001 finding on legacy in the report")
		}
		if got := findingRow(r.summary(), "SSH001", "legacy"); strings.Join(got, "\x00") != strings.Join(ssh001, "\x00") {
			t.Errorf("summary row of SSH001 legacy: %q, want %q", got, ssh001)
		}
	})

	t.Run("hardened", func(t *testing.T) {
		t.Parallel()
		r := runAction(t, act, ws, map[string]string{"flake": "examples/hardened", "profile": "paranoid"}, job)
		rep := checkRun(t, r, 0)
		if rep.Gate.Profile != "paranoid" {
			t.Errorf("gate profile %q, want paranoid", rep.Gate.Profile)
		}
		if !strings.Contains(r.summary(), "### nixsec: passed") {
			t.Errorf("summary:\n%s", r.summary())
		}
	})

	// Every input reaches nixsec: fail-on, untrusted, policies (one a
	// line, blank lines and CRLF ends ignored), baseline.
	t.Run("inputs", func(t *testing.T) {
		t.Parallel()
		r := runAction(t, act, ws, map[string]string{
			"flake": "examples/insecure", "untrusted": "true", "fail-on": "critical",
			"policy": "\n  examples/policies\r\n\n", "category": "nixsec-insecure",
		}, job)
		rep := checkRun(t, r, 1)
		sameFindings(t, rep, direct(t, "--untrusted", "--fail-on", "critical", "--policy", "examples/policies", "examples/insecure"))
		if !rep.Gate.Untrusted || rep.Gate.FailOn != "critical" || len(rep.Gate.Policies) != 1 {
			t.Errorf("gate %+v", rep.Gate)
		}
		if !strings.Contains(r.summary(), "untrusted") {
			t.Errorf("the summary does not say untrusted:\n%s", r.summary())
		}

		base := filepath.Join(t.TempDir(), "baseline.json")
		cmd := exec.Command(bin, "baseline", "examples/insecure")
		cmd.Dir = ws
		b, err := cmd.Output()
		if err != nil {
			t.Fatalf("nixsec baseline: %v", err)
		}
		if err := os.WriteFile(base, b, 0o644); err != nil {
			t.Fatal(err)
		}
		r = runAction(t, act, ws, map[string]string{"flake": "examples/insecure", "baseline": base, "upload-sarif": "false"}, job)
		rep = checkRun(t, r, 0)
		if rep.Summary.Baselined == 0 || !strings.Contains(r.summary(), "in the baseline") {
			t.Errorf("baselined %d; summary:\n%s", rep.Summary.Baselined, r.summary())
		}

		r = runAction(t, act, ws, map[string]string{"flake": "examples/insecure", "untrusted": "yes"}, job)
		if got := r.step(t, "run").outputs["exit-code"]; got != "2" || r.last().code != 2 {
			t.Errorf("untrusted: yes: exit-code %q, gate %d; want 2", got, r.last().code)
		}
	})

	// A config file beside a flake in a subdirectory: eval finds it
	// itself, check --from-json only when the action names it.
	t.Run("config beside the flake", func(t *testing.T) {
		t.Parallel()
		dir := filepath.Join(ws, "examples/insecure-network")
		cfg := "fail-on = \"high\"\n\n[rules]\ndisable = [\"FW006\"]\n"
		if err := os.WriteFile(filepath.Join(dir, ".nixsec.toml"), []byte(cfg), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Remove(filepath.Join(dir, ".nixsec.toml")) })
		r := runAction(t, act, ws, map[string]string{"flake": "examples/insecure-network"}, job)
		rep := checkRun(t, r, 1)
		want := direct(t, "examples/insecure-network")
		sameFindings(t, rep, want)
		if rep.Gate.ConfigFile == "" || rep.Gate.FailOn != "high" {
			t.Errorf("gate %+v: the config file was not read", rep.Gate)
		}
		for _, f := range rep.Findings {
			if f.Rule == "FW006" {
				t.Errorf("FW006 reported: the config file was not read")
				break
			}
		}
	})

	// Host names and messages a pull request controls: inert in the
	// summary, escaped in the annotations.
	t.Run("hostile flake", func(t *testing.T) {
		t.Parallel()
		host := "evil|<script>alert(1)</script>`x` [l](http://e.example) @admin $m$ \u202e"
		server := `9.9.9.9|<img src=x onerror=alert(1)>` + "`y`" + ` **b** ![i](http://e.example/i.png) ::error::pwned`
		ws := workspace(t) // testFlake commits: not in the shared workspace
		testFlake(t, ws, "action-hostile", `{
  outputs = { self }:
    let nixos = import ../../../examples/lib/nixos-system.nix; in
    {
      nixosConfigurations."`+host+`" = nixos.nixosSystem {
        modules = [
          ../../../examples/insecure/hosts/resolver.nix
          ({ lib, ... }: { networking.nameservers = lib.mkForce [ "127.0.0.1" "`+server+`" ]; })
        ];
      };
    };
}
`)
		r := runAction(t, act, ws, map[string]string{"flake": "testdata/flakes/action-hostile"}, job)
		checkRun(t, r, 1)
		sum := r.summary()
		row := findingRow(sum, "DNS002", host)
		if row == nil {
			t.Fatalf("no DNS002 row for the hostile host:\n%s", sum)
		}
		if row[3] != "examples/insecure/hosts/resolver.nix:21" && !strings.HasPrefix(row[3], "examples/insecure/hosts/resolver.nix:") {
			t.Errorf("location %q: want the module's path in the repository", row[3])
		}
		if !strings.Contains(row[4], "onerror=alert(1)") || !strings.Contains(row[4], "**b** ![i](http://e.example/i.png)") {
			t.Errorf("message %q lost the flake's text", row[4])
		}
		for _, c := range summaryTables(sum) {
			for _, cell := range c {
				if c[0] != "severity" && c[0] != "host" && c[0] != "---" {
					inertCell(t, "summary", cell)
				}
			}
		}
		if strings.Contains(sum, "<script") || strings.Contains(sum, "<img") || strings.ContainsRune(sum, '\u202e') {
			t.Errorf("raw markup in the summary:\n%s", sum)
		}
	})

	// Errors: a host that does not evaluate (a report with errors), and a
	// flake that does not exist (no report at all). Both fail the gate.
	t.Run("errors", func(t *testing.T) {
		t.Parallel()
		r := runAction(t, act, ws, map[string]string{"flake": "testdata/flakes/broken"}, job)
		run := r.step(t, "run")
		if run.code != 0 || run.outputs["exit-code"] != "2" || r.last().code != 2 {
			t.Errorf("broken: run exit %d, exit-code %q, gate %d", run.code, run.outputs["exit-code"], r.last().code)
		}
		if !strings.Contains(r.summary(), "Evaluation errors") || !strings.Contains(run.stdout, "::error title=nixsec evaluation::") {
			t.Errorf("broken: summary:\n%s\nstdout:\n%s", r.summary(), run.stdout)
		}
		assertPrintable(t, "broken stdout", run.stdout, func(l string) bool { return annotationLine.MatchString(l) })

		r = runAction(t, act, ws, map[string]string{"flake": "examples/does-not-exist"}, job)
		run = r.step(t, "run")
		if run.outputs["exit-code"] != "2" || r.last().code != 2 {
			t.Errorf("missing flake: exit-code %q, gate %d", run.outputs["exit-code"], r.last().code)
		}
		if _, ok := run.outputs["sarif"]; ok {
			t.Errorf("missing flake: a sarif output %q", run.outputs["sarif"])
		}
		for _, s := range r.steps {
			if s.uses != "" && s.conditionPassed {
				t.Error("missing flake: the SARIF upload would run without a file")
			}
		}
		if !strings.Contains(r.summary(), "could not evaluate the flake") {
			t.Errorf("missing flake: summary:\n%s", r.summary())
		}
	})

	// Without NIXSEC_BIN, on a local action (no action_ref), the install
	// step builds the action's checkout. A version that is no module query
	// fails the install; the gate still runs, and fails.
	t.Run("install", func(t *testing.T) {
		t.Parallel()
		r := runAction(t, act, ws, map[string]string{"flake": "examples/hardened"}, nil)
		checkRun(t, r, 0)
		if got, want := r.step(t, "install").outputs["bin"], filepath.Join(r.tmp, "nixsec-bin", "nixsec"); got != want {
			t.Errorf("bin %q, want %q", got, want)
		}

		r = runAction(t, act, ws, map[string]string{"flake": "examples/hardened", "version": "--help; echo pwned"}, nil)
		install := r.step(t, "install")
		if install.code == 0 || !strings.HasPrefix(install.stdout, "::error title=nixsec install::") {
			t.Errorf("install with a bad version: exit %d, stdout %q", install.code, install.stdout)
		}
		if r.step(t, "run").ran || !r.last().ran || r.last().code != 2 {
			t.Errorf("after a failed install: run ran %v, gate ran %v exit %d", r.step(t, "run").ran, r.last().ran, r.last().code)
		}
	})
}

// TestActionSummaryEscaping runs summary.py on a crafted report: every
// string of the flake is inert in the Markdown, and reads back as it was.
func TestActionSummaryEscaping(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		if testenv.SlowSelected() {
			t.Fatalf("python3 is required for the action's job summary: %v", err)
		}
		t.Skip("python3 is not on PATH")
	}
	evil := "a|b`c`<script>x</script>\n[l](http://e.example) ![i](x.png) *e* _u_ ~s~ $m$ @team #1 \\| &amp; \u202e\u2028\x1b[31m ::error::x"
	type finding map[string]any
	var findings []finding
	for i := range 25 {
		sev := []string{"info", "low", "medium", "high", "critical"}[i%5]
		findings = append(findings, finding{
			"rule": "ORG" + strconv.Itoa(i), "severity": sev, "host": evil, "message": evil,
			"location": map[string]any{"file": "hosts/" + evil + ".nix", "startLine": i + 1},
		})
	}
	findings = append(findings, finding{"rule": "SSH001", "severity": "critical", "host": "quiet", "message": "m",
		"suppressed": map[string]any{"kind": "inSource", "reason": "r"}})
	rep := map[string]any{
		"flake": evil, "hosts": []string{evil, "quiet"}, "findings": findings,
		"errors":  []any{map[string]any{"host": evil, "option": evil, "message": evil}},
		"summary": map[string]any{"findings": 25, "bySeverity": map[string]int{"critical": 5, "high": 5, "medium": 5, "low": 5, "info": 5}, "errors": 1, "suppressed": 1, "failOn": "low", "exitCode": 2},
	}
	b, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "report.json")
	if err := os.WriteFile(file, b, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("python3", filepath.Join(repoRoot(t), "scripts/action/summary.py"), "--exit-code=2", "--", file)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("summary.py: %v", err)
	}
	sum := string(out)
	if !strings.HasPrefix(sum, "### nixsec: error") {
		t.Errorf("heading: %q", strings.SplitN(sum, "\n", 2)[0])
	}
	for _, l := range strings.Split(sum, "\n") {
		for _, r := range l {
			if r < 0x20 || r == '\u202e' || r == '\u2028' {
				t.Errorf("raw %U in %q", r, l)
			}
		}
	}
	rows := summaryTables(sum)
	var top, hosts, errs int
	prev := "critical"
	order := map[string]int{"critical": 0, "high": 1, "medium": 2, "low": 3, "info": 4}
	for _, c := range rows {
		// A pipe that escaped would change the number of cells.
		if n := len(c); n != 2 && n != 3 && n != 5 && n != 7 {
			t.Errorf("a row of %d cells: %q", n, c)
		}
		for _, cell := range c {
			if c[0] != "severity" && c[0] != "host" && c[0] != "---" {
				inertCell(t, "summary", cell)
			}
		}
		switch {
		case len(c) == 5 && c[0] != "severity" && c[0] != "---":
			top++
			if order[c[0]] < order[prev] {
				t.Errorf("%s after %s", c[0], prev)
			}
			prev = c[0]
			if c[1] == "SSH001" {
				t.Error("a suppressed finding in the table")
			}
			// Cells read back as the flake wrote them, controls aside.
			want := shown(evil)
			if got := unescapeCell(c[2]); got != want {
				t.Errorf("host cell reads %q, want %q", got, want)
			}
			if got := unescapeCell(c[3]); !strings.HasPrefix(got, "hosts/"+want+".nix:") {
				t.Errorf("location cell reads %q", got)
			}
		case len(c) == 7 && c[0] != "host" && c[0] != "---":
			hosts++
		case len(c) == 3 && c[0] != "host" && c[0] != "---":
			errs++
		}
	}
	if top != 20 || hosts != 2 || errs != 1 {
		t.Errorf("%d finding rows (want 20), %d host rows (want 2), %d error rows (want 1)\n%s", top, hosts, errs, sum)
	}
	if !strings.Contains(sum, "Top 20 of 25 findings") || !strings.Contains(sum, "1 suppressed") {
		t.Errorf("summary:\n%s", sum)
	}
}

// TestActionShellcheck lints the action's scripts with shellcheck
// (apt-get install shellcheck; required in CI with the shells).
func TestActionShellcheck(t *testing.T) {
	sc := testenv.RequireProgram(t, "shellcheck", "NIXSEC_REQUIRE_SHELLS")
	root := repoRoot(t)
	files, err := filepath.Glob(filepath.Join(root, "scripts/action/*.sh"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no scripts: %v", err)
	}
	files = append(files, filepath.Join(root, "scripts/test-action.sh"))
	cmd := exec.Command(sc, append([]string{"-x"}, files...)...)
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("shellcheck: %v\n%s", err, out)
	}
}
