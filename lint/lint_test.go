package lint

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/nixsec/nixsec/evalbridge"
	"github.com/nixsec/nixsec/inputerr"
	"github.com/nixsec/nixsec/optpath"
	"github.com/nixsec/nixsec/report"
	"github.com/nixsec/nixsec/rule"
)

func TestEnabledProfiles(t *testing.T) {
	all := []*rule.Meta{{ID: "A001"}, {ID: "B001", Profiles: []string{"workstation", "paranoid"}}, {ID: "C001", Profiles: []string{"server"}}}
	ids := func(rs []*rule.Meta) (out []string) {
		for _, r := range rs {
			out = append(out, r.ID)
		}
		return out
	}
	for profile, want := range map[string][]string{
		"":            {"A001", "C001"},
		"server":      {"A001", "C001"},
		"workstation": {"A001", "B001"},
		"paranoid":    {"A001", "B001", "C001"},
	} {
		if got := ids(Enabled(all, profile)); !reflect.DeepEqual(got, want) {
			t.Errorf("profile %q: %v, want %v", profile, got, want)
		}
	}
}

func TestRequestsMergeAliases(t *testing.T) {
	rs := []*rule.Meta{
		{Options: []rule.OptionSpec{{Path: "services.openssh.enable"}, {Path: "services.openssh.settings.PasswordAuthentication", Aliases: []string{"services.openssh.passwordAuthentication"}}}},
		{Options: []rule.OptionSpec{{Path: "services.openssh.enable"}, {Path: "services.openssh.settings.PasswordAuthentication", Aliases: []string{"services.openssh.passwordAuthentication"}}}},
	}
	got := Requests(rs)
	if len(got) != 2 || len(got[1].Aliases) != 1 || optpath.Format(got[1].Aliases[0]) != "services.openssh.passwordAuthentication" {
		t.Fatalf("%+v", got)
	}
}

func TestPathErrorsNameTheRules(t *testing.T) {
	rs := []*rule.Meta{
		{ID: "SEC001", Options: []rule.OptionSpec{{Path: "users.users.*.password"}}},
		{ID: "SSH001", Options: []rule.OptionSpec{{Path: "services.openssh.enable"}}},
	}
	h := evalbridge.HostEval{Host: "web", Errors: map[string]string{
		"users.users.alice.password": "boom",
		"users.users":                "cannot expand",
		"unrelated.path":             "not read by any rule",
	}}
	errs := pathErrors(h, rs)
	got := map[string][]string{}
	for _, e := range errs {
		got[e.Path] = e.Rules
	}
	want := map[string][]string{"users.users.alice.password": {"SEC001"}, "users.users": {"SEC001"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%v, want %v", got, want)
	}
}

func TestPlaceFallsBack(t *testing.T) {
	h := evalbridge.HostEval{Files: map[string][]string{"a.b": {"hosts/a.nix"}, "anchor.x": {"hosts/anchor.nix"}}}
	cases := []struct {
		v    rule.Violation
		file string
		via  string
	}{
		{rule.Violation{Path: "a.b", Anchor: "anchor.x"}, "hosts/a.nix", "definition"},
		{rule.Violation{Path: "c.d", Anchor: "anchor.x"}, "hosts/anchor.nix", "anchor"},
		{rule.Violation{Path: "c.d"}, "flake.nix", "host"},
	}
	for _, c := range cases {
		l := newSources(nil).place(h, c.v)
		if l.File != c.file || l.Via != c.via || l.StartLine != 1 {
			t.Errorf("%+v: %+v", c.v, l)
		}
	}
}

func TestReadDocumentErrors(t *testing.T) {
	dir := t.TempDir()
	cases := map[string]string{
		"syntax":  "{\n  \"nixsec_eval\": 1,\n  \"hosts\": [ }",
		"type":    "{\"nixsec_eval\": 1, \"hosts\": {}}",
		"version": "{\"nixsec_eval\": 7, \"hosts\": []}",
		"nohost":  "{\"nixsec_eval\": 1, \"hosts\": [{}]}",
	}
	for name, body := range cases {
		p := filepath.Join(dir, name+".json")
		_ = os.WriteFile(p, []byte(body), 0o644)
		_, err := ReadDocument(p)
		var ue *inputerr.Error
		if err == nil || !asUsage(err, &ue) {
			t.Errorf("%s: want an *inputerr.Error, got %v", name, err)
		}
	}
	_, err := ReadDocument(filepath.Join(dir, "syntax.json"))
	if err == nil || !strings.Contains(err.Error(), "syntax.json:3:") {
		t.Errorf("syntax error without position: %v", err)
	}
}

func asUsage(err error, ue **inputerr.Error) bool {
	return errors.As(err, ue)
}

// Lint on a hand-written document: findings are placed and sorted, path
// errors of rules in use fail the run.
func TestLintDocument(t *testing.T) {
	eng, err := NewEngine(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	doc := &evalbridge.Document{Format: 1, Hosts: []evalbridge.HostEval{
		{Host: "b", Config: map[string]any{"networking": map[string]any{"firewall": map[string]any{"enable": false}}},
			Defined: map[string]bool{"networking.firewall.enable": true}, Files: map[string][]string{"networking.firewall.enable": {"hosts/b.nix"}}},
		{Host: "a", Config: map[string]any{"networking": map[string]any{"firewall": map[string]any{"enable": false}}}},
		{Host: "c", Error: "The option `x' does not exist."},
	}}
	enabled := Enabled(eng.Rules(), "server")
	rep, err := Lint(context.Background(), eng, enabled, doc, nil, Config{Gate: GateConfig{FailOn: rule.Low}})
	if err != nil {
		t.Fatal(err)
	}
	var fw []string
	for _, f := range rep.Findings {
		if f.RuleID == "FW001" {
			fw = append(fw, f.Host+"@"+f.Location.File)
		}
	}
	if !reflect.DeepEqual(fw, []string{"a@flake.nix", "b@hosts/b.nix"}) {
		t.Errorf("FW001 findings: %v", fw)
	}
	if rep.ExitCode() != report.ExitError || len(rep.Errors) != 1 || rep.Errors[0].Host != "c" {
		t.Errorf("exit %d, errors %+v", rep.ExitCode(), rep.Errors)
	}
}

func TestExitCodeFailOn(t *testing.T) {
	r := &report.Report{Findings: []report.Finding{{Severity: rule.Medium}, {Severity: rule.Info}}}
	for failOn, want := range map[rule.Severity]int{rule.Low: 1, rule.Medium: 1, rule.High: 0, rule.Info: 1} {
		r.FailOn = failOn
		if got := r.ExitCode(); got != want {
			t.Errorf("fail-on %s: %d, want %d", failOn, got, want)
		}
	}
	r.Findings = []report.Finding{{Severity: rule.Info}}
	r.FailOn = rule.Info
	if r.ExitCode() != 0 {
		t.Error("info never fails")
	}
}
