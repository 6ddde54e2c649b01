package main

// Tests of user policies: --policy, --data, --rule/--skip-rule, `nixsec
// policy test|check`, the example policies of examples/policies and the
// input document of docs/input.md.

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/nixsec/nixsec/evalbridge"
	"github.com/nixsec/nixsec/internal/testenv"
	"github.com/nixsec/nixsec/lint"
)

// policyArgs are the flags that load the example policies and their data
// from a workspace.
func policyArgs(ws string) []string {
	return []string{"--policy", filepath.Join(ws, "examples/policies"), "--data", filepath.Join(ws, "examples/policies/data.yaml")}
}

func orgFindings(fs []jsonFinding) []string {
	var out []string
	for _, f := range fs {
		if strings.HasPrefix(f.Rule, "ORG") {
			out = append(out, fmt.Sprintf("%s %s %s:%d %s", f.Rule, f.Host, f.Location.File, f.Location.StartLine, f.Option))
		}
	}
	sort.Strings(out)
	return out
}

// The three example policies on the example fleet, end to end with nix.
func TestExamplePolicies(t *testing.T) {
	testenv.Slow(t)
	testenv.RequireNix(t)
	t.Parallel()
	ws := workspace(t)
	fleet := filepath.Join(ws, "examples/policies/fleet")
	rep, r := checkJSON(t, append(policyArgs(ws), fleet)...)
	if r.code != 1 || len(rep.Errors) > 0 {
		t.Fatalf("exit %d, errors %+v\n%s", r.code, rep.Errors, r.stderr)
	}
	want := []string{
		"ORG001 build hosts/build.nix:16 users.users.contractor.openssh.authorizedKeys.keys",
		"ORG001 dev hosts/dev.nix:15 services.openssh.settings.AllowUsers",
		"ORG002 build hosts/build.nix:11 time.timeZone",
		"ORG002 dev hosts/dev.nix:9 time.timeZone",
		"ORG003 dev hosts/dev.nix:12 networking.firewall.interfaces.eth0.allowedTCPPorts",
	}
	if got := orgFindings(rep.Findings); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("ORG findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, f := range rep.Findings {
		if f.Rule == "ORG001" && f.Host == "build" && f.Severity != "high" {
			t.Errorf("ORG001 severity %q", f.Severity)
		}
	}
	// --rule keeps only them.
	only, r := checkJSON(t, append(policyArgs(ws), "--rule", "ORG*", fleet)...)
	if r.code != 1 || len(only.Findings) != len(want) {
		t.Errorf("--rule ORG*: exit %d, %d findings, want %d", r.code, len(only.Findings), len(want))
	}
	// Without the data nobody is on the allow-list and no host is tagged:
	// web's AllowUsers and build's port 8080 are findings now.
	bare, _ := checkJSON(t, "--policy", filepath.Join(ws, "examples/policies"), "--rule", "ORG*", fleet)
	got := strings.Join(orgFindings(bare.Findings), "\n")
	for _, w := range []string{"ORG001 web hosts/web.nix:8", "ORG003 build hosts/build.nix:8"} {
		if !strings.Contains(got, w) {
			t.Errorf("without --data: no %q in\n%s", w, got)
		}
	}
	// time.timeZone, an option no built-in rule reads, is evaluated for the
	// policy that declares it: on every host of another example too.
	multi, _ := checkJSON(t, append(policyArgs(ws), "--rule", "ORG002", filepath.Join(ws, "examples/multi-host"))...)
	if n := len(orgFindings(multi.Findings)); n != 4 {
		t.Errorf("ORG002 on multi-host: %d findings, want 4 (no host sets time.timeZone): %+v", n, multi.Findings)
	}
}

// A user rule gets the value of an option no built-in rule reads, and the
// option is not evaluated without it.
func TestPolicyOptionEvaluated(t *testing.T) {
	testenv.Slow(t)
	testenv.RequireNix(t)
	t.Parallel()
	ws := workspace(t)
	fleet := filepath.Join(ws, "examples/policies/fleet")
	zone := func(args ...string) (any, bool) {
		t.Helper()
		r := nixsec(t, append([]string{"eval", "--host", "build"}, append(args, fleet)...)...)
		if r.code != 0 {
			t.Fatalf("eval: exit %d\n%s", r.code, r.stderr)
		}
		var doc evalbridge.Document
		if err := jsonUnmarshal(r.stdout, &doc); err != nil {
			t.Fatal(err)
		}
		tm, ok := doc.Hosts[0].Config["time"].(map[string]any)
		if !ok {
			return nil, false
		}
		z, ok := tm["timeZone"]
		return z, ok
	}
	if z, ok := zone("--policy", filepath.Join(ws, "examples/policies")); !ok || z != "Europe/Berlin" {
		t.Errorf("time.timeZone with the policy: %v (present %v), want Europe/Berlin", z, ok)
	}
	if _, ok := zone(); ok {
		t.Errorf("time.timeZone evaluated without a rule that reads it")
	}
}

