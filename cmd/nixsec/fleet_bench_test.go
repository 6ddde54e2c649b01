package main

// Benchmarks over generated fleets (testdata/genflake): what nixsec adds
// to Nix, what batching hosts into nix processes buys, what a naive
// evaluator would cost, and the Rego and parser costs. scripts/bench.sh
// runs them and prints the table of docs/performance.md:
//
//	NIXSEC_BENCH_HOSTS=1,10,100 go test ./cmd/nixsec -run '^$' -bench Fleet -benchtime 1x -count 3
//
// NIXSEC_BENCH_DIR, when set, holds pre-generated fleets as fleet<N>/
// (bench.sh generates them once for all runs); else each benchmark
// generates its own.

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/sourcegraph/conc/pool"

	"github.com/nixsec/nixsec/engine"
	"github.com/nixsec/nixsec/evalbridge"
	"github.com/nixsec/nixsec/internal/testenv"
	"github.com/nixsec/nixsec/lint"
	"github.com/nixsec/nixsec/lint/nixsyntax"
	"github.com/nixsec/nixsec/testdata/genflake/gen"
)

// benchHosts are the fleet sizes, from NIXSEC_BENCH_HOSTS (default 1,10).
func benchHosts(b *testing.B) []int {
	spec := os.Getenv("NIXSEC_BENCH_HOSTS")
	if spec == "" {
		spec = "1,10"
	}
	var out []int
	for _, s := range strings.Split(spec, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			b.Fatalf("NIXSEC_BENCH_HOSTS=%q: want sizes like 1,10,100", spec)
		}
		out = append(out, n)
	}
	return out
}

var (
	fleetMu   sync.Mutex
	fleetDirs = map[int]string{}
)

// fleet returns a generated flake of n hosts.
func fleet(b testing.TB, n int) string {
	b.Helper()
	testenv.RequireNix(b)
	if d := os.Getenv("NIXSEC_BENCH_DIR"); d != "" {
		p := filepath.Join(d, fmt.Sprintf("fleet%d", n))
		if _, err := os.Stat(filepath.Join(p, "flake.nix")); err == nil {
			return p
		}
	}
	fleetMu.Lock()
	defer fleetMu.Unlock()
	if p, ok := fleetDirs[n]; ok {
		return p
	}
	dir, err := os.MkdirTemp("", "nixsec-fleet")
	if err != nil {
		b.Fatal(err)
	}
	p := filepath.Join(dir, "flake")
	if err := gen.Generate(gen.Options{Hosts: n, Out: p, Lib: filepath.Join(repoRoot(b), "examples/lib")}); err != nil {
		b.Fatal(err)
	}
	fleetDirs[n] = p
	return p
}

func defaultJobs() int { return min(runtime.NumCPU(), 4) }

// BenchmarkFleetCheck is `nixsec check` without the cache, from flake
// resolution to the printed JSON report, at the default batch size.
func BenchmarkFleetCheck(b *testing.B) {
	for _, n := range benchHosts(b) {
		b.Run(fmt.Sprintf("hosts=%d", n), func(b *testing.B) {
			flake := fleet(b, n)
			for i := 0; i < b.N; i++ {
				if r := nixsec(b, "check", "--no-cache", "--format", "json", flake); r.code != 1 {
					b.Fatalf("exit %d: %s", r.code, r.stderr)
				}
			}
		})
	}
}

// BenchmarkFleetCached is `nixsec check` on an unchanged flake with a
// warm cache: no host is evaluated.
func BenchmarkFleetCached(b *testing.B) {
	for _, n := range benchHosts(b) {
		b.Run(fmt.Sprintf("hosts=%d", n), func(b *testing.B) {
			flake := fleet(b, n)
			b.Setenv("XDG_CACHE_HOME", b.TempDir())
			if r := nixsec(b, "check", "--format", "json", flake); r.code != 1 {
				b.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if r := nixsec(b, "check", "--format", "json", flake); r.code != 1 {
					b.Fatalf("exit %d: %s", r.code, r.stderr)
				}
			}
		})
	}
}

