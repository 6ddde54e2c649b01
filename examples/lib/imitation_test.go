// Package lib_test checks the nixosSystem imitation (nixos-system.nix)
// against what the real NixOS module system returned for the same host
// modules (testdata/realshape/*.json), with the real `nix eval`.
package lib_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/nixsec/nixsec/internal/testenv"
)

// realshape/'s stand-in file for the nixpkgs modules it did not load; the
// imitation attributes those defaults to the real nixpkgs file.
var stubFiles = map[string]string{
	"networking.nameservers": "nixos/modules/tasks/network-interfaces.nix",
}

// Options whose nixpkgs definitions hold whole services or users: only the
// file and the attribute names of those definitions are compared.
var namesOnly = map[string]bool{"systemd.services": true, "users.users": true}

var hosts = []string{"h1", "h2", "h3", "h4", "h5"}

const truncMark = "...(truncated here)"

type realshape struct {
	Options        map[string]map[string]any `json:"options"`
	Config         map[string]any            `json:"config"`
	SettingsExists bool                      `json:"options_services_openssh_settings_PasswordAuthentication_exists"`
}

// requireGit fails t without git, which builds the test flake.
func requireGit(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatalf("git is needed to build the test flake: %v", err)
	}
}

func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// buildFlake lays out testdata/imitation with the helper beside it in a
// fresh git repository: the flake evaluates whether or not the working
// tree is committed, and its files sit at <store>-source/hosts/*.nix as
// in realshape/.
func buildFlake(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	copyFile(t, "../../testdata/imitation/flake.nix", filepath.Join(dir, "flake.nix"))
	// The host modules are realshape's own files, laid out as hosts/ as
	// they were when the real module system evaluated them.
	for _, pattern := range []string{"../../testdata/realshape/*.nix", "*.nix"} {
		files, err := filepath.Glob(pattern)
		if err != nil || len(files) == 0 {
			t.Fatalf("no files match %s (%v)", pattern, err)
		}
		sub := "hosts"
		if pattern == "*.nix" {
			sub = "lib"
		}
		for _, f := range files {
			copyFile(t, f, filepath.Join(dir, sub, filepath.Base(f)))
		}
	}
	for _, args := range [][]string{{"init", "-q"}, {"add", "-A"}} {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(),
			"GIT_AUTHOR_NAME=nixsec-test", "GIT_AUTHOR_EMAIL=test@nixsec.invalid",
			"GIT_COMMITTER_NAME=nixsec-test", "GIT_COMMITTER_EMAIL=test@nixsec.invalid",
			"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	return dir
}

// nixString quotes s as a Nix string literal.
func nixString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, `$`, `\$`, "\n", `\n`)
	return `"` + r.Replace(s) + `"`
}

// applyExpr reads, per host, the facts realshape/ recorded.
const applyExpr = `hosts: let
  wanted = builtins.fromJSON %s;
  split = p: builtins.filter builtins.isString (builtins.split "\\." p);
  get = path: set: builtins.foldl' (s: n: if builtins.isAttrs s && s ? ${n} then s.${n} else null) set path;
  facts = o: if builtins.isAttrs o && o._type or "" == "option"
    then { inherit (o) _type isDefined highestPrio definitionsWithLocations files; }
    else { "<no such option>" = true; };
in builtins.mapAttrs (h: w: let c = hosts.${h}; in {
  options = builtins.listToAttrs (map (p: { name = p; value = facts (get (split p) c.options); }) w.options);
  config = builtins.listToAttrs (map (p: { name = p; value = get (split p) c.config; }) w.config);
  options_services_openssh_settings_PasswordAuthentication_exists = c.options.services.openssh.settings ? PasswordAuthentication;
}) wanted`

