package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nixsec/nixsec/internal/testenv"
)

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func gitOut(t *testing.T, dir string, args ...string) string {
	t.Helper()
	out, err := gitCmd(dir, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// nixsec fix on a copy of examples/insecure: no finding with an automatic
// fix is left, the files still parse, and the diff is the edits alone —
// values replaced in place, settings added into the existing nested set
// or as dotted lines at the neighbours' indentation.
func TestFixInsecureExample(t *testing.T) {
	testenv.Slow(t)
	testenv.RequireNix(t)
	t.Parallel()
	ws := workspace(t)
	flake := filepath.Join(ws, "examples/insecure")
	dry := nixsec(t, "fix", flake, "--dry-run", "--diff")
	if dry.code != 1 || !strings.Contains(dry.stdout, "+++ b/hosts/legacy.nix") || !strings.Contains(dry.stderr, "would edit 2 files") {
		t.Fatalf("dry run: exit %d\n%s\n%s", dry.code, dry.stdout, dry.stderr)
	}
	if st := gitOut(t, ws, "status", "--porcelain"); st != "" {
		t.Fatalf("a dry run wrote:\n%s", st)
	}
	// The patch a dry run prints applies to the checkout.
	patch := filepath.Join(t.TempDir(), "fix.patch")
	if err := os.WriteFile(patch, []byte(dry.stdout), 0o644); err != nil {
		t.Fatal(err)
	}
	gitOut(t, flake, "apply", "--check", patch)

	r := nixsec(t, "fix", flake)
	if r.code != 1 || !strings.Contains(r.stdout, "after the edits: ") {
		t.Fatalf("fix: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	after := nixsec(t, "check", flake, "--format", "json")
	var rep struct {
		Findings []map[string]any `json:"findings"`
		Errors   []any            `json:"errors"`
	}
	if err := json.Unmarshal([]byte(after.stdout), &rep); err != nil || len(rep.Errors) > 0 {
		t.Fatalf("%v %v", err, rep.Errors)
	}
	for _, f := range rep.Findings {
		if f["edit"] != nil {
			t.Errorf("a finding with an automatic fix is left: %v", f)
		}
	}
	changed := strings.Fields(gitOut(t, ws, "diff", "--name-only"))
	if strings.Join(changed, " ") != "examples/insecure/hosts/legacy.nix examples/insecure/hosts/resolver.nix" {
		t.Errorf("changed files %q", changed)
	}
	for _, f := range changed {
		if out, err := exec.Command("nix-instantiate", "--parse", filepath.Join(ws, f)).CombinedOutput(); err != nil {
			t.Errorf("%s does not parse: %v\n%s", f, err, out)
		}
	}
	// Removed lines are exactly the values replaced.
	var removed, added []string
	for _, l := range strings.Split(gitOut(t, ws, "diff", "-U0"), "\n") {
		switch {
		case strings.HasPrefix(l, "---"), strings.HasPrefix(l, "+++"):
		case strings.HasPrefix(l, "-"):
			removed = append(removed, strings.TrimSpace(l[1:]))
		case strings.HasPrefix(l, "+"):
			added = append(added, l[1:])
		}
	}
	wantRemoved := []string{
		"passwordAuthentication = true;", `settings.PermitRootLogin = "yes";`, "networking.firewall.enable = false;",
		"security.auditd.enable = lib.mkDefault false;", "security.apparmor.enable = false;",
		"services.resolved.enable = true;", `networking.nameservers = [ "127.0.0.1" "1.1.1.1" ];`,
	}
	if strings.Join(removed, "\n") != strings.Join(wantRemoved, "\n") {
		t.Errorf("removed lines:\n%s\nwant:\n%s", strings.Join(removed, "\n"), strings.Join(wantRemoved, "\n"))
	}
	for _, want := range []string{
		"    passwordAuthentication = false;",                // the old name, in place
		"  security.auditd.enable = lib.mkDefault true;",     // the wrapper kept
		"    settings.KbdInteractiveAuthentication = false;", // into `services.openssh = { … }`
		"      require_dnssec = true;",                       // into the nested settings set
		"  users.mutableUsers = false;",                      // a dotted line at the top
		"    openFirewall = false;",                          // the second round (revealed by the firewall), into services.openssh
	} {
		found := false
		for _, a := range added {
			found = found || a == want
		}
		if !found {
			t.Errorf("no added line %q in:\n%s", want, strings.Join(added, "\n"))
		}
	}
	// Nothing is left to do.
	if again := nixsec(t, "fix", flake, "--dry-run"); !strings.Contains(again.stdout, "would edit 0 files") {
		t.Errorf("second fix:\n%s", again.stdout)
	}
}

// Priorities: a host's plain value over a shared mkDefault is edited where
// it wins, keeping its wrapper and the mkIf around it; a value forced from
// outside the checkout is not overridden; an edit that breaks another
// host's evaluation is rolled back.
func TestFixPriorities(t *testing.T) {
	testenv.Slow(t)
	testenv.RequireNix(t)
	t.Parallel()
	ws := workspace(t)
	why := filepath.Join(ws, "testdata/flakes/why")

	r := nixsec(t, "fix", why, "--host", "forced")
	if r.code != 1 || strings.Contains(r.stdout, "rolled back") {
		t.Fatalf("fix forced: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	forced := readFile(t, filepath.Join(why, "hosts/forced.nix"))
	for _, want := range []string{
		"      security.auditd.enable = true;", // over shared.nix's mkDefault: the host's line
		"      services.openssh.settings.PasswordAuthentication = lib.mkDefault false;",
		"      security.apparmor.enable = true;", // into the first set of config = mkMerge [ … ]
		"    (lib.mkIf false {\n      services.openssh.settings.PasswordAuthentication = false;\n      security.auditd.enable = true;\n", // mkIf false untouched
	} {
		if !strings.Contains(forced, want) {
			t.Errorf("hosts/forced.nix lacks %q:\n%s", want, forced)
		}
	}
	if shared := readFile(t, filepath.Join(why, "shared.nix")); !strings.Contains(shared, "  security.auditd.enable = lib.mkDefault true;\n") {
		t.Errorf("shared.nix's mkDefault was edited:\n%s", shared)
	}
	gitOut(t, ws, "checkout", "-q", ".")

	multi := filepath.Join(ws, "examples/multi-host")
	if r := nixsec(t, "fix", multi, "--host", "laptop"); r.code != 1 {
		t.Fatalf("fix laptop: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	laptop := readFile(t, filepath.Join(multi, "hosts/laptop.nix"))
	if !strings.Contains(laptop, "services.openssh.settings = lib.mkIf travelling {") || !strings.Contains(laptop, "    PasswordAuthentication = false;") {
		t.Errorf("laptop.nix:\n%s", laptop)
	}
	if d := gitOut(t, ws, "diff", "--", "examples/multi-host/hosts/common.nix"); strings.Contains(d, "PasswordAuthentication") {
		t.Errorf("common.nix's mkDefault was edited:\n%s", d)
	}
	gitOut(t, ws, "checkout", "-q", ".")

	// A default from outside the checkout (mkDefault): the setting goes
	// into the host's own module, and wins.
	r = nixsec(t, "fix", why, "--host", "defaulted")
	if d := readFile(t, filepath.Join(why, "hosts/defaulted.nix")); !strings.Contains(d, "\n  security.sudo.execWheelOnly = true;\n") ||
		!strings.Contains(r.stdout, "USR002 defaulted: insert security.sudo.execWheelOnly") {
		t.Errorf("defaulted: exit %d\n%s\n%s", r.code, r.stdout, d)
	}
	gitOut(t, ws, "checkout", "-q", ".")

	r = nixsec(t, "fix", why, "--host", "vendored", "--dry-run")
	if !strings.Contains(r.stdout, "security.sudo.execWheelOnly is set by /nix/store/00000000000000000000000000000000-vendor/sudo.nix (mkForce, priority 50): a plain definition in the checkout would not win") {
		t.Errorf("vendored:\n%s\n%s", r.stdout, r.stderr)
	}

	// plain's AppArmor fix goes into shared.nix, where it conflicts with
	// pinned's own (suppressed) value: pinned stops evaluating.
	r = nixsec(t, "fix", why, "--host", "plain")
	if r.code != 2 || !strings.Contains(r.stdout, "rolled back, the checkout is as it was") || !strings.Contains(r.stdout, "host pinned") {
		t.Errorf("rollback: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	if st := gitOut(t, ws, "status", "--porcelain"); st != "" {
		t.Errorf("not rolled back:\n%s", st)
	}
}

// fix edits only the bytes nix evaluated: a file git rewrites on the way
// to nix (.gitattributes export-subst) is refused while nix reads the
// rewritten copy, and a file with other hard links is refused.
func TestFixEditsOnlyWhatItRead(t *testing.T) {
	testenv.Slow(t)
	testenv.RequireNix(t)
	t.Parallel()
	ws := workspace(t)
	flake := filepath.Join(ws, "examples/insecure")
	legacy := filepath.Join(flake, "hosts/legacy.nix")
	// Two more lines in nix's copy than in the checkout: every position
	// after them would point elsewhere in the checkout.
	text := readFile(t, legacy)
	if err := os.WriteFile(legacy, []byte("# $Format:%n%n$\n"+text), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(ws, ".gitattributes"), []byte("examples/insecure/hosts/legacy.nix export-subst\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	gitOut(t, ws, "add", "-A")
	gitOut(t, ws, "commit", "-q", "-m", "export-subst")
	before := readFile(t, legacy)
	r := nixsec(t, "fix", flake, "--dry-run")
	if !strings.Contains(r.stdout, "hosts/legacy.nix in the checkout differs from the copy nix evaluated") {
		t.Errorf("export-subst: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// Written, the first round edits the other file; the tree is then
	// dirty, nix copies the checkout's own bytes, and the next round's
	// edits of legacy.nix are places in them: only values change.
	r = nixsec(t, "fix", flake)
	var removed []string
	for _, l := range strings.Split(gitOut(t, ws, "diff", "-U0", "--", "examples/insecure/hosts/legacy.nix"), "\n") {
		if strings.HasPrefix(l, "-") && !strings.HasPrefix(l, "---") {
			removed = append(removed, strings.TrimSpace(l[1:]))
		}
	}
	for _, l := range removed {
		if !strings.Contains(l, " = ") || strings.Contains(l, "openssh.enable") || strings.HasPrefix(l, "#") {
			t.Errorf("fix changed a line it should not have: %q\n%s", l, r.stdout)
		}
	}
	if !strings.HasPrefix(readFile(t, legacy), "# $Format:%n%n$\n") || readFile(t, legacy) == before && r.code != 2 {
		t.Errorf("legacy.nix:\n%s", readFile(t, legacy))
	}
	gitOut(t, ws, "checkout", "-q", ".")
	gitOut(t, ws, "rm", "-q", "--cached", ".gitattributes")
	if err := os.Remove(filepath.Join(ws, ".gitattributes")); err != nil {
		t.Fatal(err)
	}
	gitOut(t, ws, "checkout", "-q", ".")
	gitOut(t, ws, "commit", "-q", "-m", "no export-subst")

	outside := filepath.Join(t.TempDir(), "victim.nix")
	if err := os.Link(legacy, outside); err != nil {
		t.Skipf("no hard links here: %v", err)
	}
	r = nixsec(t, "fix", flake)
	if !strings.Contains(r.stdout, "has other hard links") {
		t.Errorf("hard link: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if readFile(t, outside) != readFile(t, legacy) || strings.Contains(readFile(t, outside), "passwordAuthentication = false") {
		t.Error("a file outside the checkout was edited through a hard link")
	}
}
