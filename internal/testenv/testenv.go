// Package testenv decides, in one place for every test of the module,
// which tests run: whether the slow end-to-end tests are selected, and
// whether a test that needs an external program (nix, systemd-analyze)
// skips or fails when the program is missing.
//
// Two selectors, both environment variables, both "1" to turn them on:
//
//   - NIXSEC_SLOW=1 runs the slow tests (real nix evaluations of flakes,
//     built binaries, signals and interrupts). Without it they skip, so
//     that a plain `go test ./...` stays fast; scripts/test.sh sets it.
//   - NIXSEC_REQUIRE_NIX=1 and NIXSEC_REQUIRE_SYSTEMD=1 turn a missing
//     nix or systemd-analyze from a skip into a failure (CI sets both).
//
// Tests call Slow first, then the Require helper they need, so that a
// fast run never fails for want of a program a slow test uses.
//
// The differential tests (a Go builtin against the Rego it replaced, over
// generated cases) size their runs with Cases: a few thousand cases in
// either suite, and NIXSEC_FULL_CASES=1 for the counts they were first
// checked on.
package testenv

import (
	"os"
	"os/exec"
	"testing"
)

// The environment variables this package reads.
const (
	SlowEnv           = "NIXSEC_SLOW"
	RequireNixEnv     = "NIXSEC_REQUIRE_NIX"
	RequireSystemdEnv = "NIXSEC_REQUIRE_SYSTEMD"
	FullCasesEnv      = "NIXSEC_FULL_CASES"
)

// Cases is how many generated cases a differential test runs: fast in
// the fast suite, slow with NIXSEC_SLOW=1, full with NIXSEC_FULL_CASES=1.
// The slow suite runs under -race, where each case costs several times
// what it does without: its count is a little above the fast suite's,
// not the full one (which takes minutes under -race), and the cases are
// drawn from the same seeded generator, so a larger count only adds cases.
func Cases(fast, slow, full int) int {
	switch {
	case os.Getenv(FullCasesEnv) == "1":
		return full
	case SlowSelected():
		return slow
	}
	return fast
}

// SlowSelected reports whether the slow tests are selected
// (NIXSEC_SLOW=1). Tests use Slow; this is for a test that only has a
// slow part.
func SlowSelected() bool { return os.Getenv(SlowEnv) == "1" }

// Slow skips t unless the slow tests are selected (NIXSEC_SLOW=1).
func Slow(t testing.TB) {
	t.Helper()
	if !SlowSelected() {
		t.Skip("slow test: set " + SlowEnv + "=1 to run it (bash scripts/test.sh does)")
	}
}

// RequireNix returns the path of nix. When nix is not on PATH it skips t,
// or fails it under NIXSEC_REQUIRE_NIX=1.
func RequireNix(t testing.TB) string {
	t.Helper()
	return require(t, "nix", RequireNixEnv)
}

// RequireNixInstantiate is RequireNix for nix-instantiate.
func RequireNixInstantiate(t testing.TB) string {
	t.Helper()
	return require(t, "nix-instantiate", RequireNixEnv)
}

// HaveNix is RequireNix for a test with an optional part that needs nix:
// it reports false instead of skipping, and still fails t under
// NIXSEC_REQUIRE_NIX=1 when nix is missing.
func HaveNix(t testing.TB) (string, bool) {
	t.Helper()
	return look(t, "nix", RequireNixEnv)
}

// RequireSystemdAnalyze returns the path of systemd-analyze. When it is
// not on PATH it skips t, or fails it under NIXSEC_REQUIRE_SYSTEMD=1.
func RequireSystemdAnalyze(t testing.TB) string {
	t.Helper()
	return require(t, "systemd-analyze", RequireSystemdEnv)
}

// RequireProgram is RequireNix for another program, required when the
// environment variable env is "1".
func RequireProgram(t testing.TB, prog, env string) string {
	t.Helper()
	return require(t, prog, env)
}

// require looks prog up on PATH: a missing prog skips t, or fails it
// when the environment variable env is "1".
func require(t testing.TB, prog, env string) string {
	t.Helper()
	p, ok := look(t, prog, env)
	if !ok {
		t.Skipf("%s is not on PATH (set %s=1 to make this a failure)", prog, env)
	}
	return p
}

// look looks prog up on PATH; a missing prog fails t when the environment
// variable env is "1".
func look(t testing.TB, prog, env string) (string, bool) {
	t.Helper()
	p, err := exec.LookPath(prog)
	if err != nil {
		if os.Getenv(env) == "1" {
			t.Fatalf("%s is required (%s=1): %v", prog, env, err)
		}
		return "", false
	}
	return p, true
}