func TestImitationMatchesRealShape(t *testing.T) {
	testenv.Slow(t)
	nix := testenv.RequireNix(t)
	requireGit(t)

	expected := map[string]realshape{}
	wanted := map[string]map[string][]string{}
	for _, h := range hosts {
		matches, _ := filepath.Glob("../../testdata/realshape/" + h + ".json")
		if len(matches) != 1 {
			t.Fatalf("testdata/realshape/%s.json missing", h)
		}
		data, err := os.ReadFile(matches[0])
		if err != nil {
			t.Fatal(err)
		}
		var rs realshape
		if err := json.Unmarshal(data, &rs); err != nil {
			t.Fatalf("%s: %v", h, err)
		}
		expected[h] = rs
		wanted[h] = map[string][]string{"options": keys(rs.Options), "config": keys(rs.Config)}
	}
	wantedJSON, _ := json.Marshal(wanted)

	dir := buildFlake(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, nix, "eval", "--json",
		"--extra-experimental-features", "nix-command flakes",
		"--no-write-lock-file",
		"--option", "accept-flake-config", "false",
		"--option", "allow-import-from-derivation", "false",
		dir+"#nixosConfigurations",
		"--apply", fmt.Sprintf(applyExpr, nixString(string(wantedJSON))))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("nix eval: %v\n%s", err, stderr.String())
	}
	var got map[string]realshape
	if err := json.Unmarshal(stdout.Bytes(), &got); err != nil {
		t.Fatalf("nix eval output: %v", err)
	}

	for _, h := range hosts {
		exp, act := expected[h], got[h]
		t.Run(h, func(t *testing.T) {
			if act.SettingsExists != exp.SettingsExists {
				t.Errorf("options.services.openssh.settings ? PasswordAuthentication = %v, want %v", act.SettingsExists, exp.SettingsExists)
			}
			for _, p := range keys(exp.Options) {
				compareOption(t, p, exp.Options[p], act.Options[p])
			}
			for _, p := range keys(exp.Config) {
				if msg := match(exp.Config[p], act.Config[p]); msg != "" {
					t.Errorf("config.%s: %s\n  want %s\n  got  %s", p, msg, show(exp.Config[p]), show(act.Config[p]))
				}
			}
		})
	}
}

func compareOption(t *testing.T, path string, exp, act map[string]any) {
	t.Helper()
	if _, none := exp["<no such option>"]; none {
		if _, ok := act["<no such option>"]; !ok {
			t.Errorf("options.%s: exists, want no such option", path)
		}
		return
	}
	for _, k := range []string{"_type", "isDefined", "highestPrio"} {
		if !reflect.DeepEqual(exp[k], act[k]) {
			t.Errorf("options.%s.%s = %v, want %v", path, k, act[k], exp[k])
		}
	}
	expFiles, actFiles := list(exp["files"]), list(act["files"])
	if len(expFiles) != len(actFiles) {
		t.Errorf("options.%s.files: %d files, want %d\n  want %s\n  got  %s", path, len(actFiles), len(expFiles), show(expFiles), show(actFiles))
	} else {
		for i := range expFiles {
			if e, a := fileSuffix(path, expFiles[i]), fileSuffix(path, actFiles[i]); e != a {
				t.Errorf("options.%s.files[%d] = %s, want %s", path, i, a, e)
			}
		}
	}
	expDefs, actDefs := list(exp["definitionsWithLocations"]), list(act["definitionsWithLocations"])
	if len(expDefs) != len(actDefs) {
		t.Errorf("options.%s.definitionsWithLocations: %d definitions, want %d\n  want %s\n  got  %s",
			path, len(actDefs), len(expDefs), show(expDefs), show(actDefs))
		return
	}
	for i := range expDefs {
		e, _ := expDefs[i].(map[string]any)
		a, _ := actDefs[i].(map[string]any)
		ef, af := fileSuffix(path, e["file"]), fileSuffix(path, a["file"])
		where := fmt.Sprintf("options.%s.definitionsWithLocations[%d]", path, i)
		if ef != af {
			t.Errorf("%s.file = %s, want %s", where, af, ef)
			continue
		}
		if !reflect.DeepEqual(e["priority"], a["priority"]) {
			t.Errorf("%s.priority = %v, want %v", where, a["priority"], e["priority"])
		}
		if namesOnly[path] && strings.HasPrefix(ef, "nixos/modules/") {
			if en, an := attrNames(e["value"]), attrNames(a["value"]); !reflect.DeepEqual(en, an) {
				t.Errorf("%s (%s) defines %v, want %v", where, ef, an, en)
			}
			continue
		}
		if msg := match(e["value"], a["value"]); msg != "" {
			t.Errorf("%s.value: %s\n  want %s\n  got  %s", where, msg, show(e["value"]), show(a["value"]))
		}
	}
}

