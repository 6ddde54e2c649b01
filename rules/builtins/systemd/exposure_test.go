package systemd

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
)

// testdata/exposure/golden.json holds 1069 serviceConfigs and what SVC007's
// Rego implementation, before the scoring moved to Go, computed for them.
// It was produced by a throwaway test that evaluated
// data.nixsec.rules.services.svc007._exposure(sc) and scores(sc) with OPA,
// from the Rego at git commit bae12619655c58a599cf44f2325b401c50558ca3
// (rules/services/svc007.rego and rules/lib/nixsec.rego), on:
//   - every ground object of that commit's svc007_test.rego;
//   - the serviceConfigs of `nixsec eval` of the examples and of a fleet of
//     `go run ./testdata/genflake -hosts 5 -modules 200`;
//   - 132 hand-written edge cases (number literals such as 7.9, -0, 1e400;
//     white space other than \s; nested and empty lists; "~" lists…);
//   - random serviceConfigs from a seeded generator that draws the keys the
//     assessors read, unknown keys, and booleans, words, numbers, lists
//     (with "~" and :errno entries), objects and null as values.
//
// Of 3000 random ones (and, once, 30000 more), 700 are kept: those that
// cover a (assessor, badness), points or tenths value first, those that
// catch a mutant of exposure.go that the full corpus catches, and the first
// of the rest.
//
// The Rego's scores are no oracle any more: compared with systemd-analyze
// security 252 (TestSystemdExposureDifferential runs the corpus through
// it), the builtin now scores 496 of the cases otherwise than the Rego did,
// 403 in tenths, for the reasons exposureFixes lists. The table and the
// serviceConfigs still serve; goldenTenths is the corpus's exposure as
// systemd 252 computes it, so that it is checked without systemd too.
type exposureGolden struct {
	Assessors []struct {
		ID      string `json:"id"`
		Setting string `json:"setting"`
		Weight  int    `json:"weight"`
		Range   int    `json:"range"`
	} `json:"assessors"`
	Cases []struct {
		Source  string          `json:"source"`
		Tenths  int             `json:"tenths"`
		Badness string          `json:"badness"`
		SC      json.RawMessage `json:"sc"`
	} `json:"cases"`
}

func loadExposureGolden(t testing.TB) exposureGolden {
	t.Helper()
	b, err := os.ReadFile("testdata/exposure/golden.json")
	if err != nil {
		t.Fatal(err)
	}
	var g exposureGolden
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	return g
}

// The assessors are those of the Rego implementation this package replaced,
// as golden.json records them (same ids, settings, weights and ranges, in
// the same order), and CAP_BPF, which systemd 252 assesses (after
// CAP_SYS_PACCT) and the analyze-security.c that Rego followed did not.
// No Rego table is left: svc007.rego calls the builtin.
func TestSystemdExposureTable(t *testing.T) {
	g := loadExposureGolden(t)
	type row struct {
		id, setting string
		weight, rng int
	}
	var want []row
	for _, a := range g.Assessors {
		want = append(want, row{a.ID, a.Setting, a.Weight, a.Range})
		if a.ID == "CapabilityBoundingSet=~CAP_SYS_PACCT" {
			want = append(want, row{"CapabilityBoundingSet=~CAP_BPF", "CapabilityBoundingSet", 25, 1})
		}
	}
	if len(assessors) != len(want) || len(want) != 81 {
		t.Fatalf("%d assessors, want %d", len(assessors), len(want))
	}
	for i, a := range assessors {
		if got := (row{a.id, a.setting, a.weight, a.rng}); got != want[i] {
			t.Errorf("assessor %d: %+v, want %+v", i, got, want[i])
		}
	}
	if len(capabilityNames) > 64 {
		t.Errorf("%d capabilities do not fit the bits of view.bounded", len(capabilityNames))
	}
}

