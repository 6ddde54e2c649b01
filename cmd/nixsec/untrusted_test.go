package main

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nixsec/nixsec/internal/testenv"
)

// The tests here attack nixsec as the author of a pull request would: they
// change only files in the repository (modules, flake.nix, flake.lock,
// config files, host names) and try to read a secret outside the checkout,
// switch the gate off, or make an insecure host pass. docs/security.md
// names each test beside the guarantee it holds.

// attackWS is a workspace (a git checkout with the examples) with a
// secret outside it and a token in its .git/config, where actions/checkout
// keeps the credentials it was given.
type attackWS struct {
	ws       string
	secret   string // a file outside the checkout
	token    string // its content
	gitToken string // in .git/config
}

func randomToken(t *testing.T, prefix string) string {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return prefix + hex.EncodeToString(b)
}

func newAttackWS(t *testing.T) *attackWS {
	t.Helper()
	testenv.RequireNix(t)
	a := &attackWS{ws: workspace(t), token: randomToken(t, "SECRET"), gitToken: randomToken(t, "GITTOKEN")}
	a.secret = filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(a.secret, []byte(a.token), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(filepath.Join(a.ws, ".git", "config"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = f.WriteString("[http \"https://github.com/\"]\n\textraheader = AUTHORIZATION: basic " + a.gitToken + "\n")
	_ = f.Close()
	return a
}

// flake writes an attack flake under attack/<name>: its host web imports
// the insecure example's legacy host (so it has findings) and leak.nix,
// which names a user with a clear-text password expr: SEC001 quotes it.
// files adds or replaces files; all are committed.
func (a *attackWS) flake(t *testing.T, name, inputs, expr string, files map[string]string) string {
	t.Helper()
	dir := filepath.Join(a.ws, "attack", name)
	all := map[string]string{
		"flake.nix": `{
  inputs = { ` + inputs + ` };
  outputs = { self, ... }@inputs:
    let nixos = import ../../examples/lib/nixos-system.nix; in {
      nixosConfigurations.web = nixos.nixosSystem {
        specialArgs = { inherit inputs; };
        modules = [ ../../examples/insecure/hosts/legacy.nix ./leak.nix ];
      };
    };
}
`,
		"leak.nix": `{ inputs, ... }: { users.users.${toString (` + expr + `)} = { isNormalUser = true; password = "x"; }; }
`,
		"inside.txt": "INSIDE-" + a.token[6:] + "\n",
	}
	for k, v := range files {
		all[k] = v
	}
	for name, content := range all {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	a.commit(t)
	return dir
}

func (a *attackWS) commit(t *testing.T) {
	t.Helper()
	if out, err := gitCmd(a.ws, "add", "-A").CombinedOutput(); err != nil {
		t.Fatalf("git add: %v\n%s", err, out)
	}
	commit(t, a.ws)
}

// noLeak asserts that neither the secret, nor a hash of it, nor the
// checkout's credentials appear in the output or in the store paths the
// run added.
func (a *attackWS) noLeak(t *testing.T, r result, storeBefore map[string]bool) {
	t.Helper()
	out := r.stdout + r.stderr
	sum := sha256.Sum256([]byte(a.token))
	for _, s := range []string{a.token, a.gitToken, hex.EncodeToString(sum[:]), base64.StdEncoding.EncodeToString(sum[:]), nix32(sum[:])} {
		if strings.Contains(out, s) {
			t.Errorf("the output carries the secret or its hash (%s):\n%s", s, out)
		}
	}
	for name := range storeEntries(t) {
		if storeBefore[name] {
			continue
		}
		_ = filepath.WalkDir(filepath.Join("/nix/store", name), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil //nolint:nilerr // an unreadable entry holds no secret to find
			}
			if !d.Type().IsRegular() {
				return nil
			}
			if b, _ := os.ReadFile(p); strings.Contains(string(b), a.token) || strings.Contains(string(b), a.gitToken) {
				t.Errorf("the secret was copied into the store: %s", p)
			}
			return nil
		})
	}
}

// nix32 is nix's base-32 encoding of a hash.
func nix32(b []byte) string {
	const chars = "0123456789abcdfghijklmnpqrsvwxyz"
	n := (len(b)*8-1)/5 + 1
	out := make([]byte, 0, n)
	for i := n - 1; i >= 0; i-- {
		bit := i * 5
		j, k := bit/8, bit%8
		c := int(b[j]) >> k
		if j+1 < len(b) {
			c |= int(b[j+1]) << (8 - k)
		}
		out = append(out, chars[c&0x1f])
	}
	return string(out)
}

// untrustedCheck runs check --untrusted --format json; the report, when
// there is one (a refused flake has none: exit 2 and a message), is
// validated and decoded.
func untrustedCheck(t *testing.T, dir string, extra ...string) (jsonReport, result) {
	t.Helper()
	r := nixsec(t, append([]string{"check", "--format", "json", "--untrusted", dir}, extra...)...)
	var rep jsonReport
	if r.stdout != "" {
		validateReport(t, []byte(r.stdout))
		if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
			t.Fatal(err)
		}
	}
	return rep, r
}

// Control: the attack flake's quoted value reaches the report when it
// comes from the checkout, so the tests below would see a leak.
func TestUntrustedQuotesCheckoutFiles(t *testing.T) {
	testenv.Slow(t)
	t.Parallel()
	a := newAttackWS(t)
	dir := a.flake(t, "control", "", "builtins.readFile ./inside.txt", nil)
	_, r := untrustedCheck(t, dir)
	if r.code != 1 || !strings.Contains(r.stdout, "INSIDE-"+a.token[6:]) {
		t.Fatalf("exit %d, want 1 with the checkout file quoted:\n%s\n%s", r.code, r.stdout, r.stderr)
	}
}

// Class 1: nothing outside the checkout is read, whatever the flake's
// inputs, lock file or code ask for; refused inputs fail the run (exit 2).
func TestUntrustedReadsNothingOutside(t *testing.T) {
	testenv.Slow(t)
	a := newAttackWS(t)
	pathLock := func(node string) map[string]string {
		return map[string]string{"flake.lock": `{"nodes": {"sh": {"flake": false, "locked": ` + node + `, "original": {"path": "` + a.secret + `", "type": "path"}},
  "root": {"inputs": {"sh": "sh"}}}, "root": "root", "version": 7}`}
	}
	gitRepo := a.ws
	cases := []struct {
		name, inputs, expr string
		files              map[string]string
		want               string
	}{
		{"unlocked-path-input", `sh = { url = "path:` + a.secret + `"; flake = false; };`, `builtins.readFile inputs.sh`, nil, "not in flake.lock"},
		{"locked-path-input", `sh = { url = "path:` + a.secret + `"; flake = false; };`, `builtins.readFile inputs.sh`,
			pathLock(`{"lastModified": 1, "narHash": "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", "path": "` + a.secret + `", "type": "path"}`), "is not a remote source"},
		{"locked-file-tarball", `sh = { url = "path:` + a.secret + `"; flake = false; };`, `builtins.readFile inputs.sh`,
			pathLock(`{"narHash": "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", "url": "file://` + a.secret + `", "type": "tarball"}`), "is not fetched over http(s)"},
		{"locked-local-git", `sh = { url = "path:` + a.secret + `"; flake = false; };`, `builtins.readFile inputs.sh`,
			pathLock(`{"narHash": "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", "url": "file://` + gitRepo + `", "rev": "0123456789abcdef0123456789abcdef01234567", "type": "git"}`), "is not a git repository over the network"},
		{"stale-lock", `sh = { url = "github:evil/other"; flake = false; };`, `"x"`,
			pathLock(`{"narHash": "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", "owner": "good", "repo": "one", "rev": "0123456789abcdef0123456789abcdef01234567", "type": "github"}`), "flake.lock does not pin input"},
		{"readfile-absolute", "", `builtins.readFile ` + a.secret, nil, "outside the flake's source and inputs is forbidden"},
		{"readfile-git-config", "", `builtins.readFile ./../../.git/config`, nil, "No such file"},
		{"fetchurl-file-hash-oracle", "", `builtins.readFile (builtins.fetchurl { url = "file://` + a.secret + `"; sha256 = "0000000000000000000000000000000000000000000000000000"; })`, nil, "forbidden"},
		{"fetchtarball-file", "", `builtins.readFile (builtins.fetchTarball "file://` + a.secret + `")`, nil, "forbidden"},
		{"fetchtree-path", "", `builtins.readFile (builtins.fetchTree { type = "path"; path = "` + a.secret + `"; })`, nil, "flakes"},
		{"getflake-path", "", `(builtins.getFlake "path:` + filepath.Dir(a.secret) + `").x`, nil, "getFlake"},
		{"fetchgit-local", "", `builtins.readFile ((builtins.fetchGit "` + gitRepo + `") + "/.git/config")`, nil, "forbidden"},
		{"symlink-out", "", `builtins.readFile ./link`, nil, "points outside the flake's source"},
		{"lock-symlink", "", `"x"`, nil, "points outside the flake's source"},
		{"follows-blowup", "", `"x"`, map[string]string{"flake.lock": followsBlowup(40)}, "locked but not declared"},
		{"nix-path", "", `builtins.readFile <secret>`, nil, "secret"},
		{"env", "", `builtins.getEnv "HOME" + builtins.readFile "${builtins.getEnv "HOME"}/.bashrc"`, nil, "forbidden"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := a.flake(t, c.name, c.inputs, c.expr, c.files)
			if link := map[string]string{"symlink-out": "link", "lock-symlink": "flake.lock"}[c.name]; link != "" {
				if err := os.Symlink(a.secret, filepath.Join(dir, link)); err != nil {
					t.Fatal(err)
				}
				a.commit(t)
				// The whole repository is the flake's source: take the link
				// out again for the next cases.
				defer func() {
					_ = os.Remove(filepath.Join(dir, link))
					a.commit(t)
				}()
			}
			before := storeEntries(t)
			t.Setenv("NIX_PATH", "secret="+a.secret)
			_, r := untrustedCheck(t, dir)
			if r.code != 2 {
				t.Errorf("exit %d, want 2\n%s\n%s", r.code, r.stdout, r.stderr)
			}
			if !strings.Contains(r.stdout+r.stderr, c.want) {
				t.Errorf("output lacks %q:\n%s\n%s", c.want, r.stdout, r.stderr)
			}
			noPanic(t, r.stdout+r.stderr)
			a.noLeak(t, r, before)
		})
	}
}