// BenchmarkFleetBatch is the nix work of a check run bare at several
// batch sizes: 1 (a nix process per host), the default, 32, and all hosts
// in --jobs processes. Bare, so that the Rego time (the same at every
// batch size) does not dilute the difference.
func BenchmarkFleetBatch(b *testing.B) {
	for _, n := range benchHosts(b) {
		sizes := []int{1, evalbridge.DefaultBatchSize, 32, (n + defaultJobs() - 1) / defaultJobs()}
		seen := map[int]bool{}
		for _, size := range sizes {
			size = max(1, min(size, n))
			if seen[size] {
				continue
			}
			seen[size] = true
			name := fmt.Sprintf("hosts=%d/batch=%d", n, size)
			if size > 1 && size == (n+defaultJobs()-1)/defaultJobs() {
				name += "(jobs)"
			}
			b.Run(name, func(b *testing.B) {
				argv := bareSetup(b, fleet(b, n), size)
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					runBare(b, argv)
				}
			})
		}
	}
}

// resolveFleet resolves the flake, lists its hosts and returns the option
// requests of the server profile, as a check would.
func resolveFleet(b *testing.B, flake string) (*evalbridge.Runner, *evalbridge.Flake, []string, []evalbridge.Request) {
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
	return r, f, hosts, lint.Requests(lint.Enabled(eng.Rules(), "server"))
}

// bareSetup returns the command lines a check makes at the given batch size.
func bareSetup(b *testing.B, flake string, batch int) [][]string {
	r, f, hosts, reqs := resolveFleet(b, flake)
	return r.Argv(f, hosts, reqs, evalbridge.Options{BatchSize: batch, Jobs: defaultJobs()})
}

// runBare runs the metadata call, then the host list's call and the other
// evaluations --jobs at a time, and nothing else (Argv). A check starts
// the host list's call beside the metadata's: bare nix here waits for
// the metadata, as a check did before that.
func runBare(b *testing.B, argv [][]string) {
	if out, err := exec.Command(argv[0][0], argv[0][1:]...).CombinedOutput(); err != nil {
		b.Fatalf("%v: %s", err, out)
	}
	// The host list's call evaluates the first batch, beside the others.
	p := pool.New().WithErrors().WithMaxGoroutines(defaultJobs())
	for _, a := range argv[1:] {
		p.Go(func() error {
			if out, err := exec.Command(a[0], a[1:]...).CombinedOutput(); err != nil {
				return fmt.Errorf("%v: %s", err, out)
			}
			return nil
		})
	}
	if err := p.Wait(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkFleetBare is the nix work of BenchmarkFleetCheck run bare: the
// same command lines (default batch size), the same parallelism.
func BenchmarkFleetBare(b *testing.B) {
	for _, n := range benchHosts(b) {
		b.Run(fmt.Sprintf("hosts=%d", n), func(b *testing.B) {
			argv := bareSetup(b, fleet(b, n), 0)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				runBare(b, argv)
			}
		})
	}
}

// BenchmarkFleetPipeline is the nix part of a hand-written pipeline,
// `nix eval --json <flake>#nixosConfigurations --apply '…' | conftest
// test -`: one nix process reading the value of each option the rules
// read (a wildcard's whole attribute set), on every host, with `or null`
// for an option a host does not have; no metadata, no host list, no
// definitions or positions. The pipeline's whole time is this plus the
// policy engine's start and its Rego, so check's time over this one is
// an upper bound of check's over the pipeline's.
func BenchmarkFleetPipeline(b *testing.B) {
	for _, n := range benchHosts(b) {
		b.Run(fmt.Sprintf("hosts=%d", n), func(b *testing.B) {
			one, hosts := pipelineArgv(b, n)
			checkPipelineOutput(b, one, hosts)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if out, err := exec.Command(one[0], one[1:]...).CombinedOutput(); err != nil {
					b.Fatalf("%v: %s", err, out)
				}
			}
		})
	}
}

