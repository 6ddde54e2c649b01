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

// BenchmarkSortFindings sorts what a warm re-check of a generated
// 1000-host fleet sorts: about 50 findings a host, spread over a shared
// module and each host's own file (docs/performance.md).
func BenchmarkSortFindings(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 4))
	var fs []Finding
	for h := range 1000 {
		host := fmt.Sprintf("host%04d", h)
		for i := range 50 {
			file := fmt.Sprintf("/fleet/hosts/%s.nix", host)
			if i%3 == 0 {
				file = fmt.Sprintf("/fleet/modules/m%d.nix", i%7)
			}
			fs = append(fs, Finding{
				Location: Location{File: file, StartLine: 1 + r.IntN(80), StartCol: 3},
				RuleID:   fmt.Sprintf("R%03d", i), Host: host, Path: fmt.Sprintf("services.x%d.enable", i),
				Message: "a message of some length about the option", Fingerprint: fmt.Sprint(i),
			})
		}
	}
	r.Shuffle(len(fs), func(i, j int) { fs[i], fs[j] = fs[j], fs[i] })
	work := make([]Finding, len(fs))
	b.ReportAllocs()
	for b.Loop() {
		copy(work, fs)
		SortFindings(work)
	}
}
