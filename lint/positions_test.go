package lint

import (
	"context"
	"io/fs"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/nixsec/nixsec/evalbridge"
	"github.com/nixsec/nixsec/report"
	"github.com/nixsec/nixsec/rule"
)

const flakeNix = `{
  outputs = { self }: {
    nixosConfigurations.web = import ./web.nix;
    nixosConfigurations."db.internal" = import ./db.nix;
  };
}
`

const webNix = `{ lib, ... }:
{
  # nixsec:ignore FW001 -- lab network behind a hardware firewall
  networking.firewall.enable = false;
  services.openssh = {
    enable = true;
    passwordAuthentication = true; # nixsec:ignore SSH001
  };
  # nixsec:ignore SSH003 -- nothing to silence here
  security.auditd.enable = lib.mkForce true;
  # nixsec:ignore NOPE999 -- not a rule
  users.users.alice.password = "x";
}
`

func doc(host string, config map[string]any, files map[string][]string) *evalbridge.Document {
	return &evalbridge.Document{Format: 1, Hosts: []evalbridge.HostEval{{Host: host, Config: config, Files: files}}}
}

func lintFS(t *testing.T, d *evalbridge.Document, root fstest.MapFS, hosts ...string) *report.Report {
	t.Helper()
	return lintFSAny(t, d, root, hosts...)
}

func lintFSAny(t *testing.T, d *evalbridge.Document, root fs.FS, hosts ...string) *report.Report {
	t.Helper()
	eng, err := NewEngine(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Lint(context.Background(), eng, Enabled(eng.Rules(), "server"), d, root, Config{Gate: GateConfig{FailOn: rule.Low}, Eval: EvalConfig{Hosts: hosts}})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func byRule(rep *report.Report) map[string][]report.Finding {
	out := map[string][]report.Finding{}
	for _, f := range rep.Findings {
		out[f.RuleID] = append(out[f.RuleID], f)
	}
	return out
}

func TestPositionsAndSuppressions(t *testing.T) {
	root := fstest.MapFS{"flake.nix": {Data: []byte(flakeNix)}, "web.nix": {Data: []byte(webNix)}}
	config := map[string]any{
		"networking": map[string]any{"firewall": map[string]any{"enable": false}},
		"services": map[string]any{"openssh": map[string]any{"enable": true, "settings": map[string]any{
			"PasswordAuthentication": true, "KbdInteractiveAuthentication": true, "PermitRootLogin": "no"}}},
		// sshd.nix: unixAuth follows PasswordAuthentication.
		"security": map[string]any{"auditd": map[string]any{"enable": false}, "apparmor": map[string]any{"enable": true},
			"pam": map[string]any{"services": map[string]any{"sshd": map[string]any{"unixAuth": true}}}},
		"users": map[string]any{"users": map[string]any{"alice": map[string]any{"password": "x"}}},
	}
	files := map[string][]string{
		"networking.firewall.enable":                       {"web.nix"},
		"services.openssh.enable":                          {"web.nix"},
		"services.openssh.settings.PasswordAuthentication": {"web.nix"}, // through the old name
		"users.users.alice.password":                       {"web.nix"},
	}
	rep := lintFS(t, doc("web", config, files), root)
	got := byRule(rep)
	at := func(id string) report.Finding {
		t.Helper()
		if len(got[id]) == 0 {
			t.Fatalf("no %s in %+v", id, rep.Findings)
		}
		return got[id][0]
	}
	// A definition under the current name, silenced with a reason.
	// The region is the innermost key of the definition.
	if f := at("FW001"); f.Location.StartLine != 4 || f.Location.StartCol != 23 || f.Location.EndCol != 29 || f.Suppressed == nil ||
		f.Suppressed.Reason != "lab network behind a hardware firewall" || f.Location.Snippet != "  networking.firewall.enable = false;" {
		t.Errorf("FW001: %+v", f)
	}
	// Found under its old name; the comment on its line has no reason, so
	// it does not suppress and is reported itself.
	if f := at("SSH001"); f.Location.StartLine != 7 || f.Location.StartCol != 5 || f.Location.EndCol != 27 || f.Suppressed != nil {
		t.Errorf("SSH001: %+v", f)
	}
	// A default: the anchor (services.openssh.enable) inside a nested set.
	if f := at("SSH003"); f.Location.StartLine != 6 || f.Location.Via != "anchor" {
		t.Errorf("SSH003: %+v", f.Location)
	}
	// No definition and no anchor: the host's entry in flake.nix.
	if f := at("AUD001"); f.Location.File != "flake.nix" || f.Location.StartLine != 3 || f.Location.StartCol != 25 || f.Location.Via != "host" {
		t.Errorf("AUD001: %+v", f.Location)
	}
	if f := at("SEC001"); f.Location.StartLine != 12 {
		t.Errorf("SEC001: %+v", f.Location)
	}
	var problems []string
	for _, f := range got[rule.IgnoreID] {
		problems = append(problems, f.Location.File+":"+itoa(f.Location.StartLine)+" "+f.Message)
	}
	want := []string{
		"web.nix:7 nixsec:ignore SSH001 has no reason",
		"web.nix:9 nixsec:ignore SSH003 suppresses nothing",
		"web.nix:11 nixsec:ignore names unknown rule NOPE999",
	}
	if len(problems) != len(want) {
		t.Fatalf("suppression problems: %q", problems)
	}
	for i, w := range want {
		if !strings.HasPrefix(problems[i], w) {
			t.Errorf("problem %d: %q, want prefix %q", i, problems[i], w)
		}
	}
	if rep.ExitCode() != report.ExitFindings {
		t.Errorf("exit %d", rep.ExitCode())
	}
	// With --host, an unused suppression may belong to a skipped host.
	rep = lintFS(t, doc("web", config, files), root, "web")
	for _, f := range byRule(rep)[rule.IgnoreID] {
		if strings.Contains(f.Message, "suppresses nothing") {
			t.Errorf("unused suppression reported under --host: %s", f.Message)
		}
	}
}

func TestPositionsQuotedHostAndBrokenFile(t *testing.T) {
	root := fstest.MapFS{"flake.nix": {Data: []byte(flakeNix)}, "db.nix": {Data: []byte("{ networking.firewall.enable = false; \n")}}
	config := map[string]any{"networking": map[string]any{"firewall": map[string]any{"enable": false}},
		"security": map[string]any{"auditd": map[string]any{"enable": false}}}
	rep := lintFS(t, doc("db.internal", config, map[string][]string{"networking.firewall.enable": {"db.nix"}}), root)
	got := byRule(rep)
	if f := got["FW001"][0]; f.Location.File != "db.nix" || f.Location.StartLine != 1 || !strings.Contains(f.Location.Note, "could not be parsed") {
		t.Errorf("FW001 in an unparsable file: %+v", f.Location)
	}
	if f := got["AUD001"]; len(f) == 0 || f[0].Location.StartLine != 4 || f[0].Location.File != "flake.nix" {
		t.Errorf("AUD001 on a quoted host name: %+v", f)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
