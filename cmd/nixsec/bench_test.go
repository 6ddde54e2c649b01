package main

import (
	"context"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/sourcegraph/conc/pool"

	"github.com/nixsec/nixsec/evalbridge"
	"github.com/nixsec/nixsec/lint"
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
	flake := benchFlake(b)
	ctx := context.Background()
	r := &evalbridge.Runner{}
	f, err := r.Resolve(ctx, flake)
	if err != nil {
		b.Fatal(err)
	}
	hosts, err := r.Hosts(ctx, f)
	if err != nil {
		b.Fatal(err)
	}
	eng, err := lint.NewEngine(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	jobs := min(runtime.NumCPU(), 4)
	argv := r.Argv(f, hosts, lint.Requests(lint.Enabled(eng.Rules(), "server")), evalbridge.Options{Jobs: jobs})
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, a := range argv[:2] {
			if out, err := exec.Command(a[0], a[1:]...).CombinedOutput(); err != nil {
				b.Fatalf("%v: %s", err, out)
			}
		}
		p := pool.New().WithErrors().WithMaxGoroutines(jobs)
		for _, a := range argv[2:] {
			p.Go(func() error { return exec.Command(a[0], a[1:]...).Run() })
		}
		if err := p.Wait(); err != nil {
			b.Fatal(err)
		}
	}
}

func benchFlake(b *testing.B) string {
	b.Helper()
	requireNix(b)
	return filepath.Join(workspace(b), "examples/multi-host")
}
