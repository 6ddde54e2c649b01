package systemd

import (
	"os"
	"regexp"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
)

// readUnit reads only scoredSettings (so that a unit's ExecStart and the
// like are not converted): every setting the scoring reads must be one,
// or it would read as unset. The scoring names what it reads as string
// literals: v.get("X"), v.lastPath("X"), v.validPaths("X"), lines["X"],
// and the one list of names it loops over, besides boolSettings.
func TestScoredSettingsCoverReads(t *testing.T) {
	src, err := os.ReadFile("exposure.go")
	if err != nil {
		t.Fatal(err)
	}
	read := regexp.MustCompile(`(?:\.get|\.lastPath|\.validPaths)\("(\w+)"\)|lines\["(\w+)"\]|range \[\]string\{((?:"\w+",? ?)+)\}`)
	word := regexp.MustCompile(`"(\w+)"`)
	n := 0
	for _, m := range read.FindAllStringSubmatch(string(src), -1) {
		names := []string{m[1] + m[2]}
		if m[3] != "" {
			names = nil
			for _, w := range word.FindAllStringSubmatch(m[3], -1) {
				names = append(names, w[1])
			}
		}
		for _, name := range names {
			n++
			if !scoredSettings[name] {
				t.Errorf("exposure.go reads %s, which is not in scoredSettings: readUnit leaves it out", name)
			}
		}
	}
	if n < 25 {
		t.Fatalf("found %d reads in exposure.go: the pattern no longer matches how it reads settings", n)
	}
	for name := range boolSettings {
		if !scoredSettings[name] {
			t.Errorf("boolean setting %s is not in scoredSettings", name)
		}
	}
}

// A setting readUnit leaves out changes nothing: the score of a unit with
// settings nothing scores is the score without them.
func TestUnscoredSettingsIgnored(t *testing.T) {
	sc := ast.MustParseTerm(`{"User": "app", "ProtectSystem": "strict", "SystemCallFilter": ["@system-service"]}`).Value.(ast.Object)
	more := ast.MustParseTerm(`{"User": "app", "ProtectSystem": "strict", "SystemCallFilter": ["@system-service"],
		"ExecStart": "/bin/x", "Type": "oneshot", "Restart": "always", "Environment": ["A=1"]}`).Value.(ast.Object)
	if a, b := ExposureOf(sc), ExposureOf(more); a.Tenths != b.Tenths || a.bySetting != b.bySetting {
		t.Errorf("exposure %d without unscored settings, %d with them", a.Tenths, b.Tenths)
	}
}