// The golden corpus scores as systemd 252 does: goldenTenths, one
// exposure per case in tenths, is systemd-analyze 252's, but for the 261
// cases that hold an object (NixOS cannot write them), the 178 it refuses
// to load and the 5 with values newer than it (systemdDifferences), which
// are nixsec's.
func TestSystemdExposureGolden(t *testing.T) {
	g := loadExposureGolden(t)
	want := strings.Fields(goldenTenths)
	if len(g.Cases) < 1000 {
		t.Fatalf("only %d cases", len(g.Cases))
	}
	now := make([]string, len(g.Cases))
	for i, c := range g.Cases {
		sc, err := ast.ValueFromReader(bytes.NewReader(c.SC))
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		res, err := systemdExposure(ast.NewTerm(sc))
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		now[i] = res.Get(ast.StringTerm("tenths")).String()
		if i < len(want) && now[i] != want[i] {
			t.Errorf("case %d (%s) %s: tenths %s, want %s", i, c.Source, c.SC, now[i], want[i])
		}
	}
	if len(want) != len(now) {
		t.Errorf("%d tenths for %d cases", len(want), len(now))
	}
	if t.Failed() {
		t.Logf("the tenths now, for goldenTenths once systemd-analyze agrees:\n%s", wrapFields(now, 30))
	}
}

func wrapFields(fs []string, n int) string {
	var b strings.Builder
	for i, f := range fs {
		switch {
		case i == 0:
		case i%n == 0:
			b.WriteByte('\n')
		default:
			b.WriteByte(' ')
		}
		b.WriteString(f)
	}
	return b.String()
}

