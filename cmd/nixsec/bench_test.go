package main

import (
	"path/filepath"
	"testing"

	"github.com/nixsec/nixsec/internal/testenv"
)

// BenchmarkCheckMultiHost is `nixsec check` on examples/multi-host, from
// flake resolution to the printed report. Compare with
// BenchmarkBareNixMultiHost, the same nix calls run bare, for the cost
// nixsec adds on top of Nix:
//
//	go test ./cmd/nixsec -run '^$' -bench MultiHost -benchtime 20x
func BenchmarkCheckMultiHost(b *testing.B) {
	flake := benchFlake(b)
	for i := 0; i < b.N; i++ {
		if r := nixsec(b, "check", "--no-cache", "--format", "json", flake); r.code != 1 {
			b.Fatalf("exit %d: %s", r.code, r.stderr)
		}
	}
}

// BenchmarkBareNixMultiHost runs the nix command lines a check makes
// (metadata, host list, one extraction per host, hosts in parallel with
// the same --jobs default) and nothing else.
func BenchmarkBareNixMultiHost(b *testing.B) {
	argv := bareSetup(b, benchFlake(b), 0)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		runBare(b, argv)
	}
}

func benchFlake(b *testing.B) string {
	b.Helper()
	testenv.RequireNix(b)
	return filepath.Join(workspace(b), "examples/multi-host")
}
