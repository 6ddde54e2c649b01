package lint

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nixsec/nixsec/engine"
	"github.com/nixsec/nixsec/inputerr"
	"github.com/nixsec/nixsec/report"
	"github.com/nixsec/nixsec/rule"
)

var fuzzEngine = sync.OnceValues(func() (*engine.Engine, error) {
	return NewEngine(context.Background(), nil)
})

// FuzzReadDocument: any --from-json file is read into a document or
// refused with a short *inputerr.Error, never a panic; a document that is read
// is linted without a panic (the rules, positions without a checkout,
// suppressions).
func FuzzReadDocument(f *testing.F) {
	for _, s := range []string{
		`{"nixsec_eval": 1, "flake": "x", "hosts": [{"host": "h", "config": {"networking": {"firewall": {"enable": false}}}, "defined": {"networking.firewall.enable": true}, "files": {"networking.firewall.enable": ["hosts/h.nix"]}}]}`,
		`{"nixsec_eval": 1, "hosts": [{"host": "h", "error": "boom"}, {"host": "g", "errors": {"services.openssh.enable": "x"}}]}`,
		`{"nixsec_eval": 1, "root": "/", "inputs": {"nixpkgs": {"type": "github", "url": "github:NixOS/nixpkgs", "rev": "abc", "lastModified": 1}}, "hosts": [{"host": "h", "config": {"users": {"users": {"root": {"openssh": {"authorizedKeys": {"keys": ["ssh-rsa AAAA"]}}}}}}}]}`,
		`{"nixsec_eval": 1, "hosts": [{"host": "h", "config": {"services": {"openssh": {"enable": true, "settings": {"PasswordAuthentication": 1e999}}}}}]}`,
		`{"nixsec_eval": 1, "hosts": [{"host": 3}]}`,
		`{"nixsec_eval": 1, "hosts": [{"host": "h"}]} x`,
		`[[[[`, ``, `null`,
	} {
		f.Add([]byte(s))
	}
	dir := f.TempDir()
	eng, err := fuzzEngine()
	if err != nil {
		f.Fatal(err)
	}
	enabled := Enabled(eng.Rules(), "paranoid")
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := os.CreateTemp(dir, "doc-*.json")
		if err != nil {
			t.Fatal(err)
		}
		defer os.Remove(p.Name())
		if _, err := p.Write(b); err != nil {
			t.Fatal(err)
		}
		p.Close()
		doc, err := ReadDocument(p.Name())
		if err != nil {
			var ue *inputerr.Error
			if !errors.As(err, &ue) || len(err.Error()) > 1024+len(p.Name()) {
				t.Fatalf("error %T: %v", err, err)
			}
			return
		}
		if doc.Format != 1 || len(doc.Hosts) == 0 {
			t.Fatalf("accepted %+v", doc)
		}
		doc.Root = filepath.Join(dir, "no-such-checkout") // never read the fuzzer's paths
		if _, err := Lint(context.Background(), eng, enabled, doc, sourceFS(doc), Config{}); err != nil {
			t.Logf("lint: %v", err)
		}
	})
}

// FuzzReadConfig: any .nixsec.toml or .nixsec.yaml is read and checked, or
// refused with an *inputerr.Error naming the file, never a panic; exceptions that
// pass the check apply without a panic.
func FuzzReadConfig(f *testing.F) {
	for _, s := range []string{
		"profile = \"server\"\nfail-on = \"medium\"\n[rules]\ndisable = [\"FW001\"]\nseverity = { SSH008 = \"info\" }\n[[exceptions]]\nrule = \"FW001\"\nreason = \"x\"\nexpires = \"2026-12-31\"\noptions = [\"a.*.b\"]\n",
		"profile: workstation\nrules:\n  enable: [KRN001]\nexceptions:\n  - {rule: FW001, reason: x, hosts: [a]}\n",
		"[[exceptions]]\nrule = \"FW001\"\n", "profile = \n", "a: [", "\x00", "",
	} {
		f.Add([]byte(s), strings.HasPrefix(s, "profile:") || strings.HasPrefix(s, "a:"))
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, b []byte, yamlFile bool) {
		name := ".nixsec.toml"
		if yamlFile {
			name = ".nixsec.yaml"
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		c, err := ReadConfig(p)
		if err == nil {
			err = c.Check(knownRules)
		}
		if err != nil {
			var ue *inputerr.Error
			if !errors.As(err, &ue) {
				t.Fatalf("not an *inputerr.Error: %T %v", err, err)
			}
			return
		}
		applyExceptions(c, []report.Finding{{RuleID: "FW001", Host: "a", Path: "a.x.b"}}, time.Now())
		applyRuleConfig([]*rule.Meta{knownRules["FW001"], knownRules["KRN001"]}, c.Profile, c)
	})
}

// FuzzReadBaseline: any --baseline file is read or refused with a
// *inputerr.Error, never a panic.
func FuzzReadBaseline(f *testing.F) {
	for _, s := range []string{
		`{"nixsec_baseline": 1, "findings": [{"fingerprint": "abc", "rule": "FW001", "host": "h", "option": "o", "message": "m"}]}`,
		`{"nixsec_baseline": 1, "findings": [{}]}`, `{"nixsec_baseline": 2}`, `[`, ``, `null`,
	} {
		f.Add([]byte(s))
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, b []byte) {
		p := filepath.Join(dir, "baseline.json")
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		bl, err := ReadBaseline(p)
		if err != nil {
			var ue *inputerr.Error
			if !errors.As(err, &ue) {
				t.Fatalf("not an *inputerr.Error: %T %v", err, err)
			}
			return
		}
		applyBaseline(bl, []report.Finding{{Fingerprint: "abc"}})
	})
}