// exposureFixes are readings in which the Rego, and the builtin as first
// ported, differed from systemd-analyze security 252; each case's tenths
// and badness (nil: n/a) are systemd's, and TestSystemdExposureDifferential
// checks them against it.
var exposureFixes = []struct {
	why     string
	sc      map[string]any
	tenths  int
	badness map[string]*int
}{
	{"DynamicUser implies NoNewPrivileges", map[string]any{"DynamicUser": true}, 84, map[string]*int{"NoNewPrivileges=": bp(0)}},
	{"CAP_BPF is assessed", map[string]any{"User": "app", "CapabilityBoundingSet": "CAP_BPF"}, 67, map[string]*int{"CapabilityBoundingSet=~CAP_BPF": bp(1)}},
	{"only native alone is native", map[string]any{"SystemCallArchitectures": "native x86"}, 95, map[string]*int{"SystemCallArchitectures=": bp(8)}},
	{"an invalid UMask is ignored, leaving 0022", map[string]any{"User": "app", "UMask": "12345"}, 92, map[string]*int{"UMask=": bp(5)}},
	{"a float is written with six decimals, no mode", map[string]any{"UMask": json.Number("77.0")}, 96, map[string]*int{"UMask=": bp(5)}},
	{"a float is written with six decimals, no boolean", map[string]any{"PrivateNetwork": json.Number("1.0")}, 96, map[string]*int{"PrivateNetwork=": bp(1)}},
	{"an invalid assignment is ignored, not the last word", map[string]any{"PrivateNetwork": []any{"yes", "bogus"}, "KeyringMode": []any{"shared", ""}}, 93, map[string]*int{"PrivateNetwork=": bp(0), "KeyringMode=": bp(1)}},
	{"an empty list writes nothing", map[string]any{"KeyringMode": []any{}, "UMask": []any{}}, 96, map[string]*int{"KeyringMode=": bp(0), "UMask=": bp(5)}},
	{"a nested list is written as its toString", map[string]any{"PrivateTmp": []any{[]any{true}}}, 94, map[string]*int{"PrivateTmp=": bp(0)}},
	{"null is written as an empty assignment, which turns Delegate on", map[string]any{"Delegate": nil}, 96, map[string]*int{"Delegate=": bp(1)}},
	{"an empty assignment resets a capability set", map[string]any{"CapabilityBoundingSet": []any{"CAP_SYS_ADMIN", ""}, "AmbientCapabilities": []any{"CAP_KILL", ""}}, 71, map[string]*int{"CapabilityBoundingSet=~CAP_SYS_ADMIN": bp(0), "AmbientCapabilities=": bp(0)}},
	{"an assignment naming no capability replaces the set", map[string]any{"CapabilityBoundingSet": []any{"CAP_SYS_ADMIN", "CAP_BOGUS"}}, 71, map[string]*int{"CapabilityBoundingSet=~CAP_SYS_ADMIN": bp(0)}},
	{"capabilities are separated by white space only", map[string]any{"CapabilityBoundingSet": "~CAP_SYS_ADMIN,CAP_KILL"}, 96, map[string]*int{"CapabilityBoundingSet=~CAP_SYS_ADMIN": bp(1)}},
	{"an empty assignment resets IPAddressDeny", map[string]any{"IPAddressDeny": []any{"any", ""}}, 96, map[string]*int{"IPAddressDeny=": bp(10)}},
	{"127.0.0.1 is localhost", map[string]any{"IPAddressDeny": "any", "IPAddressAllow": "127.0.0.1"}, 94, map[string]*int{"IPAddressDeny=": bp(2)}},
	{"an empty assignment resets SupplementaryGroups", map[string]any{"User": "app", "SupplementaryGroups": []any{"wheel", ""}}, 92, map[string]*int{"SupplementaryGroups=": bp(0)}},
	{"a namespace list with an unknown type is ignored", map[string]any{"RestrictNamespaces": "net bogus"}, 96, map[string]*int{"RestrictNamespaces=~CLONE_NEWUSER": bp(1)}},
	{"an empty assignment resets RestrictNamespaces", map[string]any{"RestrictNamespaces": ""}, 96, map[string]*int{"RestrictNamespaces=~CLONE_NEWUSER": bp(1)}},
	{"an unknown address family is no exotic one", map[string]any{"RestrictAddressFamilies": "AF_BOGUS"}, 89, map[string]*int{"RestrictAddressFamilies=~…": bp(0)}},
	{"after none, ~ makes a deny list", map[string]any{"RestrictAddressFamilies": []any{"none", "~AF_INET"}}, 93, map[string]*int{"RestrictAddressFamilies=~AF_(INET|INET6)": bp(0), "RestrictAddressFamilies=~AF_UNIX": bp(1)}},
	{"AF_INET6 stays allowed when AF_INET goes", map[string]any{"RestrictAddressFamilies": []any{"AF_INET AF_INET6", "~AF_INET"}}, 91, map[string]*int{"RestrictAddressFamilies=~AF_(INET|INET6)": bp(1)}},
	{"@privileged holds _sysctl (@obsolete), chroot and pivot_root (@mount)", map[string]any{"SystemCallFilter": []any{"@privileged", "~@clock"}}, 89, map[string]*int{"SystemCallFilter=~@obsolete": bp(9), "SystemCallFilter=~@mount": bp(9), "SystemCallFilter=~@clock": bp(0)}},
	{"~@system-service denies all of @resources", map[string]any{"SystemCallFilter": "~@system-service"}, 95, map[string]*int{"SystemCallFilter=~@resources": bp(0), "SystemCallFilter=~@privileged": bp(10)}},
	{"~@known leaves nfsservctl of @privileged", map[string]any{"SystemCallFilter": "~@known"}, 81, map[string]*int{"SystemCallFilter=~@privileged": bp(10), "SystemCallFilter=~@swap": bp(0)}},
	{"a later entry of the other kind takes calls out of a deny list", map[string]any{"SystemCallFilter": []any{"~@mount", "@mount"}}, 96, map[string]*int{"SystemCallFilter=~@mount": bp(10)}},
	{"single system calls count", map[string]any{"SystemCallFilter": "~swapon swapoff"}, 94, map[string]*int{"SystemCallFilter=~@swap": bp(0)}},
	{"@system-service keeps privileged calls without @chown and @setuid", map[string]any{"SystemCallFilter": []any{"@system-service", "~@chown @setuid"}}, 82, map[string]*int{"SystemCallFilter=~@privileged": bp(9)}},
	{"an allow list takes no errno", map[string]any{"SystemCallFilter": "@swap:EPERM"}, 80, map[string]*int{"SystemCallFilter=~@swap": bp(0), "SystemCallFilter=~@privileged": bp(0)}},
	{"RootImage adds devices to a closed policy", map[string]any{"RootImage": "/srv/app.raw", "PrivateDevices": true}, 90, map[string]*int{"DeviceAllow=": bp(5)}},
	{"an invalid DevicePolicy is ignored", map[string]any{"PrivateDevices": true, "DevicePolicy": ""}, 90, map[string]*int{"DeviceAllow=": bp(0)}},
	{"an invalid DeviceAllow entry is ignored", map[string]any{"DevicePolicy": "strict", "DeviceAllow": "/sys/x r"}, 94, map[string]*int{"DeviceAllow=": bp(0)}},
	{"encrypted credentials add the TPM", map[string]any{"DevicePolicy": "closed", "LoadCredentialEncrypted": "key"}, 95, map[string]*int{"DeviceAllow=": bp(5)}},
	{"systemd strips the value", map[string]any{"User": " 0 ", "UMask": " 0077 "}, 96, map[string]*int{"User=/DynamicUser=": bp(10), "RemoveIPC=": na, "UMask=": bp(0)}},
	{"systemd strips the name", map[string]any{"User ": "app"}, 92, map[string]*int{"User=/DynamicUser=": bp(0)}},
	{"a line break ends the value", map[string]any{"RestrictRealtime": "yes\n~ yes"}, 95, map[string]*int{"RestrictRealtime=": bp(0)}},
	{"newer words turn on only their setting", map[string]any{"PrivateTmp": "strict", "ProtectHostname": "self"}, 96, map[string]*int{"PrivateTmp=": bp(1), "ProtectHostname=": bp(1)}},
	{"Delegate takes any non-boolean as on", map[string]any{"Delegate": ""}, 96, map[string]*int{"Delegate=": bp(1)}},
}