// followsBlowup is a lock whose follows paths name each other twice per
// level: resolved naively, 2^levels steps.
func followsBlowup(levels int) string {
	inputs := []string{`"a0": "root"`}
	for i := 1; i <= levels; i++ {
		inputs = append(inputs, fmt.Sprintf(`"a%d": ["a%d", "a%d"]`, i, i-1, i-1))
	}
	return `{"version": 7, "root": "root", "nodes": {"root": {"inputs": {` + strings.Join(inputs, ", ") + `}}}}`
}

// A flake directory reached through a symlink the checkout holds is not
// followed out of the checkout.
func TestUntrustedSymlinkedFlakeDir(t *testing.T) {
	testenv.Slow(t)
	t.Parallel()
	a := newAttackWS(t)
	outside := filepath.Join(t.TempDir(), "outside")
	if err := os.MkdirAll(outside, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(outside, "flake.nix"), []byte(`{ outputs = { self }: { nixosConfigurations = { }; secret = "`+a.token+`"; }; }`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(a.ws, "infra")); err != nil {
		t.Fatal(err)
	}
	a.commit(t)
	for _, asRepo := range []bool{false, true} {
		if asRepo { // the link's target is a git work tree of its own
			for _, args := range [][]string{{"init", "-q"}, {"add", "-A"}, {"commit", "-qm", "x"}} {
				if out, err := gitCmd(outside, args...).CombinedOutput(); err != nil {
					t.Fatalf("git %v: %v\n%s", args, err, out)
				}
			}
		}
		before := storeEntries(t)
		r := nixsec(t, "check", "--untrusted", filepath.Join(a.ws, "infra"))
		if r.code != 2 || !strings.Contains(r.stderr, "symlink") {
			t.Errorf("target a repository %v: exit %d, want 2 for a flake directory behind a symlink:\n%s", asRepo, r.code, r.stderr)
		}
		a.noLeak(t, r, before)
	}
}

// Under --untrusted a nixsec:ignore comment the pull request adds is
// listed in the gate but silences nothing, unless the command line allows
// inline suppressions.
func TestUntrustedInlineSuppressions(t *testing.T) {
	testenv.Slow(t)
	t.Parallel()
	a := newAttackWS(t)
	dir := a.flake(t, "ignore", "", `"alice"`, map[string]string{"extra.nix": `{ lib, ... }: {
  # nixsec:ignore FW001 -- temporary
  networking.firewall.enable = lib.mkForce false;
}
`})
	edit(t, filepath.Join(dir, "flake.nix"), "./leak.nix ]", "./leak.nix ./extra.nix ]")
	a.commit(t)
	rep, r := untrustedCheck(t, dir, "--fail-on", "critical")
	if r.code != 1 || !contains(ruleSet(rep.Findings), "FW001") {
		t.Errorf("exit %d, want 1 with FW001 counted: %v\n%s", r.code, ruleSet(rep.Findings), r.stderr)
	}
	if !strings.Contains(r.stdout, `"inlineSuppressions": "ignored"`) || !strings.Contains(r.stdout, `"reason": "temporary"`) {
		t.Errorf("the gate does not list the ignored comment:\n%s", r.stdout)
	}
	if _, r := untrustedCheck(t, dir, "--fail-on", "critical", "--allow-inline-suppressions"); r.code != 0 {
		t.Errorf("--allow-inline-suppressions: exit %d, want 0 (FW001 silenced)\n%s", r.code, r.stderr)
	}
}

// A locked remote input is fetched from the lock (here, from the store:
// there is no network) and evaluates as nix's own loader would give it.
func TestUntrustedLockedInput(t *testing.T) {
	testenv.Slow(t)
	a := newAttackWS(t)
	dep := filepath.Join(t.TempDir(), "dep")
	if err := os.MkdirAll(dep, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dep, "flake.nix"), []byte(`{ outputs = { self }: { value = "dep:" + self.shortRev; }; }`), 0o644); err != nil {
		t.Fatal(err)
	}
	nixCmd := func(args ...string) string {
		out, err := exec.Command("nix", append(args, "--extra-experimental-features", "nix-command")...).Output()
		if err != nil {
			t.Fatalf("nix %v: %v", args, err)
		}
		return strings.TrimSpace(string(out))
	}
	store := nixCmd("store", "add-path", "--name", "source", dep)
	var info []struct {
		NarHash string `json:"narHash"`
	}
	if err := json.Unmarshal([]byte(nixCmd("path-info", "--json", store)), &info); err != nil || len(info) != 1 {
		t.Fatal(err)
	}
	lock := `{"nodes": {"dep": {"locked": {"lastModified": 1700000000, "narHash": "` + info[0].NarHash + `", "owner": "someone", "repo": "dep", "rev": "0123456789abcdef0123456789abcdef01234567", "type": "github"},
  "original": {"owner": "someone", "repo": "dep", "type": "github"}}, "root": {"inputs": {"dep": "dep"}}}, "root": "root", "version": 7}`
	dir := a.flake(t, "locked", `dep.url = "github:someone/dep";`, `inputs.dep.value`, map[string]string{"flake.lock": lock})
	_, r := untrustedCheck(t, dir)
	if r.code != 1 || !strings.Contains(r.stdout, "dep:0123456") {
		t.Fatalf("exit %d, want 1 with the input's value quoted:\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	// The flake's own code cannot fetch, not even from the locked input's
	// URL (a prefix in allowed-uris would let "…/../x" through).
	dir = a.flake(t, "refetch", `dep.url = "github:someone/dep";`,
		`builtins.readFile (builtins.fetchurl "https://github.com/someone/dep/archive/0123456789abcdef0123456789abcdef01234567.tar.gz/../x")`,
		map[string]string{"flake.lock": lock})
	if _, r := untrustedCheck(t, dir); r.code != 2 || !strings.Contains(r.stdout+r.stderr, "forbidden") {
		t.Errorf("exit %d, want 2 with the fetch forbidden:\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	// The same lock with another tree's hash: the fetch fails, nothing passes.
	other := strings.Replace(lock, info[0].NarHash, "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", 1)
	dir = a.flake(t, "wronghash", `dep.url = "github:someone/dep";`, `inputs.dep.value`, map[string]string{"flake.lock": other})
	t.Setenv("NIX_CONFIG", "connect-timeout = 2\ndownload-attempts = 1")
	if _, r := untrustedCheck(t, dir); r.code != 2 {
		t.Errorf("exit %d, want 2 for an input that is not in the store and cannot be fetched", r.code)
	}
}

// Class 2: the pull request's own config file cannot weaken the gate under
// --untrusted, a config file may not lead nixsec out of its directory, and
// in every mode the report says what a config file changed.
func TestUntrustedConfigCannotWeakenGate(t *testing.T) {
	testenv.Slow(t)
	t.Parallel()
	a := newAttackWS(t)
	credentials := filepath.Join(filepath.Dir(a.secret), "credentials.json")
	if err := os.WriteFile(credentials, []byte(`{"token": "`+a.token+`"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	weaken := `profile = "server"
fail-on = "critical"
data = ["` + credentials + `"]
policies = ["policy"]
[rules]
disable = ["SSH001", "SSH002", "SEC001", "FW001", "AUD001", "MAC001"]
[rules.severity]
SSH003 = "info"
`
	policy := `# METADATA
# title: leak
# custom:
#   id: LEAK001
#   severity: high
#   options: [networking.hostName]
package nixsec.rules.leak.leak001

deny contains {"msg": sprintf("%v", [data.nixsec.user]), "path": "networking.hostName"}
`
	dir := a.flake(t, "config", "", `"alice"`, map[string]string{".nixsec.toml": weaken, "policy/leak.rego": policy})
	cfgFile := filepath.Join(dir, ".nixsec.toml")

	// Without --untrusted the file is read (the repository is trusted)
	// and the report says what it changed; its policy ran.
	_, r := checkJSON(t, dir)
	if !strings.Contains(r.stdout, "LEAK001") {
		t.Errorf("the trusted run did not load the repository's policy (so --untrusted's not loading it proves nothing):\n%s", r.stderr)
	}
	var g struct {
		Gate struct {
			ConfigFile    string `json:"configFile"`
			DisabledRules []struct{ Rule, Source string }
			Severity      []struct{ Rule, From, To, Source string } `json:"severityOverrides"`
			FailOnFrom    string                                    `json:"failOnFrom"`
		} `json:"gate"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &g); err != nil {
		t.Fatalf("%v\n%s", err, r.stderr)
	}
	if !strings.HasSuffix(g.Gate.ConfigFile, ".nixsec.toml") || len(g.Gate.DisabledRules) != 6 || g.Gate.DisabledRules[0].Source != g.Gate.ConfigFile ||
		len(g.Gate.Severity) != 1 || g.Gate.Severity[0].To != "info" || g.Gate.FailOnFrom != g.Gate.ConfigFile {
		t.Errorf("the report does not say what the config file changed: %+v", g.Gate)
	}

	// With --untrusted nothing of it is read: every finding is back.
	rep, r := untrustedCheck(t, dir)
	if r.code != 1 {
		t.Fatalf("exit %d, want 1:\n%s", r.code, r.stderr)
	}
	rules := ruleSet(rep.Findings)
	for _, want := range []string{"SSH001", "SSH002", "SEC001", "FW001"} {
		if !contains(rules, want) {
			t.Errorf("--untrusted: %s missing: the repository's config was read (%v)", want, rules)
		}
	}
	if contains(rules, "LEAK001") {
		t.Error("--untrusted: the repository's policy was loaded")
	}
	a.noLeak(t, r, storeEntries(t))

	// Named explicitly, a config inside the checkout still may not point
	// outside it.
	_, r = untrustedCheck(t, dir, "--config", cfgFile)
	if r.code != 2 || !strings.Contains(r.stderr, "outside") {
		t.Errorf("exit %d, want 2 for a config naming a file outside its directory:\n%s", r.code, r.stderr)
	}
	a.noLeak(t, r, storeEntries(t))
	// Nor through a symlink.
	if err := os.WriteFile(cfgFile, []byte("data = [\"creds.json\"]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(credentials, filepath.Join(dir, "creds.json")); err != nil {
		t.Fatal(err)
	}
	_, r = untrustedCheck(t, dir, "--config", cfgFile)
	if r.code != 2 || !strings.Contains(r.stderr, "outside") {
		t.Errorf("exit %d, want 2 for a data file linking outside:\n%s", r.code, r.stderr)
	}
	a.noLeak(t, r, storeEntries(t))
}

// Class 3: a host that is not one NixOS evaluation fails (exit 2), in both
// modes, instead of passing with what it claims.
func TestHostIdentity(t *testing.T) {
	testenv.Slow(t)
	t.Parallel()
	a := newAttackWS(t)
	hosts := map[string]string{
		"no-options":  `sys // { options = { }; }`,
		"fake-config": `sys // { config = sys.config // { networking = sys.config.networking // { firewall = sys.config.networking.firewall // { enable = true; }; }; }; }`,
		"hand-made":   `{ config = { services.openssh.enable = false; }; options = { }; }`,
		"no-type":     `removeAttrs sys [ "_type" ]`,
		"pruned-options": `sys // { options = { networking.firewall.enable = sys.options.networking.firewall.enable;
		  services.openssh.enable = sys.options.services.openssh.enable; users.users = sys.options.users.users; }; }`,
	}
	for name, expr := range hosts {
		t.Run(name, func(t *testing.T) {
			flake := `{
  outputs = { self }:
    let nixos = import ../../examples/lib/nixos-system.nix;
        sys = nixos.nixosSystem { modules = [ ../../examples/insecure/hosts/legacy.nix ]; };
    in { nixosConfigurations.web = ` + expr + `; };
}
`
			dir := a.flake(t, "identity-"+name, "", `"x"`, map[string]string{"flake.nix": flake})
			for _, mode := range [][]string{nil, {"--untrusted"}} {
				rep, r := checkJSON(t, append(mode, dir)...)
				if r.code != 2 || len(rep.Errors) != 1 || !strings.Contains(rep.Errors[0].Message, "lib.nixosSystem") && !strings.Contains(rep.Errors[0].Message, "one NixOS evaluation") {
					t.Errorf("%v: exit %d, want 2 with an identity error: %+v", mode, r.code, rep.Errors)
				}
			}
		})
	}
}

// Class 4: host names are data. A host named "d%62" is itself, not "db";
// names that are not valid UTF-8 are refused, not merged into another.
func TestHostNamesAreData(t *testing.T) {
	testenv.Slow(t)
	t.Parallel()
	a := newAttackWS(t)
	flake := `{
  outputs = { self }:
    let nixos = import ../../examples/lib/nixos-system.nix; in {
      nixosConfigurations = {
        "d%62" = nixos.nixosSystem { modules = [ ../../examples/insecure/hosts/legacy.nix ]; };
        db = nixos.nixosSystem { modules = [ ../../examples/insecure/hosts/resolver.nix ]; };
      };
    };
}
`
	dir := a.flake(t, "names", "", `"x"`, map[string]string{"flake.nix": flake})
	for _, mode := range [][]string{nil, {"--untrusted"}} {
		// --batch 8: both hosts listed and evaluated by one call (without
		// the cache, which would answer from --batch 1's run).
		for _, batch := range []string{"1", "8"} {
			rep, r := checkJSON(t, append(mode, dir, "--no-cache", "--batch", batch)...)
			byHost := map[string][]jsonFinding{}
			for _, f := range rep.Findings {
				byHost[f.Host] = append(byHost[f.Host], f)
			}
			if r.code != 1 || !contains(ruleSet(byHost["d%62"]), "SSH001") || contains(ruleSet(byHost["db"]), "SSH001") || len(byHost) != 2 {
				t.Errorf("%v batch %s: hosts not evaluated as themselves: exit %d, d%%62 %v, db %v", mode, batch, r.code, ruleSet(byHost["d%62"]), ruleSet(byHost["db"]))
			}
		}
		rep, r := checkJSON(t, append(mode, dir, "--host", "d%62")...)
		if r.code != 1 || !contains(ruleSet(rep.Findings), "SSH001") {
			t.Errorf("%v --host d%%62: exit %d, %v", mode, r.code, ruleSet(rep.Findings))
		}
	}
	bad := "{ outputs = { self }: let nixos = import ../../examples/lib/nixos-system.nix; in { nixosConfigurations = {\n" +
		"  \"a\xffb\" = nixos.nixosSystem { modules = [ ../../examples/insecure/hosts/legacy.nix ]; };\n" +
		"  \"a\xfeb\" = nixos.nixosSystem { modules = [ ../../examples/insecure/hosts/resolver.nix ]; };\n}; }; }\n"
	dir = a.flake(t, "nonutf8", "", `"x"`, map[string]string{"flake.nix": bad})
	for _, mode := range [][]string{nil, {"--untrusted"}} {
		// Two jobs: listed alone; one: listed and evaluated in one call.
		for _, jobs := range []string{"2", "1"} {
			r := nixsec(t, append(append([]string{"check", "--jobs", jobs}, mode...), dir)...)
			if r.code != 2 || !strings.Contains(r.stderr, "not valid UTF-8") {
				t.Errorf("%v --jobs %s: exit %d, want 2 for non-UTF-8 host names:\n%s", mode, jobs, r.code, r.stderr)
			}
		}
	}
}

// Class 5 with real nix: a host named like a workflow command, an option
// value with an escape sequence and a bidi override, in every format: no
// raw control character and no line a runner takes as a command.
func TestInjectionThroughRealFlake(t *testing.T) {
	testenv.Slow(t)
	t.Parallel()
	a := newAttackWS(t)
	flake := "{ outputs = { self }: let nixos = import ../../examples/lib/nixos-system.nix; in {\n" +
		"  nixosConfigurations.\"a\\n::error file=x::pwned\\r##[error]x\" = nixos.nixosSystem { modules = [ ../../examples/insecure/hosts/legacy.nix ./leak.nix ]; specialArgs.inputs = { }; };\n}; }\n"
	dir := a.flake(t, "inject", "", `"\u001b[31mred\u202e\n::warning::x"`, map[string]string{"flake.nix": flake})
	for _, f := range []string{"text", "json", "sarif", "github"} {
		r := nixsec(t, "check", "--untrusted", "--format", f, "--no-color", dir)
		if r.code != 1 {
			t.Errorf("%s: exit %d, want 1\n%s", f, r.code, r.stderr)
		}
		for _, out := range []string{r.stdout, r.stderr} {
			for _, line := range strings.Split(out, "\n") {
				trimmed := strings.TrimLeft(line, " \t")
				ours := f == "github" && out == r.stdout && (strings.HasPrefix(line, "::error file=") || strings.HasPrefix(line, "::warning file=") || strings.HasPrefix(line, "::notice "))
				if strings.HasPrefix(trimmed, "::") && !ours {
					t.Errorf("%s: a line starts a workflow command: %q", f, line)
				}
				if strings.Contains(line, "##[") || strings.ContainsAny(line, "\x1b\r\u202e\u009b") {
					t.Errorf("%s: raw control or command text: %q", f, line)
				}
			}
		}
		if f == "text" && !strings.Contains(r.stdout, `a\n::error file=x::pwned`) {
			t.Errorf("text: the host's name is not shown escaped:\n%s", r.stdout)
		}
		if f == "github" && strings.Contains(r.stdout, "::error file=x::") {
			t.Errorf("github: the host's command text is an annotation:\n%s", r.stdout)
		}
	}
}

// nix's messages name the flake's own files by their checkout path, as
// positions do, in both modes.
func TestErrorsNameCheckoutPaths(t *testing.T) {
	testenv.Slow(t)
	t.Parallel()
	a := newAttackWS(t)
	dir := a.flake(t, "missing", "", `builtins.readFile ./missing.txt`, nil)
	for _, mode := range [][]string{nil, {"--untrusted"}} {
		rep, r := checkJSON(t, append(mode, dir)...)
		if r.code != 2 || len(rep.Errors) == 0 {
			t.Fatalf("%v: exit %d, errors %+v", mode, r.code, rep.Errors)
		}
		msg := rep.Errors[0].Message
		if !strings.Contains(msg, "'attack/missing/missing.txt'") && !strings.Contains(msg, "'missing.txt'") || strings.Contains(msg, "/nix/store") {
			t.Errorf("%v: %q does not name the checkout path", mode, msg)
		}
	}
}
