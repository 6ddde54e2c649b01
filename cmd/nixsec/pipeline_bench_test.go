package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nixsec/nixsec/evalbridge"
	"github.com/nixsec/nixsec/lint"
)

// policyEnv makes this test binary the policy side of the hand-written
// pipeline (pipelinePolicy) instead of running tests: TestMain checks it
// first.
const policyEnv = "NIXSEC_PIPELINE_POLICY"

// pipelinePolicy is what `conftest test` does at the end of the issue's
// pipeline, `nix eval --json --apply '…' | conftest test -`, with the
// same rules as a check: a process that loads the built-in bundle,
// compiles the rules a plain check enables, then reads the hosts' option
// values from stdin and evaluates every host. It compiles before it reads,
// while nix still evaluates, as the most a pipeline could overlap, and
// runs its collector as nixsec does: what it measures is the least the
// pipeline costs. (conftest itself cannot load nixsec's builtins, which
// its rules call.) It prints the number of violations.
func pipelinePolicy() int {
	debug.SetGCPercent(gcPercent)
	ctx := context.Background()
	bundle, enabled, err := lint.LoadRules(lint.Config{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	ids := make([]string, len(enabled))
	for i, r := range enabled {
		ids[i] = r.ID
	}
	eng, err := bundle.Only(ids).Prepare(ctx)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	var hosts map[string]map[string]any
	if err := json.NewDecoder(bufio.NewReader(os.Stdin)).Decode(&hosts); err != nil {
		fmt.Fprintln(os.Stderr, "the pipeline's input:", err)
		return 2
	}
	names := make([]string, 0, len(hosts))
	for name := range hosts {
		names = append(names, name)
	}
	slices.Sort(names)
	doc, now, found := &evalbridge.Document{}, time.Now(), 0
	for _, name := range names {
		// Each dotted option path back into the tree the rules read.
		config := map[string]any{}
		for key, v := range hosts[name] {
			if v == nil {
				continue
			}
			at, comps := config, strings.Split(key, ".")
			for _, c := range comps[:len(comps)-1] {
				next, ok := at[c].(map[string]any)
				if !ok {
					next = map[string]any{}
					at[c] = next
				}
				at = next
			}
			at[comps[len(comps)-1]] = v
		}
		vs, err := eng.Eval(ctx, lint.Input(doc, evalbridge.HostEval{Host: name, Config: config}, now))
		if err != nil {
			fmt.Fprintf(os.Stderr, "host %s: %v\n", name, err)
			return 2
		}
		found += len(vs)
	}
	fmt.Println(found)
	return 0
}

// BenchmarkFleetPipelineWhole is the whole hand-written pipeline: the nix
// part of BenchmarkFleetPipeline piped into the policy side
// (pipelinePolicy), both started at once as a shell starts a pipeline.
// It first checks that the policy side found violations on every host
// of the fleet, which is insecure on purpose.
func BenchmarkFleetPipelineWhole(b *testing.B) {
	for _, n := range benchHosts(b) {
		b.Run(fmt.Sprintf("hosts=%d", n), func(b *testing.B) {
			argv, hosts := pipelineArgv(b, n)
			found := runPipeline(b, argv)
			if found < hosts {
				b.Fatalf("the pipeline found %d violations on %d hosts", found, hosts)
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				runPipeline(b, argv)
			}
			b.ReportMetric(float64(found), "violations")
		})
	}
}

// runPipeline runs nix's argv into the policy side and returns the number
// of violations the policy side printed.
func runPipeline(b *testing.B, argv []string) int {
	b.Helper()
	pr, pw, err := os.Pipe()
	if err != nil {
		b.Fatal(err)
	}
	nix := exec.Command(argv[0], argv[1:]...)
	nix.Stdout = pw
	var nixErr, polErr, polOut strings.Builder
	nix.Stderr = &nixErr
	self, err := os.Executable()
	if err != nil {
		b.Fatal(err)
	}
	pol := exec.Command(self)
	pol.Env = append(os.Environ(), policyEnv+"=1")
	pol.Stdin, pol.Stdout, pol.Stderr = pr, &polOut, &polErr
	if err := nix.Start(); err != nil {
		b.Fatal(err)
	}
	if err := pol.Start(); err != nil {
		b.Fatal(err)
	}
	// Only the children hold the pipe's ends now: the policy side sees
	// the end of its input when nix exits.
	_ = pw.Close()
	_ = pr.Close()
	nerr, perr := nix.Wait(), pol.Wait()
	if nerr != nil {
		b.Fatalf("nix: %v: %s", nerr, nixErr.String())
	}
	if perr != nil {
		b.Fatalf("the policy side: %v: %s", perr, polErr.String())
	}
	found, err := strconv.Atoi(strings.TrimSpace(polOut.String()))
	if err != nil {
		b.Fatalf("the policy side printed %q", polOut.String())
	}
	return found
}