func bp(b int) *int { return &b }

// na is an assessor that does not apply.
var na *int

func TestSystemdExposureFixes(t *testing.T) {
	for i, f := range exposureFixes {
		e := ExposureOf(toAST(f.sc))
		if e.Tenths != f.tenths {
			t.Errorf("fix %d (%s) %v: tenths %d, want %d", i, f.why, f.sc, e.Tenths, f.tenths)
		}
		got := map[string]int{}
		for _, s := range e.Scores {
			got[s.ID] = s.Badness
		}
		for id, want := range f.badness {
			b, ok := got[id]
			if (want == nil) == ok || (ok && b != *want) {
				t.Errorf("fix %d (%s) %v: %s %v (scored: %v), want %v", i, f.why, f.sc, id, b, ok, badnessString(deref(want), want != nil))
			}
		}
	}
}

func deref(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}

// Through OPA, as the rules call it: a serviceConfig gives its exposure; a
// non-object is an error, which fails the evaluation (StrictBuiltinErrors,
// as Engine.Eval runs): a rule cannot pass because it could not score.
func TestSystemdExposureInOPA(t *testing.T) {
	caps := ast.CapabilitiesForThisVersion()
	caps.Builtins = append(caps.Builtins, Decl)
	pq, err := rego.New(
		rego.Query(`x := nixsec.systemd_exposure(input.sc)`),
		rego.Capabilities(caps),
		rego.StrictBuiltinErrors(true),
		rego.SetRegoVersion(ast.RegoV1),
		Impl,
	).PrepareForEval(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	rs, err := pq.Eval(context.Background(), rego.EvalInput(map[string]any{"sc": map[string]any{"User": "app"}}))
	if err != nil || len(rs) != 1 {
		t.Fatalf("%v %v", rs, err)
	}
	if x := rs[0].Bindings["x"].(map[string]any); x["tenths"] != json.Number("92") {
		t.Errorf("User=app: %v, want tenths 92", x)
	}
	for _, sc := range []any{5, "x", nil, []any{map[string]any{}}, true} {
		rs, err := pq.Eval(context.Background(), rego.EvalInput(map[string]any{"sc": sc}))
		if err == nil || !strings.Contains(err.Error(), "nixsec.systemd_exposure: operand 1 must be object") {
			t.Errorf("%v: %v, %v; want a type error", sc, rs, err)
		}
	}
}

// FuzzSystemdExposure: any JSON value gives an exposure (an object) or a
// type error (anything else), never a panic, and the exposure is
// consistent: scores in the table's order with badness within range,
// points by systemd's formula, summed per setting, and the tenths.
func FuzzSystemdExposure(f *testing.F) {
	if g, err := os.ReadFile("testdata/exposure/golden.json"); err == nil {
		var gold exposureGolden
		if json.Unmarshal(g, &gold) == nil {
			for _, c := range gold.Cases {
				f.Add([]byte(c.SC))
			}
		}
	}
	for _, s := range []string{`5`, `"x"`, `null`, `[{}]`, `true`, `{"UMask": 1e999}`, `{"User": -0.0}`} {
		f.Add([]byte(s))
	}
	rng := map[string]int{}
	order := map[string]int{}
	for i, a := range assessors {
		rng[a.id], order[a.id] = a.rng, i
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := ast.ValueFromReader(bytes.NewReader(data))
		if err != nil {
			return
		}
		res, err := systemdExposure(ast.NewTerm(v))
		if _, obj := v.(ast.Object); !obj {
			if err == nil || res != nil {
				t.Fatalf("%s: %v, %v; want a type error", data, res, err)
			}
			return
		}
		if err != nil {
			t.Fatalf("%s: %v", data, err)
		}
		x, err := ast.JSON(res.Value)
		if err != nil {
			t.Fatal(err)
		}
		var e struct {
			Tenths int            `json:"tenths"`
			Points map[string]int `json:"points"`
			Scores []Score        `json:"scores"`
		}
		if b, err := json.Marshal(x); err != nil || json.Unmarshal(b, &e) != nil {
			t.Fatalf("%s: result %v", data, x)
		}
		sum, weight, last := 0, 0, -1
		points := map[string]int{}
		for _, s := range e.Scores {
			r, known := rng[s.ID]
			if !known || order[s.ID] <= last || s.Badness < 0 || s.Badness > r || s.Points != (s.Badness*s.Weight+r-1)/r {
				t.Fatalf("%s: score %+v", data, s)
			}
			last = order[s.ID]
			sum, weight = sum+s.Points, weight+s.Weight
			if s.Points > 0 {
				points[s.Setting] += s.Points
			}
		}
		if len(e.Scores) < len(assessors)-3 || e.Tenths < 0 || e.Tenths > 100 || e.Tenths != (100*sum+weight-1)/weight {
			t.Fatalf("%s: tenths %d from %d scores", data, e.Tenths, len(e.Scores))
		}
		if len(points) != len(e.Points) {
			t.Fatalf("%s: points %v, scores sum to %v", data, e.Points, points)
		}
		for s, p := range points {
			if e.Points[s] != p {
				t.Fatalf("%s: points %v, scores sum to %v", data, e.Points, points)
			}
		}
	})
}

