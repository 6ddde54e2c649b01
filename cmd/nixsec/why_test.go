package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nixsec/nixsec/internal/sarifcheck"
	"github.com/nixsec/nixsec/internal/testenv"
)

type whyDef struct {
	Location struct {
		File      string `json:"file"`
		StartLine int    `json:"startLine"`
		StartCol  int    `json:"startColumn"`
	} `json:"location"`
	Name      string `json:"name"`
	Value     any    `json:"value"`
	Priority  int    `json:"priority"`
	Wrapper   string `json:"wrapper"`
	Status    string `json:"status"`
	Evaluated bool   `json:"evaluated"`
}

type whyJSON struct {
	Version    int      `json:"version"`
	Option     string   `json:"option"`
	AliasOf    string   `json:"aliasOf"`
	Declared   bool     `json:"declared"`
	DeclaredAs string   `json:"declaredAs"`
	Present    bool     `json:"present"`
	Value      any      `json:"value"`
	Merge      string   `json:"merge"`
	Default    *whyDef  `json:"default"`
	Defs       []whyDef `json:"definitions"`
}

// short is one definition as the test compares it.
func (d whyDef) short() string {
	v := ""
	if d.Evaluated {
		b, _ := json.Marshal(d.Value)
		v = " " + string(b)
	}
	w := ""
	if d.Wrapper != "" {
		w = " " + d.Wrapper
	}
	return fmt.Sprintf("%s %s:%d:%d %d%s%s", d.Status, d.Location.File, d.Location.StartLine, d.Location.StartCol, d.Priority, w, v)
}

func why(t *testing.T, flake, host, option string) whyJSON {
	t.Helper()
	r := nixsec(t, "why", flake, "--host", host, option, "--format", "json")
	if r.code != 0 {
		t.Fatalf("why %s on %s: exit %d\n%s", option, host, r.code, r.stderr)
	}
	var w whyJSON
	if err := json.Unmarshal([]byte(r.stdout), &w); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	return w
}