// pipelineArgv is the pipeline's nix call on the fleet of n hosts, and
// how many hosts it has.
func pipelineArgv(b *testing.B, n int) ([]string, int) {
	r, f, hosts, reqs := resolveFleet(b, fleet(b, n))
	argv := r.BatchArgv(f, hosts, reqs, evalbridge.Options{})
	at := slices.Index(argv, "--apply")
	if at < 0 {
		b.Fatal("no --apply")
	}
	argv[at+1] = valuesApply(reqs)
	return argv, len(hosts)
}

// checkPipelineOutput runs the pipeline's nix part once and fails unless
// every host's document holds the units and users the rules walk: a
// pipeline that read nothing would be a fast one.
func checkPipelineOutput(b *testing.B, argv []string, hosts int) {
	b.Helper()
	out, err := exec.Command(argv[0], argv[1:]...).Output()
	if err != nil {
		b.Fatalf("%v", err)
	}
	var doc map[string]map[string]json.RawMessage
	if err := json.Unmarshal(out, &doc); err != nil {
		b.Fatalf("the pipeline's output: %v", err)
	}
	if len(doc) != hosts {
		b.Fatalf("the pipeline read %d hosts, want %d", len(doc), hosts)
	}
	for name, opts := range doc {
		for _, key := range []string{"systemd.services", "users.users"} {
			var v map[string]json.RawMessage
			if err := json.Unmarshal(opts[key], &v); err != nil || len(v) == 0 {
				b.Fatalf("host %s: the pipeline read no %s (%s)", name, key, opts[key])
			}
		}
	}
}

// valuesApply is the --apply of a hand-written pipeline: each host's
// value of each requested option, by its dotted path.
func valuesApply(reqs []evalbridge.Request) string {
	var b strings.Builder
	b.WriteString("hosts: builtins.mapAttrs (name: h: {")
	seen := map[string]bool{}
	for _, rq := range reqs {
		p := rq.Path
		if i := slices.Index(p, "*"); i >= 0 {
			p = p[:i]
		}
		key := strings.Join(p, ".")
		if len(p) == 0 || seen[key] {
			continue
		}
		seen[key] = true
		sel := ""
		for _, c := range p {
			sel += "." + strconv.Quote(c)
		}
		fmt.Fprintf(&b, " %s = h.config%s or null;", strconv.Quote(key), sel)
	}
	b.WriteString(" }) hosts")
	return b.String()
}

// naiveSample is how many option paths the naive evaluator is timed on.
const naiveSample = 12

// BenchmarkFleetNaive is a naive evaluator: one `nix eval` per host and
// option path (the same extraction, one request at a time), --jobs at
// once. The full product is hosts x paths processes, so it runs a sample
// of naiveSample paths on at most 4 hosts and reports the extrapolation
// to every host and path as naive-s/op: sample wall time / calls x
// (hosts x paths).
func BenchmarkFleetNaive(b *testing.B) {
	for _, n := range benchHosts(b) {
		b.Run(fmt.Sprintf("hosts=%d", n), func(b *testing.B) {
			r, f, hosts, reqs := resolveFleet(b, fleet(b, n))
			step := max(1, len(reqs)/naiveSample)
			var sample []evalbridge.Request
			for i := 0; i < len(reqs) && len(sample) < naiveSample; i += step {
				sample = append(sample, reqs[i])
			}
			sampleHosts := hosts[:min(4, len(hosts))]
			var calls [][]string
			for _, q := range sample {
				for _, h := range sampleHosts {
					calls = append(calls, r.BatchArgv(f, []string{h}, []evalbridge.Request{q}, evalbridge.Options{}))
				}
			}
			b.ResetTimer()
			start := time.Now()
			for i := 0; i < b.N; i++ {
				p := pool.New().WithErrors().WithMaxGoroutines(defaultJobs())
				for _, a := range calls {
					p.Go(func() error { return exec.Command(a[0], a[1:]...).Run() })
				}
				if err := p.Wait(); err != nil {
					b.Fatal(err)
				}
			}
			perCall := time.Since(start).Seconds() / float64(b.N) / float64(len(calls))
			b.ReportMetric(perCall*float64(len(hosts)*len(reqs)), "naive-s/op")
			b.ReportMetric(float64(len(calls)), "sample-calls")
			b.ReportMetric(float64(len(hosts)*len(reqs)), "full-calls")
		})
	}
}