// goldenTenths: see TestSystemdExposureGolden.
const goldenTenths = `
96 14 96 96 96 96 92 84 83 96 96 96 96 96 96 96 92 96 96 96 96 96 96 96 96 96 96 88 95 84
92 83 96 95 95 95 94 95 94 94 91 91 96 94 94 96 96 72 90 96 71 96 71 90 92 93 92 96 97 82
89 82 94 95 96 88 88 90 93 89 94 94 89 96 96 96 96 96 96 95 94 96 98 98 96 96 96 96 95 95
94 94 96 94 95 94 96 87 94 95 95 92 92 94 87 72 78 77 76 96 96 96 94 96 96 96 96 96 96 96
43 84 84 96 84 96 92 87 92 43 96 96 89 83 83 89 43 43 96 89 84 89 43 89 84 84 43 89 84 89
84 83 87 43 89 43 84 92 87 39 89 96 96 89 84 43 96 43 96 96 96 43 84 43 96 89 43 84 96 84
89 89 96 89 43 84 84 96 96 84 43 84 89 43 89 43 84 89 96 43 89 84 43 89 96 43 96 84 89 43
96 84 89 43 84 89 43 43 96 96 96 84 89 84 84 43 89 89 89 84 43 12 96 96 96 96 84 94 94 94
95 94 96 96 96 96 96 96 96 96 96 96 96 96 96 96 96 96 96 96 96 96 96 96 96 96 96 96 96 96
96 96 96 96 96 96 91 92 96 96 92 96 96 92 96 96 84 88 87 96 84 96 84 71 71 93 71 72 73 72
96 71 92 69 93 88 88 89 96 96 96 96 88 96 89 96 96 96 89 90 94 83 82 82 80 80 90 90 90 87
94 94 90 96 95 84 95 95 96 95 95 96 96 96 96 96 92 92 92 96 96 97 97 95 96 96 96 96 96 96
96 94 96 96 92 96 92 94 96 91 96 92 96 94 95 96 96 96 93 96 96 96 96 90 96 96 71 96 96 92
94 96 93 93 96 90 95 87 96 89 90 79 96 87 96 96 97 96 92 95 96 96 95 66 78 96 71 96 96 96
82 93 92 97 89 95 94 61 92 71 71 95 96 96 95 92 96 96 84 92 96 98 94 98 90 96 96 96 96 89
96 71 80 95 63 96 83 65 92 67 95 71 90 98 92 88 88 80 96 96 94 95 91 96 92 96 94 95 78 96
96 95 95 95 96 96 90 96 94 79 96 84 95 80 94 95 96 79 89 95 96 96 93 96 96 92 96 84 94 98
96 96 96 96 96 96 78 96 96 96 96 96 96 96 96 92 93 94 95 95 64 89 97 96 88 57 96 96 91 96
93 96 90 94 96 89 96 94 73 80 87 83 95 83 96 96 72 92 96 95 94 96 94 96 89 95 95 92 91 66
96 96 96 93 94 64 90 95 88 96 87 71 89 95 78 90 98 94 96 94 90 88 91 95 96 96 50 73 94 96
94 95 96 93 96 96 80 72 96 93 75 61 69 93 94 95 96 96 96 97 96 95 95 96 96 94 96 96 96 81
94 73 94 94 85 89 94 96 95 96 96 96 96 91 94 66 95 88 92 95 90 82 96 96 71 73 96 95 90 90
94 50 96 96 79 52 95 92 82 96 86 95 84 96 96 90 92 69 94 96 96 98 80 96 96 96 90 95 96 71
96 96 78 95 69 92 92 94 96 96 88 92 94 83 89 94 96 95 94 71 96 96 94 93 87 96 89 96 98 96
96 96 95 98 96 96 96 84 57 82 96 70 96 95 89 96 94 94 67 85 96 96 65 96 96 90 96 89 95 94
87 84 96 95 96 67 96 75 96 84 96 96 97 96 91 81 87 96 96 95 64 68 96 95 95 71 92 84 90 96
96 95 71 96 96 92 96 96 95 96 94 91 96 95 96 91 94 96 96 67 97 89 57 70 96 90 96 84 95 95
94 96 71 96 81 80 91 96 96 96 94 93 93 92 67 96 95 96 86 96 96 75 96 81 96 96 96 88 89 89
89 96 96 71 82 90 96 96 73 90 96 91 96 96 92 73 81 96 96 94 94 71 96 95 95 87 90 96 91 96
84 69 92 96 96 96 96 96 92 96 92 96 94 96 94 96 94 94 95 96 95 96 96 71 94 96 96 51 86 93
96 80 95 85 89 89 91 81 88 79 72 96 96 88 87 96 90 95 71 96 92 88 67 95 96 96 80 73 96 89
96 96 96 96 90 94 96 96 96 96 96 96 94 96 94 96 96 96 95 94 92 90 88 92 86 96 96 96 96 96
87 89 95 96 95 96 68 72 91 95 96 95 95 96 70 90 96 98 90 94 96 96 92 96 86 96 88 96 83 76
94 94 97 92 97 96 89 96 95 80 93 96 95 96 94 96 96 76 93 77 96 90 96 71 96 96 93 96 96 95
90 73 91 56 94 92 96 95 94 96 94 96 95 96 93 96 94 96 78 67 68 96 94 96 97 95 76 44 87 59
51 66 66 93 71 63 98 86 88 94 66 60 59 60 88 94 65 60 75
`
