package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nixsec/nixsec/internal/testenv"
)

// check --stats says where the time went: on stderr as a table, and in the
// JSON report; without it the report has no timings (it stays the same
// from run to run).
func TestStats(t *testing.T) {
	testenv.Slow(t)
	testenv.RequireNix(t)
	t.Parallel()
	flake := filepath.Join(workspace(t), "examples/multi-host")
	r := nixsec(t, "check", flake, "--stats", "--format", "json", "--no-cache")
	validateReport(t, []byte(r.stdout))
	var rep struct {
		Stats map[string]any `json:"stats"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatal(err)
	}
	s := map[string]float64{}
	for k, v := range rep.Stats {
		if n, ok := v.(float64); ok {
			s[k] = n
		}
	}
	if rep.Stats["resolveCached"] != false || rep.Stats["findingsCached"] != float64(0) {
		t.Errorf("--no-cache took something from the cache: %v", rep.Stats)
	}
	if s["hosts"] != 4 || s["evaluateMs"] <= 0 || s["rulesMs"] <= 0 || s["compileMs"] <= 0 || s["resolveMs"] <= 0 ||
		s["totalMs"] < s["resolveMs"]+s["evaluateMs"] || s["cpuMs"] <= 0 {
		t.Errorf("stats %v", s)
	}
	for _, phase := range []string{"load", "resolve", "compile", "evaluate", "rules", "place", "report", "write", "total", "cpu"} {
		if !strings.Contains(r.stderr, "\n  "+phase+" ") {
			t.Errorf("no %s in the table:\n%s", phase, r.stderr)
		}
	}
	if !strings.Contains(r.stderr, "cached: resolve from nix, findings of 0 of 4 hosts") {
		t.Errorf("no cache line in the table:\n%s", r.stderr)
	}
	if plain := nixsec(t, "check", flake, "--format", "json"); strings.Contains(plain.stdout, `"stats"`) {
		t.Error("timings in a report without --stats")
	}
}
