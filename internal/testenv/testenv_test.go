package testenv

import (
	"fmt"
	"testing"
)

// skipped runs f in a subtest and reports whether the subtest skipped.
func skipped(t *testing.T, name string, f func(t *testing.T)) bool {
	t.Helper()
	var s bool
	t.Run(name, func(t *testing.T) {
		defer func() { s = t.Skipped() }()
		f(t)
	})
	return s
}

func TestSlow(t *testing.T) {
	t.Setenv(SlowEnv, "")
	if !skipped(t, "Slow", func(t *testing.T) { Slow(t) }) {
		t.Errorf("Slow ran without %s=1", SlowEnv)
	}
	t.Setenv(SlowEnv, "1")
	if skipped(t, "Slow", func(t *testing.T) { Slow(t) }) {
		t.Errorf("Slow skipped with %s=1", SlowEnv)
	}
}

func TestRequireMissingProgram(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	t.Setenv(RequireNixEnv, "")
	t.Setenv(RequireSystemdEnv, "")
	for name, f := range map[string]func(testing.TB) string{
		"nix": RequireNix, "nix-instantiate": RequireNixInstantiate, "systemd-analyze": RequireSystemdAnalyze,
	} {
		if !skipped(t, name, func(t *testing.T) { f(t) }) {
			t.Errorf("%s: not skipped without the program", name)
		}
	}
	if p, ok := HaveNix(t); ok || p != "" {
		t.Errorf("HaveNix = %q, %v without nix", p, ok)
	}
}

// fatalRecorder records Fatalf instead of failing, and ends the test
// there as Fatalf would.
type fatalRecorder struct {
	testing.TB
	fatal string
}

func (r *fatalRecorder) Fatalf(format string, args ...any) {
	r.fatal = fmt.Sprintf(format, args...)
	r.SkipNow()
}

func TestRequireFailsWhenRequired(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	t.Setenv(RequireNixEnv, "1")
	t.Setenv(RequireSystemdEnv, "1")
	for name, f := range map[string]func(testing.TB) string{
		"nix": RequireNix, "nix-instantiate": RequireNixInstantiate, "systemd-analyze": RequireSystemdAnalyze,
		"HaveNix": func(t testing.TB) string { p, _ := HaveNix(t); return p },
	} {
		r := &fatalRecorder{}
		skipped(t, name, func(t *testing.T) { r.TB = t; f(r) })
		if r.fatal == "" {
			t.Errorf("%s: a missing program did not fail the test under NIXSEC_REQUIRE_*=1", name)
		}
	}
}

func TestCases(t *testing.T) {
	for _, c := range []struct {
		slow, full string
		want       int
	}{{"", "", 1}, {"1", "", 2}, {"", "1", 3}, {"1", "1", 3}} {
		t.Setenv(SlowEnv, c.slow)
		t.Setenv(FullCasesEnv, c.full)
		if got := Cases(1, 2, 3); got != c.want {
			t.Errorf("%s=%q %s=%q: Cases(1, 2, 3) = %d, want %d", SlowEnv, c.slow, FullCasesEnv, c.full, got, c.want)
		}
	}
}
