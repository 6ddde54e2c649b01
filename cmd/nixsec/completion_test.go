package main

import (
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nixsec/nixsec/internal/golden"
	"github.com/nixsec/nixsec/internal/testenv"
)

var updateMan = flag.Bool("update-man", false, "rewrite docs/nixsec.1")

// writeScript writes a completion script for a shell into a file.
func writeScript(t *testing.T, shell string) string {
	t.Helper()
	r := nixsec(t, "completion", shell)
	if r.code != 0 {
		t.Fatalf("completion %s: exit %d %s", shell, r.code, r.stderr)
	}
	p := filepath.Join(t.TempDir(), "nixsec."+shell)
	if err := os.WriteFile(p, []byte(r.stdout), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// Completion scripts, run by the real shells: commands, every flag of
// every command (read from the commands themselves), rule ids for --rule
// and explain, the values of --format, --profile and --fail-on.
func TestCompletionBash(t *testing.T) {
	bash := testenv.RequireProgram(t, "bash", "NIXSEC_REQUIRE_SHELLS")
	script := writeScript(t, "bash")
	complete := func(words ...string) string {
		t.Helper()
		var quoted []string
		for _, w := range words {
			quoted = append(quoted, "'"+w+"'")
		}
		prog := `source "$1"; COMP_WORDS=(` + strings.Join(quoted, " ") + `); COMP_CWORD=$((${#COMP_WORDS[@]}-1)); _nixsec; echo "${COMPREPLY[@]}"`
		out, err := exec.Command(bash, "-c", prog, "bash", script).CombinedOutput()
		if err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		return strings.TrimSpace(string(out))
	}
	for _, c := range []struct {
		words []string
		want  string
	}{
		{[]string{"nixsec", "ch"}, "check"},
		{[]string{"nixsec", "explain", "SSH00"}, "SSH001 SSH002 SSH003 SSH004 SSH005 SSH006 SSH007 SSH008 SSH009"},
		{[]string{"nixsec", "check", "--rule", "FW00"}, "FW001 FW002 FW003 FW004 FW005 FW006"},
		{[]string{"nixsec", "check", "--fail"}, "--fail-on"},
		{[]string{"nixsec", "check", "--fail-on", ""}, "critical high medium low"},
		{[]string{"nixsec", "why", "--prof"}, "--profile"},
		{[]string{"nixsec", "policy", "t"}, "test"},
		{[]string{"nixsec", "policy", "test", "--ru"}, "--run"},
		{[]string{"nixsec", "fix", "--dry"}, "--dry-run"},
		{[]string{"nixsec", "completion", "z"}, "zsh"},
	} {
		if got := complete(c.words...); got != c.want {
			t.Errorf("%q: got %q, want %q", c.words, got, c.want)
		}
	}
	// Every flag of check is offered.
	_, fs := flagsOf(command{name: "check"})
	all := complete("nixsec", "check", "--")
	for _, f := range flagList(fs) {
		if !strings.Contains(" "+all+" ", " --"+f.Name+" ") {
			t.Errorf("check --%s is not completed: %s", f.Name, all)
		}
	}
}

func TestCompletionZshFish(t *testing.T) {
	zsh := testenv.RequireProgram(t, "zsh", "NIXSEC_REQUIRE_SHELLS")
	fish := testenv.RequireProgram(t, "fish", "NIXSEC_REQUIRE_SHELLS")
	if out, err := exec.Command(zsh, "-n", writeScript(t, "zsh")).CombinedOutput(); err != nil {
		t.Errorf("zsh -n: %v\n%s", err, out)
	}
	script := writeScript(t, "fish")
	if out, err := exec.Command(fish, "-n", script).CombinedOutput(); err != nil {
		t.Errorf("fish -n: %v\n%s", err, out)
	}
	out, err := exec.Command(fish, "-c", `source $argv[1]; complete -C "nixsec explain SSH00"; complete -C "nixsec check --fail-on "; complete -C "nixsec "`, script).CombinedOutput()
	if err != nil {
		t.Fatalf("fish: %v\n%s", err, out)
	}
	for _, want := range []string{"SSH001\n", "critical\t", "check\tevaluate every host"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("fish completes no %q:\n%s", want, out)
		}
	}
}

// The manual page is made from the same flag sets; docs/nixsec.1 is it,
// and groff reads it without a warning.
func TestManPage(t *testing.T) {
	r := nixsec(t, "man")
	if r.code != 0 {
		t.Fatalf("man: exit %d %s", r.code, r.stderr)
	}
	for _, c := range commands {
		_, fs := flagsOf(c)
		for _, f := range flagList(fs) {
			if !strings.Contains(r.stdout, `\-\-`+roff(f.Name)) {
				t.Errorf("the manual lacks %s --%s", c.name, f.Name)
			}
		}
	}
	p := filepath.Join(repoRoot(t), "docs", "nixsec.1")
	if *updateMan {
		if err := os.WriteFile(p, []byte(r.stdout), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if want := readFile(t, p); want != r.stdout {
		t.Errorf("docs/nixsec.1 is stale (go test ./cmd/nixsec -run TestManPage -update-man):\n%s", golden.Diff(want, r.stdout))
	}
	if groff, err := exec.LookPath("groff"); err == nil {
		cmd := exec.Command(groff, "-man", "-Tutf8", "-ww", "-z")
		cmd.Stdin = strings.NewReader(r.stdout)
		if out, err := cmd.CombinedOutput(); err != nil || len(out) > 0 {
			t.Errorf("groff: %v\n%s", err, out)
		}
	}
}
