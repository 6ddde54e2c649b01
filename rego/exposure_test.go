package rego

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

// testdata/exposure/golden.json is the oracle of nixsec.systemd_exposure:
// what SVC007's Rego implementation, before the scoring moved to Go,
// computed for 1069 serviceConfigs. It was produced by a throwaway test
// that evaluated data.nixsec.rules.services.svc007._exposure(sc) and
// scores(sc) with OPA, from the Rego at git commit
// bae12619655c58a599cf44f2325b401c50558ca3 (rules/services/svc007.rego and
// rules/lib/nixsec.rego), on:
//   - every ground object of that commit's svc007_test.rego;
//   - the serviceConfigs of `nixsec eval` of the examples and of a fleet of
//     `go run ./testdata/genflake -hosts 5 -modules 200`;
//   - 132 hand-written edge cases (number literals such as 7.9, -0, 1e400;
//     white space other than \s; nested and empty lists; "~" lists…);
//   - random serviceConfigs from a seeded generator that draws the keys the
//     assessors read, unknown keys, and booleans, words, numbers, lists
//     (with "~" and :errno entries), objects and null as values.
//
// Of 3000 random ones (and, once, 30000 more), on which the Go builtin and
// the Rego agreed on every tenths, points and score, 700 are kept: those
// that cover a (assessor, badness), points or tenths value first, those
// that catch a mutant of exposure.go that the full corpus catches, and
// the first of the rest. A case stores its tenths and each assessor's
// badness; the generator checked that the scores' ids, settings, weights
// and points, and the points per setting, are what the table and systemd's
// formula make of them, so the expectations below are the Rego's exactly.
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

// The assessors are the Rego's: same ids, settings, weights and ranges,
// in the same order.
func TestSystemdExposureTable(t *testing.T) {
	g := loadExposureGolden(t)
	if len(g.Assessors) != len(assessors) {
		t.Fatalf("%d assessors, the golden has %d", len(assessors), len(g.Assessors))
	}
	if len(capBits) > 64 {
		t.Errorf("%d capabilities do not fit the bits of view.bounded", len(capBits))
	}
	for i, a := range assessors {
		w := g.Assessors[i]
		if a.id != w.ID || a.setting != w.Setting || a.weight != w.Weight || a.rng != w.Range {
			t.Errorf("assessor %d: %s %s %d/%d, want %+v", i, a.id, a.setting, a.weight, a.rng, w)
		}
	}
}

// The builtin returns exactly what the Rego computed on every case.
func TestSystemdExposureGolden(t *testing.T) {
	g := loadExposureGolden(t)
	if len(g.Cases) < 1000 {
		t.Fatalf("only %d cases", len(g.Cases))
	}
	for i, c := range g.Cases {
		sc, err := ast.ValueFromReader(bytes.NewReader(c.SC))
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		got, err := systemdExposure(ast.NewTerm(sc))
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		// expand the case into the builtin's result
		var scores []any
		points := map[string]any{}
		for k, ch := range c.Badness {
			if ch == '-' {
				continue
			}
			a := g.Assessors[k]
			b := strings.IndexRune("0123456789a", ch)
			p := (b*a.Weight + a.Range - 1) / a.Range
			scores = append(scores, map[string]any{"id": a.ID, "setting": a.Setting, "weight": a.Weight, "badness": b, "points": p})
			if p > 0 {
				n, _ := points[a.Setting].(int)
				points[a.Setting] = n + p
			}
		}
		want, err := ast.InterfaceToValue(map[string]any{"tenths": c.Tenths, "points": points, "scores": scores})
		if err != nil {
			t.Fatal(err)
		}
		if got.Value.Compare(want) != 0 {
			t.Errorf("case %d (%s) %s:\n got  %v\n want %v", i, c.Source, c.SC, got, want)
		}
	}
}

// Through OPA, as the rules call it: a serviceConfig gives its exposure; a
// non-object is an error, which fails the evaluation (StrictBuiltinErrors,
// as Engine.Eval runs): a rule cannot pass because it could not score.
func TestSystemdExposureInOPA(t *testing.T) {
	opts := append([]func(*rego.Rego){
		rego.Query(`x := nixsec.systemd_exposure(input.sc)`),
		rego.Capabilities(Capabilities()),
		rego.StrictBuiltinErrors(true),
		rego.SetRegoVersion(ast.RegoV1),
	}, Functions()...)
	pq, err := rego.New(opts...).PrepareForEval(context.Background())
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