// fileSuffix is the file's path inside its source (after "-source/"), with
// realshape/'s stand-in file replaced by the real nixpkgs file.
func fileSuffix(path string, f any) string {
	s, _ := f.(string)
	if i := strings.Index(s, "-source/"); i >= 0 {
		s = s[i+len("-source/"):]
	}
	if s == "stubs/options.nix" {
		if real, ok := stubFiles[path]; ok {
			return real
		}
	}
	return s
}

// match compares a realshape value with the imitation's, allowing for
// realshape's sanitizing: strings cut at 120 characters, derivations as
// "<derivation NAME>" (nix eval prints their outPath).
func match(exp, act any) string {
	switch e := exp.(type) {
	case string:
		a, ok := act.(string)
		switch {
		case !ok:
			return fmt.Sprintf("got %T, want a string", act)
		case strings.HasSuffix(e, truncMark) && strings.HasPrefix(a, strings.TrimSuffix(e, truncMark)):
		case strings.HasPrefix(e, "<derivation ") && strings.HasSuffix(a, "-"+strings.TrimSuffix(strings.TrimPrefix(e, "<derivation "), ">")):
		case a != e:
			return fmt.Sprintf("%q, want %q", a, e)
		}
	case map[string]any:
		a, ok := act.(map[string]any)
		if !ok {
			return fmt.Sprintf("got %T, want an attribute set", act)
		}
		if en, an := attrNames(e), attrNames(a); !reflect.DeepEqual(en, an) {
			return fmt.Sprintf("attributes %v, want %v", an, en)
		}
		for k := range e {
			if msg := match(e[k], a[k]); msg != "" {
				return k + ": " + msg
			}
		}
	case []any:
		a, ok := act.([]any)
		if !ok || len(a) != len(e) {
			return fmt.Sprintf("got %s, want %d elements", show(act), len(e))
		}
		for i := range e {
			if msg := match(e[i], a[i]); msg != "" {
				return fmt.Sprintf("[%d]: %s", i, msg)
			}
		}
	default:
		if !reflect.DeepEqual(exp, act) {
			return fmt.Sprintf("%v, want %v", act, exp)
		}
	}
	return ""
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func attrNames(v any) []string {
	m, _ := v.(map[string]any)
	return keys(m)
}

func list(v any) []any {
	l, _ := v.([]any)
	return l
}

func show(v any) string {
	b, _ := json.Marshal(v)
	if len(b) > 400 {
		return string(b[:400]) + "..."
	}
	return string(b)
}

// graphicalExpr evaluates, on every release, a host per switch of the
// graphical-session detection (rules/stig/misclib): the switches' values,
// and how each release declares river's two names.
const graphicalExpr = `let
  sys = import ./nixos-system.nix;
  hosts = {
    none = { };
    sway = { programs.sway.enable = true; };
    hyprland = { programs.hyprland.enable = true; };
    wayfire = { programs.wayfire.enable = true; };
    niri = { programs.niri.enable = true; };
    labwc = { programs.labwc.enable = true; };
    river = { programs.river.enable = true; };
    cage = { services.cage.enable = true; };
    xserver = { services.xserver.enable = true; };
  };
  get = p: s: builtins.foldl' (a: n: if builtins.isAttrs a && a ? ${n} then a.${n} else null) s p;
  kind = o: if o == null then "none"
    else if builtins.substring 0 9 (o.description or "") == "Alias of " then "rename" else "own";
  file = o: if o == null then null else let d = o.declarations or [ ]; in if d == [ ] then null else builtins.head d;
in builtins.mapAttrs (r: s: {
  hosts = builtins.mapAttrs (h: m: let c = (s.nixosSystem { modules = [ m ]; }).config; in {
    graphical-desktop = c.services.graphical-desktop.enable;
    displayManager = c.services.displayManager.enable;
    xserver = c.services.xserver.enable;
    river-classic = get [ "programs" "river-classic" "enable" ] c;
  }) hosts;
  declared = let o = (s.nixosSystem { modules = [ ]; }).options; in {
    river = kind (get [ "programs" "river" ] o);
    river-classic = kind (get [ "programs" "river-classic" "enable" ] o);
    sway = file (get [ "programs" "sway" "enable" ] o);
    cage = file (get [ "services" "cage" "enable" ] o);
    graphical-desktop = file (get [ "services" "graphical-desktop" "enable" ] o);
  };
}) sys.releases`

// TestGraphicalSwitches checks the imitation's Wayland compositor modules
// on every release: none turns on a display manager or X, all but cage set
// services.graphical-desktop.enable (wayland-session.nix does), and river
// is programs.river on 25.05 and programs.river-classic from 25.11, the old
// name a rename of it (rl-2511).
func TestGraphicalSwitches(t *testing.T) {
	nix := testenv.RequireNix(t)
	cmd := exec.Command(nix, "--extra-experimental-features", "nix-command", "eval", "--json", "--impure", "--expr", graphicalExpr)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("nix eval: %v\n%s", err, stderr.String())
	}
	type host struct {
		GraphicalDesktop bool  `json:"graphical-desktop"`
		DisplayManager   bool  `json:"displayManager"`
		Xserver          bool  `json:"xserver"`
		RiverClassic     *bool `json:"river-classic"`
	}
	var got map[string]struct {
		Hosts    map[string]host    `json:"hosts"`
		Declared map[string]*string `json:"declared"`
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	for _, rel := range releases {
		r, ok := got[rel]
		if !ok {
			t.Fatalf("release %s not evaluated", rel)
		}
		newRiver := rel != "25.05"
		for name, h := range r.Hosts {
			wantGD := name != "none" && name != "cage"
			if h.GraphicalDesktop != wantGD {
				t.Errorf("%s, host %s: services.graphical-desktop.enable = %v, want %v", rel, name, h.GraphicalDesktop, wantGD)
			}
			if h.DisplayManager || (h.Xserver && name != "xserver") {
				t.Errorf("%s, host %s: displayManager.enable = %v, xserver.enable = %v, want both false", rel, name, h.DisplayManager, h.Xserver)
			}
			switch {
			case !newRiver && h.RiverClassic != nil:
				t.Errorf("%s, host %s: programs.river-classic.enable exists, want no such option", rel, name)
			case newRiver && (h.RiverClassic == nil || *h.RiverClassic != (name == "river")):
				t.Errorf("%s, host %s: programs.river-classic.enable = %v, want %v", rel, name, show(h.RiverClassic), name == "river")
			}
		}
		want := map[string]string{
			"river": "own", "river-classic": "none",
			"sway":              "programs/wayland/sway.nix",
			"cage":              "services/wayland/cage.nix",
			"graphical-desktop": "services/misc/graphical-desktop.nix",
		}
		if newRiver {
			want["river"], want["river-classic"] = "rename", "own"
		}
		for k, w := range want {
			g := "<null>"
			if p := r.Declared[k]; p != nil {
				g = fileSuffix("", *p)
			}
			if g != w && g != "nixos/modules/"+w {
				t.Errorf("%s: %s is %s, want %s", rel, k, g, w)
			}
		}
	}
}