var (
	docOnce sync.Once
	doc10   *evalbridge.Document
	docErr  error
)

// fleetDocument is the evaluated 10-host fleet (once per process).
func fleetDocument(b testing.TB) *evalbridge.Document {
	flake := fleet(b, 10)
	docOnce.Do(func() {
		ctx := context.Background()
		bundle, _, err := lint.LoadRules(lint.Config{})
		if err != nil {
			docErr = err
			return
		}
		doc10, docErr = lint.Evaluate(ctx, lint.Config{Eval: lint.EvalConfig{Flake: flake, Nix: "nix", Jobs: defaultJobs()}}, bundle.Rules())
	})
	if docErr != nil {
		b.Fatal(docErr)
	}
	return doc10
}

// replicate makes a document of n hosts from the hosts of d, renamed.
func replicate(d *evalbridge.Document, n int) *evalbridge.Document {
	out := *d
	out.Hosts = make([]evalbridge.HostEval, n)
	for i := range out.Hosts {
		h := d.Hosts[i%len(d.Hosts)]
		h.Host = fmt.Sprintf("h%04d-%s", i, h.Host)
		out.Hosts[i] = h
	}
	return &out
}

// defaultEngine compiles the rules a plain `nixsec check` enables (the
// default profile; no framework-only rules), as check compiles them.
func defaultEngine(b *testing.B) *engine.Engine {
	b.Helper()
	bundle, enabled, err := lint.LoadRules(lint.Config{})
	if err != nil {
		b.Fatal(err)
	}
	ids := make([]string, len(enabled))
	for i, r := range enabled {
		ids[i] = r.ID
	}
	eng, err := bundle.Only(ids).Prepare(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	return eng
}

// BenchmarkRegoHost evaluates the default bundle (every rule a plain
// check enables) on one host's input: ns/op and allocs/op of one host.
func BenchmarkRegoHost(b *testing.B) {
	d := fleetDocument(b)
	eng := defaultEngine(b)
	benchEval(b, eng, lint.Input(d, d.Hosts[0], time.Now()))
}

// benchEval times eng on one input: ns/op, allocations and CPU per op.
func benchEval(b *testing.B, eng *engine.Engine, in map[string]any) {
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := processCPU(b)
	for i := 0; i < b.N; i++ {
		if _, err := eng.Eval(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(processCPU(b)-cpu0)/float64(b.N), "cpu-ns/op")
}

// BenchmarkRegoRule evaluates each default rule alone (the bundle
// narrowed to it, with the entrypoint and the shared helpers) on one
// host's input: where BenchmarkRegoHost's time goes. The input's
// conversion, paid once per host in a check, is in every rule's time.
func BenchmarkRegoRule(b *testing.B) {
	d := fleetDocument(b)
	bundle, enabled, err := lint.LoadRules(lint.Config{})
	if err != nil {
		b.Fatal(err)
	}
	in := lint.Input(d, d.Hosts[0], time.Now())
	ctx := context.Background()
	// "none": the entrypoint and the input alone, what every rule's time
	// includes.
	ids := []string{"none"}
	for _, r := range enabled {
		ids = append(ids, r.ID)
	}
	for _, id := range ids {
		b.Run(id, func(b *testing.B) {
			eng, err := bundle.Only([]string{id}).Prepare(ctx)
			if err != nil {
				b.Fatal(err)
			}
			benchEval(b, eng, in)
		})
	}
}

// processCPU is the CPU time this process has used (user and system, the
// garbage collector's included). Beside ns/op, it is what a benchmark costs
// on a machine busy with other work, where wall time is mostly waiting.
func processCPU(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkRego1000 evaluates the bundle on 1000 host inputs
// concurrently (one goroutine per CPU), as lint.Lint does; per op.
func BenchmarkRego1000(b *testing.B) {
	d := replicate(fleetDocument(b), 1000)
	eng := defaultEngine(b)
	now := time.Now()
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p := pool.New().WithErrors().WithMaxGoroutines(runtime.NumCPU())
		for _, h := range d.Hosts {
			p.Go(func() error {
				_, err := eng.Eval(ctx, lint.Input(d, h, now))
				return err
			})
		}
		if err := p.Wait(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLint1000 is lint.Lint on a 1000-host document: Rego, placing
// findings in the flake's files, suppressions, sorting.
func BenchmarkLint1000(b *testing.B) {
	flake := fleet(b, 10)
	d := replicate(fleetDocument(b), 1000)
	_, enabled, err := lint.LoadRules(lint.Config{})
	if err != nil {
		b.Fatal(err)
	}
	eng := defaultEngine(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := lint.Lint(context.Background(), eng, enabled, d, os.DirFS(flake), lint.Config{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseFleet parses the .nix files of the examples and of the
// generated fleets with nixsyntax; MB/s through SetBytes.
func BenchmarkParseFleet(b *testing.B) {
	for _, set := range []string{"examples", "fleet"} {
		b.Run(set, func(b *testing.B) {
			names, srcs, total := parseSet(b, set)
			b.SetBytes(int64(total))
			b.ReportMetric(float64(len(names)), "files")
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				for j := range srcs {
					nixsyntax.ParseString(names[j], srcs[j])
				}
			}
		})
	}
}

// BenchmarkParseFleetNix parses the files of BenchmarkParseFleet with
// `nix-instantiate --parse`, all in one process (it takes many files), for
// the parser's throughput beside Nix's own; "nix-start" is the same
// process on one empty file, the part of each run that is not parsing.
func BenchmarkParseFleetNix(b *testing.B) {
	testenv.RequireNix(b)
	bin, err := exec.LookPath("nix-instantiate")
	if err != nil {
		b.Skip("no nix-instantiate")
	}
	run := func(b *testing.B, files []string) {
		for i := 0; i < b.N; i++ {
			cmd := exec.Command(bin, append([]string{"--parse"}, files...)...)
			if out, err := cmd.CombinedOutput(); err != nil {
				b.Fatalf("nix-instantiate --parse: %v\n%.500s", err, out)
			}
		}
	}
	b.Run("nix-start", func(b *testing.B) {
		empty := filepath.Join(b.TempDir(), "empty.nix")
		if err := os.WriteFile(empty, []byte("null\n"), 0o644); err != nil {
			b.Fatal(err)
		}
		run(b, []string{empty})
	})
	for _, set := range []string{"examples", "fleet"} {
		b.Run(set, func(b *testing.B) {
			names, _, total := parseSet(b, set)
			b.SetBytes(int64(total))
			b.ReportMetric(float64(len(names)), "files")
			b.ResetTimer()
			run(b, names)
		})
	}
}

// parseSet reads the .nix files of examples/ or of the largest fleet.
func parseSet(b *testing.B, set string) (names, srcs []string, total int) {
	var root string
	if set == "examples" {
		root = filepath.Join(repoRoot(b), "examples")
	} else {
		sizes := benchHosts(b)
		root = fleet(b, sizes[len(sizes)-1])
	}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".nix") {
			return err
		}
		src, err := os.ReadFile(p)
		names, srcs, total = append(names, p), append(srcs, string(src)), total+len(src)
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	if len(names) == 0 {
		b.Fatalf("no .nix files under %s (a link is not followed)", root)
	}
	return names, srcs, total
}