// `nixsec why` on real nix: a mkForce in a shared module beating the
// host's plain value; a host's plain value beating a shared mkDefault
// (which the module system drops, found in the source); definitions in a
// false mkIf; lists merged from three files; an older name; a default.
func TestWhy(t *testing.T) {
	testenv.Slow(t)
	testenv.RequireNix(t)
	t.Parallel()
	ws := workspace(t)
	flake := filepath.Join(ws, "testdata/flakes/why")
	cases := []struct {
		host, option string
		merge        string
		value        any
		defs         []string
	}{
		{"forced", "services.openssh.settings.PermitRootLogin", "single", "no", []string{
			`wins shared.nix:5:29 50 mkForce "no"`,
			`overridden hosts/forced.nix:8:33 100 "yes"`,
		}},
		{"forced", "security.auditd.enable", "single", false, []string{
			`wins hosts/forced.nix:10:23 100 false`,
			`overridden shared.nix:6:19 1000 mkDefault`,
			`condition-false hosts/forced.nix:19:23 100`,
		}},
		{"forced", "services.openssh.settings.PasswordAuthentication", "single", true, []string{
			`wins hosts/forced.nix:13:33 1000 mkDefault true`,
			`condition-false hosts/forced.nix:18:33 100`,
		}},
		{"forced", "networking.firewall.allowedTCPPorts", "merged", []any{22.0, 443.0, 8080.0}, []string{
			`merged shared.nix:7:23 100 [443]`,
			`merged hosts/forced.nix:12:27 100 [8080]`,
			`merged <nixpkgs>/nixos/modules/services/networking/ssh/sshd.nix:0:0 100 [22]`,
		}},
		// Four definitions across three files: mkForce wins over a plain
		// value and a mkDefault; one under mkIf false never counts.
		{"forced", "networking.firewall.enable", "single", true, []string{
			`wins hosts/policy.nix:4:23 50 mkForce true`,
			`overridden hosts/base.nix:4:23 1000 mkDefault`,
			`overridden hosts/forced.nix:15:27 100`,
			`condition-false hosts/forced.nix:20:27 100`,
		}},
		// The host that does not import forced.nix: its lines are elsewhere.
		{"plain", "security.auditd.enable", "single", true, []string{
			`wins shared.nix:6:19 1000 mkDefault true`,
			`elsewhere hosts/forced.nix:10:23 100`,
			`elsewhere hosts/forced.nix:19:23 100`,
		}},
		{"plain", "services.resolved.enable", "default", false, []string{
			`default <nixpkgs>/nixos/modules/system/boot/resolved.nix:0:0 1500 the option's default false`,
		}},
	}
	for _, c := range cases {
		t.Run(c.host+"/"+c.option, func(t *testing.T) {
			w := why(t, flake, c.host, c.option)
			var got []string
			for _, d := range w.Defs {
				got = append(got, d.short())
			}
			if w.Version != 1 || !w.Declared || !w.Present || w.Merge != c.merge || fmt.Sprint(w.Value) != fmt.Sprint(c.value) ||
				strings.Join(got, "\n") != strings.Join(c.defs, "\n") {
				t.Errorf("merge %q value %v\ngot:\n  %s\nwant:\n  %s", w.Merge, w.Value, strings.Join(got, "\n  "), strings.Join(c.defs, "\n  "))
			}
		})
	}

	// An older name: the new option's definitions, and the answer says so.
	w := why(t, flake, "forced", "services.openssh.permitRootLogin")
	if w.AliasOf != "services.openssh.settings.PermitRootLogin" || w.Value != "no" || len(w.Defs) != 2 {
		t.Errorf("old name: %+v", w)
	}
	// The same answer through the untrusted loader (a pull request's flake).
	if r := nixsec(t, "why", "--untrusted", flake, "--host", "forced", "security.auditd.enable", "--format", "json"); r.code != 0 ||
		!strings.Contains(r.stdout, `"status": "overridden"`) {
		t.Errorf("untrusted: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// Text: the same facts for a person.
	r := nixsec(t, "why", flake, "--host", "forced", "security.auditd.enable")
	for _, want := range []string{
		"security.auditd.enable on host forced = false",
		"wins             hosts/forced.nix:10:23  priority 100              false",
		"overridden       shared.nix:6:19         mkDefault, priority 1000  written: lib.mkDefault true",
		"priority 1000 loses to 100",
		"inside mkIf false",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("text lacks %q:\n%s", want, r.stdout)
		}
	}
	// No such option: said, exit 0.
	if w := why(t, flake, "forced", "services.nothing.here"); w.Declared {
		t.Errorf("undeclared: %+v", w)
	}
	// Bad input: exit 2 with a clear message, never a silent answer.
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"why", flake, "--host", "nope", "security.auditd.enable"}, "no host nope"},
		{[]string{"why", flake, "security.auditd.enable"}, "--host"},
		{[]string{"why", flake, "--host", "forced", "users.users.*.password"}, "without *"},
		{[]string{"why", flake, "--host", "forced", "a..b"}, "option"},
		{[]string{"why", flake, "--host", "forced"}, "OPTION"},
		{[]string{"why", filepath.Join(ws, "nowhere"), "--host", "forced", "a.b"}, ""},
	} {
		r := nixsec(t, c.args...)
		if r.code != 2 || !strings.Contains(r.stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q (want 2 and %q)", c.args[1:], r.code, r.stderr, c.want)
		}
	}
}

// A finding on an option written in several places carries them all:
// JSON's definitions, SARIF's relatedLocations, text's "also set at".
func TestFindingDefinitions(t *testing.T) {
	testenv.Slow(t)
	testenv.RequireNix(t)
	t.Parallel()
	ws := workspace(t)
	flake := filepath.Join(ws, "testdata/flakes/why")
	r := nixsec(t, "check", flake, "--host", "forced", "--rule", "AUD001", "--format", "json")
	var rep struct {
		Findings []struct {
			Rule        string   `json:"rule"`
			Definitions []whyDef `json:"definitions"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || len(rep.Findings) != 1 {
		t.Fatalf("%v: %s%s", err, r.stdout, r.stderr)
	}
	validateReport(t, []byte(r.stdout))
	var got []string
	for _, d := range rep.Findings[0].Definitions {
		got = append(got, d.short())
	}
	want := []string{
		"wins hosts/forced.nix:10:23 100",
		"overridden shared.nix:6:19 1000 mkDefault",
		"condition-false hosts/forced.nix:19:23 100",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("definitions:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
	r = nixsec(t, "check", flake, "--host", "forced", "--rule", "AUD001", "--format", "sarif")
	if err := sarifcheck.Validate(filepath.Join(repoRoot(t), "format/testdata/sarif-schema-2.1.0.json"), []byte(r.stdout)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(r.stdout, `"relatedLocations"`) || !strings.Contains(r.stdout, "also defined here with mkDefault (priority 1000, overridden)") {
		t.Errorf("SARIF has no related locations:\n%s", r.stdout)
	}
	r = nixsec(t, "check", flake, "--host", "forced", "--rule", "AUD001", "--verbose")
	if !strings.Contains(r.stdout, "also set at shared.nix:6:19: lib.mkDefault true (priority 1000, overridden)") {
		t.Errorf("text:\n%s", r.stdout)
	}
}