func TestPolicyTestCommand(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(repoRoot(t), "examples/policies")
	r := nixsec(t, "policy", "test", dir, "--data", filepath.Join(dir, "data.yaml"))
	pass := regexp.MustCompile(`(?m)^PASS  nixsec\.rules\.org\.org00[123]_test\.test_\w+ \(.+_test\.rego:\d+\)$`)
	n := len(pass.FindAllString(r.stdout, -1))
	if r.code != 0 || n < 15 || strings.Contains(r.stdout, "FAIL") || !strings.Contains(r.stdout, fmt.Sprintf("PASS: %d/%d", n, n)) {
		t.Fatalf("exit %d, %d PASS lines\n%s%s", r.code, n, r.stdout, r.stderr)
	}
	if c := nixsec(t, "policy", "check", dir); c.code != 0 || !strings.Contains(c.stdout, "3 rules (ORG001, ORG002, ORG003), 3 test files") {
		t.Errorf("policy check: exit %d\n%s%s", c.code, c.stdout, c.stderr)
	}
	// A failing test: exit 1, its name and the line of the expression that failed.
	bad := t.TempDir()
	copyTree(t, dir, bad)
	edit(t, filepath.Join(bad, "org002_test.rego"), `count(org002.deny) == 0 with input as _host("UTC")`, `count(org002.deny) == 1 with input as _host("UTC")`)
	r = nixsec(t, "policy", "test", bad)
	failAt := filepath.Join(bad, "org002_test.rego") + ":8: the test fails here (the test starts at line 7)"
	if r.code != 1 || !strings.Contains(r.stdout, "FAIL  nixsec.rules.org.org002_test.test_utc_passes\n      "+failAt) || !strings.Contains(r.stdout, "FAIL: 1/") {
		t.Errorf("failing test: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// --run picks tests; no match is an error.
	if r := nixsec(t, "policy", "test", "--run", "org003_test.test_range", dir); r.code != 0 || !strings.Contains(r.stdout, "PASS: 1/1") {
		t.Errorf("--run: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := nixsec(t, "policy", "test", "--run", "nomatch", dir); r.code != 2 || !strings.Contains(r.stderr, "no test matches") {
		t.Errorf("--run nomatch: exit %d\n%s", r.code, r.stderr)
	}
	// Directories come from the config file when none is given.
	cfgDir := t.TempDir()
	_ = os.WriteFile(filepath.Join(cfgDir, ".nixsec.toml"), []byte(fmt.Sprintf("policies = [%q]\ndata = [%q]\n", dir, filepath.Join(dir, "data.yaml"))), 0o644)
	if r := nixsec(t, "policy", "test", "--config", filepath.Join(cfgDir, ".nixsec.toml")); r.code != 0 {
		t.Errorf("from the config: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, args := range [][]string{{"policy"}, {"policy", "run"}, {"policy", "test", "/nonexistent"}, {"policy", "test", t.TempDir()}} {
		if r := nixsec(t, args...); r.code != 2 {
			t.Errorf("%v: exit %d, want 2\n%s%s", args, r.code, r.stdout, r.stderr)
		}
	}
}

// Each broken policy fails `policy check` and `check` with exit 2 and the
// file and line.
func TestBadPolicies(t *testing.T) {
	t.Parallel()
	meta := func(custom, body string) string {
		return "# METADATA\n# title: an organisation rule\n# custom:\n" + custom + "#   options: [time.timeZone]\npackage nixsec.rules.org.bad\n\n" + body
	}
	okBody := "deny contains {\"path\": \"time.timeZone\", \"msg\": \"m\"} if input.config.time.timeZone == \"x\"\n"
	cases := []struct {
		name, text, want string
	}{
		{"missing id", meta("#   severity: low\n", okBody), "bad.rego:1: METADATA lacks custom.id"},
		{"duplicate built-in id", meta("#   id: SSH001\n#   severity: low\n", okBody), "bad.rego:1: rule id SSH001 is already used by builtin:ssh/ssh001.rego:1"},
		{"reserved prefix", meta("#   id: FW900\n#   severity: low\n", okBody), "bad.rego:1: rule id FW900: the prefix FW is reserved"},
		{"unknown severity", meta("#   id: ORG900\n#   severity: urgent\n", okBody), `bad.rego:1: custom.severity: unknown severity "urgent"`},
		{"syntax error", meta("#   id: ORG900\n#   severity: low\n", "deny contains v if {\n\tv := \n}\n"), "bad.rego:11: unexpected } token"},
		{"forbidden builtin", meta("#   id: ORG900\n#   severity: low\n", "deny contains {\"path\": \"time.timeZone\", \"msg\": \"m\"} if {\n\thttp.send({\"method\": \"get\", \"url\": \"https://example.org\"}).status_code == 200\n}\n"), "bad.rego:10: undefined function http.send (nixsec policies cannot use it: network)"},
	}
	// `check` needs nix; `policy check` and `policy test` do not.
	haveNix := false
	ws := ""
	if testenv.SlowSelected() {
		if _, ok := testenv.HaveNix(t); ok {
			haveNix, ws = true, workspace(t)
		}
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel() // the cases only read the workspace
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "bad.rego"), []byte(c.text), 0o644); err != nil {
				t.Fatal(err)
			}
			runs := [][]string{{"policy", "check", dir}, {"policy", "test", dir}}
			if haveNix {
				runs = append(runs, []string{"check", "--policy", dir, filepath.Join(ws, "examples/hardened")})
			}
			for _, args := range runs {
				r := nixsec(t, args...)
				if r.code != 2 || !strings.Contains(r.stderr, filepath.Join(dir, c.want)) {
					t.Errorf("%s: exit %d, want 2 and %q\n%s%s", args[0]+" "+args[1], r.code, c.want, r.stdout, r.stderr)
				}
			}
		})
	}
}

