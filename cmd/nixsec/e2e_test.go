package main

// End-to-end tests: the real nixsec command on real flakes, evaluated by
// the real nix (no mock). They are slow tests: they run only with
// NIXSEC_SLOW=1 (scripts/test.sh sets it). Without nix they skip, unless
// NIXSEC_REQUIRE_NIX=1 (CI), where a missing nix fails them. Both
// decisions are internal/testenv's.
//
// Most call t.Parallel (go test then runs them two at a time on two
// cores, after every serial test): each works in a workspace of its own.
// A test stays serial when it sets the environment (t.Setenv, e.g. its
// own XDG_CACHE_HOME), changes a package variable (isTerminal, panicHook),
// asserts how long something takes or when to signal, or compares the
// nix store or the process table before and after a run (the guard of
// robust_test.go): serial tests never run beside another test.

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/nixsec/nixsec/internal/testenv"
)

// repoRoot is the checkout this test runs in.
func repoRoot(t testing.TB) string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// workspace copies examples/ and testdata/flakes/ into a fresh git
// repository, so that flakes evaluate the same whether or not the
// developer has committed them, and nix never writes into the checkout.
// It returns the copy's root.
func workspace(t testing.TB) string {
	t.Helper()
	dst := t.TempDir()
	for _, dir := range []string{"examples", "testdata/flakes"} {
		copyTree(t, filepath.Join(repoRoot(t), dir), filepath.Join(dst, dir))
	}
	git := func(args ...string) {
		if out, err := gitCmd(dst, args...).CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("init", "-q")
	git("add", "-A")
	git("commit", "-q", "-m", "test")
	return dst
}

func copyTree(t testing.TB, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

type result struct {
	code           int
	stdout, stderr string
}

func nixsec(t testing.TB, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	return result{code, out.String(), errb.String()}
}

// jsonFinding is the part of a JSON finding the tests look at.
type jsonFinding struct {
	Rule        string `json:"rule"`
	Host        string `json:"host"`
	Option      string `json:"option"`
	Message     string `json:"message"`
	Severity    string `json:"severity"`
	Fingerprint string `json:"fingerprint"`
	Baselined   bool   `json:"baselined"`
	Location    struct {
		File      string `json:"file"`
		StartLine int    `json:"startLine"`
		StartCol  int    `json:"startColumn"`
		Via       string `json:"via"`
	} `json:"location"`
}

type jsonReport struct {
	Findings []jsonFinding `json:"findings"`
	Errors   []struct {
		Host    string   `json:"host"`
		Option  string   `json:"option"`
		Rules   []string `json:"rules"`
		Message string   `json:"message"`
	} `json:"errors"`
	Summary struct {
		ExitCode  int `json:"exitCode"`
		Baselined int `json:"baselined"`
	} `json:"summary"`
}

// checkJSON runs check --format json, validates the output against the
// documented schema and decodes it.
func checkJSON(t *testing.T, args ...string) (jsonReport, result) {
	t.Helper()
	r := nixsec(t, append([]string{"check", "--format", "json"}, args...)...)
	validateReport(t, []byte(r.stdout))
	var rep jsonReport
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("json output: %v\n%s\nstderr: %s", err, r.stdout, r.stderr)
	}
	if rep.Summary.ExitCode != r.code {
		t.Errorf("summary.exitCode %d, process exit %d", rep.Summary.ExitCode, r.code)
	}
	return rep, r
}

func validateReport(t *testing.T, b []byte) {
	t.Helper()
	sf, err := os.Open(filepath.Join(repoRoot(t), "format/report.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer sf.Close()
	s, err := jsonschema.UnmarshalJSON(sf)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("report.schema.json", s); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("report.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not JSON: %v\n%s", err, b)
	}
	if err := sch.Validate(v); err != nil {
		t.Fatalf("report does not match the schema: %v\n%s", err, b)
	}
}

func ruleSet(fs []jsonFinding) []string {
	seen := map[string]bool{}
	var out []string
	for _, f := range fs {
		if !seen[f.Rule] {
			seen[f.Rule] = true
			out = append(out, f.Rule)
		}
	}
	sort.Strings(out)
	return out
}

func TestInsecureExample(t *testing.T) {
	testenv.Slow(t)
	testenv.RequireNix(t)
	t.Parallel()
	ws := workspace(t)
	rep, r := checkJSON(t, filepath.Join(ws, "examples/insecure"))
	if r.code != 1 {
		t.Fatalf("exit %d, want 1\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	want := map[string]struct{ host, file string }{
		"SSH001": {"legacy", "hosts/legacy.nix"},
		"SSH002": {"legacy", "hosts/legacy.nix"},
		"SSH003": {"legacy", "hosts/legacy.nix"},
		"SSH004": {"legacy", "hosts/legacy.nix"},
		"FW001":  {"legacy", "hosts/legacy.nix"},
		"AUD001": {"legacy", "hosts/legacy.nix"},
		"MAC001": {"legacy", "hosts/legacy.nix"},
		"SEC001": {"legacy", "hosts/legacy.nix"},
		"DNS001": {"resolver", "hosts/resolver.nix"},
		"DNS002": {"resolver", "hosts/resolver.nix"},
	}
	for id, w := range want {
		found := false
		for _, f := range rep.Findings {
			if f.Rule == id && f.Host == w.host {
				found = true
				if f.Location.File != w.file {
					t.Errorf("%s on %s points at %s, want %s", id, w.host, f.Location.File, w.file)
				}
			}
		}
		if !found {
			t.Errorf("no %s on host %s; findings: %v", id, w.host, rep.Findings)
		}
	}
	if len(rep.Errors) != 0 {
		t.Errorf("errors: %+v", rep.Errors)
	}
	// The text format carries the same findings, one per line (--verbose:
	// by host, info included; the default lists a shared finding once).
	txt := nixsec(t, "check", "--verbose", filepath.Join(ws, "examples/insecure"))
	line := regexp.MustCompile(`(?m)^[^ :]+:\d+:\d+: (CRITICAL|HIGH|MEDIUM|LOW|INFO) [A-Z]+\d{3} [^:]+: .+$`)
	if n := len(line.FindAllString(txt.stdout, -1)); n != len(rep.Findings) || txt.code != 1 {
		t.Errorf("text: %d finding lines for %d findings, exit %d\n%s", n, len(rep.Findings), txt.code, txt.stdout)
	}
}

func TestHardenedExample(t *testing.T) {
	testenv.Slow(t)
	testenv.RequireNix(t)
	t.Parallel()
	ws := workspace(t)
	rep, r := checkJSON(t, filepath.Join(ws, "examples/hardened"))
	if r.code != 0 || len(rep.Findings) != 0 {
		t.Fatalf("exit %d, findings %+v\n%s", r.code, rep.Findings, r.stderr)
	}
}

func TestDNSPrivacyExample(t *testing.T) {
	testenv.Slow(t)
	testenv.RequireNix(t)
	t.Parallel()
	ws := workspace(t)
	dir := filepath.Join(ws, "examples/dns-privacy")
	rep, r := checkJSON(t, dir)
	for _, f := range rep.Findings {
		if f.Rule == "DNS001" || f.Rule == "DNS002" {
			t.Errorf("dns-privacy: unexpected %s: %s", f.Rule, f.Message)
		}
	}
	if len(rep.Errors) != 0 {
		t.Fatalf("errors (exit %d): %+v", r.code, rep.Errors)
	}
	// The same setup with systemd-resolved switched on. As in NixOS, whose
	// resolved module sets networking.networkmanager.dns, this conflicts
	// with the guide's dns = "none": nixsec reports Nix's error (exit 2).
	hostFile := filepath.Join(dir, "hosts/dns.nix")
	edit(t, hostFile, "services.resolved.enable = false;", "services.resolved.enable = true;")
	commit(t, ws)
	rep, r = checkJSON(t, dir)
	if r.code != 2 || len(rep.Errors) == 0 || !strings.Contains(rep.Errors[0].Message, "networkmanager.dns") {
		t.Fatalf("resolved on beside dns = none: exit %d, errors %+v", r.code, rep.Errors)
	}
	// Without that line the host evaluates, and DNS001 fires.
	edit(t, hostFile, `networkmanager.dns = "none";`, "")
	commit(t, ws)
	rep, r = checkJSON(t, dir)
	if r.code != 1 || !contains(ruleSet(rep.Findings), "DNS001") {
		t.Fatalf("with resolved on: exit %d, rules %v, errors %+v", r.code, ruleSet(rep.Findings), rep.Errors)
	}
	for _, f := range rep.Findings {
		if f.Rule == "DNS001" && f.Location.File != "hosts/dns.nix" {
			t.Errorf("DNS001 points at %s, want hosts/dns.nix", f.Location.File)
		}
	}
}

func edit(t *testing.T, file, from, to string) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), from) {
		t.Fatalf("%s does not contain %q", file, from)
	}
	if err := os.WriteFile(file, []byte(strings.Replace(string(b), from, to, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

func commit(t *testing.T, ws string) {
	t.Helper()
	if out, err := gitCmd(ws, "commit", "-qam", "change").CombinedOutput(); err != nil {
		t.Fatalf("git commit: %v\n%s", err, out)
	}
}

func gitCmd(dir string, args ...string) *exec.Cmd {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@t", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@t")
	return cmd
}

// eval writes the documents; check --from-json gives the same findings
// without running nix.
func TestEvalThenFromJSON(t *testing.T) {
	testenv.Slow(t)
	testenv.RequireNix(t)
	t.Parallel()
	ws := workspace(t)
	flake := filepath.Join(ws, "examples/insecure")
	direct, _ := checkJSON(t, flake)
	ev := nixsec(t, "eval", flake)
	if ev.code != 0 {
		t.Fatalf("eval: exit %d\n%s", ev.code, ev.stderr)
	}
	doc := filepath.Join(t.TempDir(), "doc.json")
	if err := os.WriteFile(doc, []byte(ev.stdout), 0o644); err != nil {
		t.Fatal(err)
	}
	// A nix that cannot run proves the second run does not need one.
	fromDoc, r := checkJSON(t, "--from-json", doc, "--nix", "/nonexistent/nix")
	if r.code != 1 {
		t.Fatalf("from-json: exit %d\n%s", r.code, r.stderr)
	}
	a, _ := json.Marshal(direct.Findings)
	b, _ := json.Marshal(fromDoc.Findings)
	if !bytes.Equal(a, b) {
		t.Errorf("findings differ:\ndirect:    %s\nfrom-json: %s", a, b)
	}
}

func TestBrokenHosts(t *testing.T) {
	testenv.Slow(t)
	testenv.RequireNix(t)
	t.Parallel()
	ws := workspace(t)
	rep, r := checkJSON(t, filepath.Join(ws, "testdata/flakes/broken"))
	if r.code != 2 {
		t.Fatalf("exit %d, want 2\n%s", r.code, r.stdout)
	}
	errs := map[string]string{}
	for _, e := range rep.Errors {
		errs[e.Host] += e.Option + ": " + e.Message + "\n"
	}
	if !strings.Contains(errs["typo"], "services.opensh") || !strings.Contains(errs["typo"], "does not exist") {
		t.Errorf("typo host: want Nix's message about services.opensh, got %q", errs["typo"])
	}
	if !strings.Contains(errs["throws"], "secrets.nix is missing") {
		t.Errorf("throws host: want the throw's message, got %q", errs["throws"])
	}
	if got := ruleSet(rep.Findings); !contains(got, "FW001") {
		t.Errorf("the good host's findings are missing: %v", got)
	}
	// The throwing path is read by the SSH rules: they cannot decide on
	// that host, so they report an error and no finding there. Rules that
	// read other paths still report.
	sshErr := false
	for _, e := range rep.Errors {
		if e.Host == "throws" && e.Option == "services.openssh.enable" && contains(e.Rules, "SSH001") {
			sshErr = true
		}
	}
	if !sshErr {
		t.Errorf("no error naming SSH001 on services.openssh.enable of host throws: %+v", rep.Errors)
	}
	for _, f := range rep.Findings {
		if f.Host == "typo" || (f.Host == "throws" && strings.HasPrefix(f.Rule, "SSH")) {
			t.Errorf("finding from a rule that could not decide: %+v", f)
		}
	}
	// The text format shows the same.
	txt := nixsec(t, "check", filepath.Join(ws, "testdata/flakes/broken"))
	if txt.code != 2 || !strings.Contains(txt.stdout, "FW001 good") || !strings.Contains(txt.stdout, "error: typo") {
		t.Errorf("text: exit %d\n%s", txt.code, txt.stdout)
	}
}

func TestBadInputs(t *testing.T) {
	testenv.Slow(t)
	testenv.RequireNix(t)
	t.Parallel()
	ws := workspace(t)
	badJSON := filepath.Join(t.TempDir(), "bad.json")
	_ = os.WriteFile(badJSON, []byte("{\"nixsec_eval\": 1,\n \"hosts\": [ {\"host\": 3} ]}"), 0o644)
	badPolicy := t.TempDir()
	_ = os.WriteFile(filepath.Join(badPolicy, "x.rego"), []byte("# METADATA\n# title: t\n# custom:\n#   id: ORG001\n#   options: [a.b]\npackage nixsec.rules.org.org001\n\ndeny contains {\"path\": \"a.b\", \"msg\": \"m\"} if input.config.a.b\n"), 0o644)
	badConfig := filepath.Join(t.TempDir(), ".nixsec.toml")
	_ = os.WriteFile(badConfig, []byte("profile = \"server\"\nfailon = \"low\"\n"), 0o644)
	badBaseline := filepath.Join(t.TempDir(), "baseline.json")
	_ = os.WriteFile(badBaseline, []byte("{\"nixsec_baseline\": 1,\n \"findings\": [ }"), 0o644)
	oldNix := filepath.Join(t.TempDir(), "nix")
	_ = os.WriteFile(oldNix, []byte("#!/bin/sh\necho 'nix (Nix) 2.3.16'\n"), 0o755)
	cases := []struct {
		name string
		args []string
		want []string
	}{
		{"nix too old", []string{"check", "--nix", oldNix, filepath.Join(ws, "examples/hardened")}, []string{"Nix 2.3.16", "needs Nix >= 2.8", "--from-json"}},
		{"not a flake", []string{"check", filepath.Join(ws, "testdata/flakes/notaflake")}, []string{"is not a flake"}},
		{"no nixosConfigurations", []string{"check", filepath.Join(ws, "testdata/flakes/nocfg")}, []string{"no nixosConfigurations"}},
		{"unknown host", []string{"check", "--host", "nope", filepath.Join(ws, "testdata/flakes/broken")}, []string{"no host nope", "good, throws, typo"}},
		{"nix missing", []string{"check", "--nix", "/nonexistent/nix", filepath.Join(ws, "examples/hardened")}, []string{"Nix >= 2.8", "--from-json"}},
		{"timeout", []string{"check", "--timeout", "2s", filepath.Join(ws, "testdata/flakes/slow")}, []string{"did not finish within 2s"}},
		{"malformed from-json", []string{"check", "--from-json", badJSON}, []string{badJSON + ":2:"}},
		{"config with an unknown key", []string{"check", "--config", badConfig, filepath.Join(ws, "examples/hardened")}, []string{badConfig + ":2:1: unknown key \"failon\""}},
		{"malformed baseline", []string{"check", "--baseline", badBaseline, filepath.Join(ws, "examples/hardened")}, []string{badBaseline + ":2:"}},
		{"policy without severity", []string{"check", "--policy", badPolicy, filepath.Join(ws, "examples/hardened")}, []string{"x.rego:1: METADATA lacks custom.severity"}},
		{"bad fail-on", []string{"check", "--fail-on", "urgent", "."}, []string{"--fail-on"}},
		{"bad format", []string{"check", "--format", "xml", "."}, []string{"--format"}},
		{"unknown rule", []string{"explain", "NOPE001"}, []string{"no rule NOPE001"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel() // the cases only read the workspace
			r := nixsec(t, c.args...)
			if r.code != 2 {
				t.Fatalf("exit %d, want 2\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
			}
			all := r.stdout + r.stderr
			for _, w := range c.want {
				if !strings.Contains(all, w) {
					t.Errorf("output lacks %q:\n%s", w, all)
				}
			}
			if strings.Contains(all, "panic") || strings.Contains(all, "goroutine ") {
				t.Errorf("panic:\n%s", all)
			}
		})
	}
}

func TestRulesAndExplain(t *testing.T) {
	t.Parallel()
	r := nixsec(t, "rules", "--format", "json")
	if r.code != 0 {
		t.Fatalf("rules: %d %s", r.code, r.stderr)
	}
	var listed []struct {
		ID            string   `json:"id"`
		Severity      string   `json:"severity"`
		Profiles      []string `json:"profiles"`
		FrameworkOnly bool     `json:"frameworkOnly"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &listed); err != nil {
		t.Fatal(err)
	}
	// The STIG's own rules take their severities from its CATs
	// (compliance's TestSTIGMapping); the catalog is the rest.
	rules := listed[:0]
	for _, x := range listed {
		if x.FrameworkOnly != strings.HasPrefix(x.ID, "STIG") {
			t.Errorf("rule %s: frameworkOnly %v", x.ID, x.FrameworkOnly)
		}
		if !x.FrameworkOnly {
			rules = append(rules, x)
		}
	}
	// Exactly the rules of nixsec's catalog (docs/rules), with
	// its severities and profiles.
	catalog := map[string]string{"SSH001": "high", "SSH002": "high", "SSH003": "high", "SSH004": "medium", "SSH005": "medium", "SSH006": "medium",
		"SSH007": "low", "SSH008": "low", "SSH009": "low", "SSH010": "info", "FW001": "critical", "FW002": "high", "FW003": "medium", "FW004": "medium",
		"FW005": "low", "FW006": "info", "DNS001": "high", "DNS002": "high", "DNS003": "medium", "DNS004": "medium", "DNS005": "medium", "DNS006": "medium",
		"DNS007": "low", "DNS008": "info", "TOR001": "high", "TOR002": "high", "TOR003": "medium", "BOOT001": "high", "BOOT002": "high", "BOOT003": "medium",
		"BOOT004": "low", "AUD001": "medium", "AUD002": "low", "MAC001": "medium", "MAC002": "low", "USB001": "medium", "USB002": "high", "SVC001": "medium",
		"SVC002": "medium", "SVC003": "medium", "SVC004": "high", "SVC005": "high", "SVC006": "medium", "SVC007": "medium", "SVC008": "medium", "SEC001": "high",
		"SEC002": "medium", "SEC003": "high", "SEC004": "high", "SEC005": "medium", "SEC006": "low", "USR001": "medium", "USR002": "low", "NIX001": "high",
		"NIX002": "high", "NIX003": "high", "NIX004": "low", "UPD001": "low", "UPD002": "low", "UPD003": "medium", "KRN001": "low", "KRN002": "low",
		"MIN001": "info", "MIN002": "low"}
	profiles := map[string]string{"SSH010": "workstation,paranoid", "BOOT003": "workstation,paranoid", "USB001": "workstation,paranoid",
		"KRN001": "paranoid", "KRN002": "paranoid", "MIN002": "server"}
	if len(rules) != len(catalog) {
		t.Errorf("%d rules, the catalog has %d", len(rules), len(catalog))
	}
	for _, x := range rules {
		if catalog[x.ID] != x.Severity {
			t.Errorf("rule %s: severity %q, catalog %q", x.ID, x.Severity, catalog[x.ID])
		}
		if got := strings.Join(x.Profiles, ","); got != profiles[x.ID] {
			t.Errorf("rule %s: profiles %q, catalog %q", x.ID, got, profiles[x.ID])
		}
	}
	e := nixsec(t, "explain", "ssh001")
	if e.code != 0 || !strings.Contains(e.stdout, "SSH001") || !strings.Contains(e.stdout, "PasswordAuthentication = false") {
		t.Errorf("explain: %d\n%s%s", e.code, e.stdout, e.stderr)
	}
	if v := nixsec(t, "version"); v.code != 0 || !strings.HasPrefix(v.stdout, "nixsec ") {
		t.Errorf("version: %+v", v)
	}
}

func jsonUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }
