package report

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"sort"
	"testing"
)

// SortFindings orders as the stable sort by its fields in order would.
func TestSortFindingsIsStableByFields(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	pick := func(xs ...string) string { return xs[r.IntN(len(xs))] }
	for round := 0; round < 50; round++ {
		var fs []Finding
		for i := range r.IntN(300) {
			fs = append(fs, Finding{
				Location: Location{File: pick("a.nix", "b.nix", "flake.nix", ""), StartLine: r.IntN(4), StartCol: r.IntN(3)},
				RuleID:   pick("SSH001", "SSH002", "FW001"), Host: pick("web", "db", "h10", "h9"),
				Path: pick("x", "y"), Message: pick("m", "n"), Fingerprint: fmt.Sprint(i),
			})
		}
		want := append([]Finding(nil), fs...)
		sort.SliceStable(want, func(i, j int) bool {
			a, b := want[i], want[j]
			switch {
			case a.Location.File != b.Location.File:
				return a.Location.File < b.Location.File
			case a.Location.StartLine != b.Location.StartLine:
				return a.Location.StartLine < b.Location.StartLine
			case a.Location.StartCol != b.Location.StartCol:
				return a.Location.StartCol < b.Location.StartCol
			case a.RuleID != b.RuleID:
				return a.RuleID < b.RuleID
			case a.Host != b.Host:
				return a.Host < b.Host
			case a.Path != b.Path:
				return a.Path < b.Path
			}
			return a.Message < b.Message
		})
		SortFindings(fs)
		if !reflect.DeepEqual(fs, want) {
			t.Fatalf("round %d: order differs", round)
		}
	}
}
