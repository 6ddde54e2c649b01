package lint

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nixsec/nixsec/engine"
	"github.com/nixsec/nixsec/evalbridge"
)

// A run whose rule selection is cached parses, to compile, only the
// built-in modules its rules compile from (no framework-only STIG rule,
// none of the STIG libraries), and the user's policies whole, one of whose
// rules is skipped. It compiles the same modules as a run that parsed the
// whole bundle, and the two engines find the same violations.
func TestCachedRulesParseOnlyTheirModules(t *testing.T) {
	pol := filepath.Join("..", "examples", "policies")
	cfg := Config{
		Eval:   EvalConfig{Cache: &evalbridge.Cache{Dir: t.TempDir(), Version: "test"}},
		Select: Selection{PolicyDirs: []string{pol}, DataFiles: []string{filepath.Join(pol, "data.yaml")}, SkipRules: []string{"ORG002"}},
	}
	first, err := loadRules(cfg)
	if err != nil {
		t.Fatal(err)
	}
	second, err := loadRules(cfg)
	if err != nil {
		t.Fatal(err)
	}
	full, err := first.bundle()
	if err != nil {
		t.Fatal(err)
	}
	part, err := second.bundle()
	if err != nil {
		t.Fatal(err)
	}
	ids := ruleIDs(first.enabled)
	if !slices.Equal(ruleIDs(second.enabled), ids) {
		t.Fatalf("the cached selection differs: %v vs %v", ruleIDs(second.enabled), ids)
	}
	parsed := part.Files()
	if len(parsed) >= len(full.Files())*3/4 {
		t.Errorf("the cached run parsed %d of %d modules", len(parsed), len(full.Files()))
	}
	for _, f := range parsed {
		if strings.HasPrefix(f, "builtin:stig/") {
			t.Errorf("the cached run parsed %s, which no enabled rule reads", f)
		}
	}
	for _, f := range []string{"org001.rego", "org002.rego", "org003.rego"} {
		if !slices.Contains(parsed, filepath.Join(pol, f)) {
			t.Errorf("the user's %s was not parsed: %v", f, parsed)
		}
	}
	if a, b := full.Only(ids).Files(), part.Only(ids).Files(); !slices.Equal(a, b) {
		t.Errorf("compiled modules differ:\n whole %v\ncached %v", a, b)
	}
	// A host with findings for the built-in rules and the user's.
	var config map[string]any
	if err := json.Unmarshal([]byte(`{
		"services": {"openssh": {"enable": true, "settings": {"PasswordAuthentication": true, "PermitRootLogin": "yes", "AllowUsers": ["mallory"]}, "ports": [22]}},
		"networking": {"firewall": {"enable": false}},
		"users": {"users": {"alice": {"password": "x", "isNormalUser": true}}, "mutableUsers": false},
		"boot": {"loader": {"systemd-boot": {"editor": true}}}}`), &config); err != nil {
		t.Fatal(err)
	}
	in := Input(&evalbridge.Document{}, evalbridge.HostEval{Host: "web", Config: config}, time.Unix(0, 0))
	ctx := context.Background()
	var found []string
	for _, b := range []*engine.Bundle{full, part} {
		eng, err := b.Only(ids).Prepare(ctx)
		if err != nil {
			t.Fatal(err)
		}
		res, err := eng.EvalHost(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		var vs []string
		for _, v := range res.Violations {
			vs = append(vs, fmt.Sprintf("%s %s %s", v.Rule.ID, v.Path, v.Message))
		}
		slices.Sort(vs)
		found = append(found, strings.Join(vs, "\n"))
	}
	if found[0] != found[1] {
		t.Errorf("the engines differ:\n whole:\n%s\ncached:\n%s", found[0], found[1])
	}
	if n := strings.Count(found[0], "\n") + 1; n < 5 || !strings.Contains(found[0], "SSH") || !strings.Contains(found[0], "ORG") {
		t.Errorf("too few violations to compare (%d):\n%s", n, found[0])
	}
}