func TestDataFlag(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a := filepath.Join(dir, "a.yaml")
	b := filepath.Join(dir, "b.json")
	_ = os.WriteFile(a, []byte("hosts:\n  dev:\n    tags: [internal]\n"), 0o644)
	_ = os.WriteFile(b, []byte(`{"hosts": {"dev": {"tags": ["port-8080"]}}}`), 0o644)
	pol := filepath.Join(repoRoot(t), "examples/policies")
	r := nixsec(t, "policy", "test", pol, "--data", a, "--data", b)
	if r.code != 2 || !strings.Contains(r.stderr, "key hosts.dev.tags is set in both "+a+" and "+b) {
		t.Errorf("conflict: exit %d\n%s", r.code, r.stderr)
	}
	// The tests set their own data with `with`: the mounted data does not
	// change their outcome.
	if r := nixsec(t, "policy", "test", pol, "--data", a); r.code != 0 {
		t.Errorf("with a.yaml: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// --rule and --skip-rule on check, eval and baseline.
func TestRuleSelection(t *testing.T) {
	testenv.Slow(t)
	testenv.RequireNix(t)
	t.Parallel()
	ws := workspace(t)
	flake := filepath.Join(ws, "examples/multi-host")
	rep, r := checkJSON(t, "--rule", "SSH*", "--skip-rule", "SSH008", flake)
	if r.code != 1 || len(rep.Findings) == 0 {
		t.Fatalf("exit %d, %d findings\n%s", r.code, len(rep.Findings), r.stderr)
	}
	for _, f := range rep.Findings {
		if !strings.HasPrefix(f.Rule, "SSH") || f.Rule == "SSH008" {
			t.Errorf("--rule SSH* --skip-rule SSH008: %s", f.Rule)
		}
	}
	skip, _ := checkJSON(t, "--skip-rule", "SSH*", flake)
	for _, f := range skip.Findings {
		if strings.HasPrefix(f.Rule, "SSH") {
			t.Errorf("--skip-rule SSH*: %s", f.Rule)
		}
	}
	ev := nixsec(t, "eval", "--rule", "FW001", flake)
	var doc evalbridge.Document
	if ev.code != 0 || jsonUnmarshal(ev.stdout, &doc) != nil {
		t.Fatalf("eval: exit %d\n%s", ev.code, ev.stderr)
	}
	for _, h := range doc.Hosts {
		if len(h.Config) != 1 || h.Config["networking"] == nil {
			t.Errorf("eval --rule FW001: host %s evaluated %v", h.Host, h.Config)
		}
	}
	bl := nixsec(t, "baseline", "--rule", "MAC001", flake)
	if bl.code != 0 || !strings.Contains(bl.stdout, `"MAC001"`) || strings.Contains(bl.stdout, `"SSH001"`) {
		t.Errorf("baseline --rule MAC001: exit %d\n%s%s", bl.code, bl.stdout, bl.stderr)
	}
	for _, cmd := range []string{"check", "eval", "baseline"} {
		r := nixsec(t, cmd, "--rule", "NOPE*", flake)
		if r.code != 2 || !strings.Contains(r.stderr, "--rule NOPE*: matches no rule") {
			t.Errorf("%s --rule NOPE*: exit %d\n%s", cmd, r.code, r.stderr)
		}
	}
}

// docs/input.md documents the input document's top-level keys: exactly
// the keys lint.Input produces.
func TestInputDocumented(t *testing.T) {
	f, err := os.Open(filepath.Join(repoRoot(t), "docs/input.md"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var documented []string
	in := false
	row := regexp.MustCompile("^\\| `([a-z]+)` \\|")
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") {
			in = strings.HasPrefix(line, "## Top-level keys")
			continue
		}
		if m := row.FindStringSubmatch(line); in && m != nil {
			documented = append(documented, m[1])
		}
	}
	doc := &evalbridge.Document{}
	var actual []string
	for k := range lint.Input(doc, evalbridge.HostEval{Host: "web"}, time.Unix(0, 0)) {
		actual = append(actual, k)
	}
	sort.Strings(documented)
	sort.Strings(actual)
	if strings.Join(documented, " ") != strings.Join(actual, " ") {
		t.Errorf("docs/input.md documents %v; lint.Input produces %v", documented, actual)
	}
}
