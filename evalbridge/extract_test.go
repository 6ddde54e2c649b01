package evalbridge

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/nixsec/nixsec/internal/testenv"
	"github.com/nixsec/nixsec/optpath"
)

// realHost rebuilds, from a sample of what the real NixOS module system
// returned (testdata/realshape), a host value with the same options and
// config, so the extraction expression is tested on real shapes and not
// only on the examples' imitation of lib.nixosSystem.
func realHost(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "realshape", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var raw struct {
		Config  map[string]any            `json:"config"`
		Options map[string]map[string]any `json:"options"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	host := map[string]any{"config": map[string]any{}, "options": map[string]any{}}
	for k, v := range raw.Config {
		setNested(host["config"].(map[string]any), strings.Split(k, "."), v)
	}
	for k, v := range raw.Options {
		if v["<no such option>"] == true {
			continue
		}
		setNested(host["options"].(map[string]any), strings.Split(k, "."), v)
	}
	js, _ := json.Marshal(host)
	return string(js)
}

// asNixOS completes a test's hand-made host as lib.nixosSystem would have
// made it: tagged as a configuration, every option carrying its value (the
// config's, so the two read the same) and the core options declared.
// Without it the extraction refuses the host (TestHostIdentity).
const asNixOS = `(h: let
  opt = v: { _type = "option"; value = v; isDefined = true; highestPrio = 1500; definitionsWithLocations = [ ]; };
  isOpt = v: builtins.isAttrs v && (v._type or null) == "option";
  withValues = o: c: builtins.mapAttrs (n: v:
    if isOpt v then (if builtins.isAttrs c && c ? ${n} then v // { value = c.${n}; } else v)
    else if builtins.isAttrs v then withValues v (if builtins.isAttrs c then c.${n} or { } else { })
    else v) o;
  merge = a: b: a // builtins.mapAttrs (n: v:
    if builtins.isAttrs v && !(isOpt v) && a ? ${n} && builtins.isAttrs a.${n} && !(isOpt a.${n}) then merge a.${n} v else v) b;
  core = { networking.firewall.enable = opt false; services.openssh.enable = opt false; users.users = opt { }; };
in h // { _type = "configuration"; options = merge core (withValues h.options h.config); })`

type entry struct {
	Present bool
	Value   any
	Defined bool
	Files   []string // suffixes after -source/
}

// instantiate evaluates expr strictly to JSON with nix-instantiate.
func instantiate(t *testing.T, expr string) []byte {
	t.Helper()
	out, err := exec.Command("nix-instantiate", "--eval", "--strict", "--json", "-E", expr).Output()
	if err != nil {
		var stderr []byte
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = ee.Stderr
		}
		t.Fatalf("nix-instantiate: %v\n%s", err, stderr)
	}
	return out
}

func extract(t *testing.T, hostJSON string, reqs []Request) map[string]entry {
	t.Helper()
	out := instantiate(t, "("+applyExpr(reqs, 12, false)+") ("+asNixOS+" (builtins.fromJSON "+nixString(hostJSON)+"))")
	var raw rawOutput
	if err := json.Unmarshal(out, &raw); err != nil {
		t.Fatal(err)
	}
	if !raw.HostOK {
		t.Fatal("host not ok")
	}
	got := map[string]entry{}
	for _, e := range raw.Entries {
		if !e.OK {
			t.Fatalf("%v failed", e.Path)
		}
		files := append([]string{}, e.Files...)
		defined := e.Defined
		for _, a := range e.Aliases {
			files = append(files, a.Files...)
			defined = defined || a.Defined
		}
		for i, f := range files {
			if _, rest, ok := strings.Cut(f, "-source/"); ok {
				files[i] = rest
			}
		}
		sort.Strings(files)
		if len(files) == 0 {
			files = nil
		}
		got[optpath.Format(e.Path)] = entry{Present: e.Present, Value: e.Value, Defined: defined, Files: files}
	}
	return got
}

func req(path string, aliases ...string) Request {
	r := Request{Path: optpath.MustParse(path)}
	for _, a := range aliases {
		r.Aliases = append(r.Aliases, optpath.MustParse(a))
	}
	return r
}

func TestExtractOnRealShapes(t *testing.T) {
	testenv.RequireNixInstantiate(t)
	pa := req("services.openssh.settings.PasswordAuthentication", "services.openssh.passwordAuthentication")
	cases := []struct {
		host string
		req  Request
		want entry
	}{
		// h1: dotted paths; the user's line is the only definition.
		{"h1", pa, entry{true, false, true, []string{"hosts/h1-dotted.nix"}}},
		{"h1", req("networking.firewall.allowedTCPPorts"), entry{true, []any{80.0, 443.0, 2222.0}, true,
			[]string{"hosts/h1-dotted.nix", "nixos/modules/services/networking/ssh/sshd.nix"}}},
		// A default: declared by nixpkgs, not defined.
		{"h1", req("services.resolved.enable"), entry{true, false, false, nil}},
		// h2: the old name; the forwarded definition is attributed to
		// sshd.nix, the user's file comes through the alias.
		{"h2", pa, entry{true, true, true, []string{"hosts/h2-nested.nix", "nixos/modules/services/networking/ssh/sshd.nix"}}},
		// h2: set by another nixpkgs module with mkDefault: defined, not the user's.
		{"h2", req("networking.nameservers"), entry{true, []any{"127.0.0.1"}, true, []string{"nixos/modules/services/networking/dnscrypt-proxy.nix"}}},
		// h3: mkDefault true and mkForce false on the same sub-option: the mkForce wins.
		{"h3", pa, entry{true, false, true, []string{"hosts/h3-priorities.nix"}}},
		// h3: top-level mkForce.
		{"h3", req("networking.firewall.enable"), entry{true, true, true, []string{"hosts/h3-priorities.nix"}}},
		// h4: from an imported file, mkBefore.
		{"h4", req("networking.firewall.allowedTCPPorts"), entry{true, []any{22.0}, true,
			[]string{"hosts/h4-common.nix", "nixos/modules/services/networking/ssh/sshd.nix"}}},
		// h5: sub-option left at its default inside a submodule.
		{"h5", pa, entry{true, true, false, nil}},
		// An option this host does not declare.
		{"h5", req("boot.lanzaboote.enable"), entry{false, nil, false, nil}},
	}
	for _, c := range cases {
		t.Run(c.host+"/"+optpath.Format(c.req.Path), func(t *testing.T) {
			got := extract(t, realHost(t, c.host), []Request{c.req})[optpath.Format(c.req.Path)]
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("got  %+v\nwant %+v", got, c.want)
			}
		})
	}
}

// Values are sanitized: functions, derivations (outPath never forced),
// paths, depth.
func TestSanitize(t *testing.T) {
	testenv.RequireNixInstantiate(t)
	host := `{ options = { a = { _type = "option"; isDefined = true; highestPrio = 100; definitionsWithLocations = []; }; };
	  config = { a = { f = x: x; drv = { type = "derivation"; name = "openssh-9.9"; outPath = throw "never forced"; };
	    p = ./x; deep = { b = { c = { d = 1; }; }; }; l = [ 1 (y: y) ]; }; }; }`
	expr := "(" + applyExpr([]Request{req("a")}, 3, false) + ") (" + asNixOS + " (" + host + "))"
	out, err := exec.Command("nix-instantiate", "--eval", "--strict", "--json", "-E", expr).CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	var raw rawOutput
	if err := json.Unmarshal(out, &raw); err != nil {
		t.Fatal(err)
	}
	v := raw.Entries[0].Value.(map[string]any)
	if v["f"] != "<function>" || v["drv"].(map[string]any)["_derivation"] != "openssh-9.9" ||
		!strings.HasSuffix(v["p"].(string), "/x") || v["l"].([]any)[1] != "<function>" {
		t.Errorf("sanitized: %v", v)
	}
	// a is level 0: deep 1, b 2, c 3, d 4 > 3.
	if d := v["deep"].(map[string]any)["b"].(map[string]any)["c"].(map[string]any)["d"]; d != "<truncated>" {
		t.Errorf("depth bound: %v", v["deep"])
	}
}

// A throwing option is a failed path, not a failed host; a config that
// does not evaluate is a failed host.
func TestExtractErrors(t *testing.T) {
	testenv.RequireNixInstantiate(t)
	opt := `{ _type = "option"; isDefined = true; highestPrio = 100; definitionsWithLocations = []; }`
	run := func(host string) rawOutput {
		expr := "(" + applyExpr([]Request{req("a"), req("b"), req("c.*.x")}, 12, false) + ") (" + asNixOS + " (" + host + "))"
		out, err := exec.Command("nix-instantiate", "--eval", "--strict", "--json", "-E", expr).CombinedOutput()
		if err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		var raw rawOutput
		_ = json.Unmarshal(out, &raw)
		return raw
	}
	raw := run(`{ options = { a = ` + opt + `; b = ` + opt + `; c = ` + opt + `; }; config = { a = throw "removed"; b = 1; c = { u1.x = 1; u2.x = assert false; 2; }; }; }`)
	ok := map[string]bool{}
	for _, e := range raw.Entries {
		ok[optpath.Format(e.Path)] = e.OK
	}
	want := map[string]bool{"a": false, "b": true, "c.u1.x": true, "c.u2.x": false}
	if !raw.HostOK || !reflect.DeepEqual(ok, want) {
		t.Errorf("hostOk %v, entries %v", raw.HostOK, ok)
	}
	if raw := run(`{ options = {}; config = throw "The option ` + "`x'" + ` does not exist."; }`); raw.HostOK {
		t.Error("a config that throws must fail the host")
	}
}

// An option renamed between releases is read under every name the host
// declares as an option of its own (NixOS 25.05 declares
// services.dnscrypt-proxy2, 25.11 services.dnscrypt-proxy and the old name
// as a rename of it, which is not read); each name's value and definitions
// come from there, and the other names' definitions count too.
func TestExtractReadsTheDeclaredNames(t *testing.T) {
	testenv.RequireNixInstantiate(t)
	opt := func(file string, v any, desc string) map[string]any {
		return map[string]any{"_type": "option", "isDefined": true, "highestPrio": 100, "description": desc,
			"definitionsWithLocations": []any{map[string]any{"file": "/nix/store/x-source/" + file, "value": v}}}
	}
	// name -> value; a name in renames is declared as a rename of the other.
	host := func(values map[string]bool, renames ...string) string {
		cfg, opts := map[string]any{}, map[string]any{}
		for n, v := range values {
			desc := "Whether to enable " + n + "."
			for _, r := range renames {
				if r == n {
					desc = "Alias of {option}`services.dnscrypt-proxy`."
				}
			}
			cfg[n] = map[string]any{"enable": v}
			opts[n] = map[string]any{"enable": opt("hosts/"+n+".nix", v, desc)}
		}
		js, _ := json.Marshal(map[string]any{"config": map[string]any{"services": cfg}, "options": map[string]any{"services": opts}})
		return string(js)
	}
	r := req("services.dnscrypt-proxy.enable", "services.dnscrypt-proxy2.enable")
	both := []string{"hosts/dnscrypt-proxy.nix", "hosts/dnscrypt-proxy2.nix"}
	cases := []struct {
		name, host string
		want       map[string]entry
	}{
		{"old release", host(map[string]bool{"dnscrypt-proxy2": true}),
			map[string]entry{"services.dnscrypt-proxy2.enable": {true, true, true, []string{"hosts/dnscrypt-proxy2.nix"}}}},
		{"new release", host(map[string]bool{"dnscrypt-proxy": true}),
			map[string]entry{"services.dnscrypt-proxy.enable": {true, true, true, []string{"hosts/dnscrypt-proxy.nix"}}}},
		// The old name a rename of the new: read once, under the new name,
		// with the old name's definitions.
		{"rename", host(map[string]bool{"dnscrypt-proxy": true, "dnscrypt-proxy2": true}, "dnscrypt-proxy2"),
			map[string]entry{"services.dnscrypt-proxy.enable": {true, true, true, both}}},
		// A look-alike of the new name declared beside the real old one:
		// both are read, so the real value is not hidden.
		{"look-alike", host(map[string]bool{"dnscrypt-proxy": false, "dnscrypt-proxy2": true}),
			map[string]entry{
				"services.dnscrypt-proxy.enable":  {true, false, true, both},
				"services.dnscrypt-proxy2.enable": {true, true, true, both},
			}},
		{"neither", host(map[string]bool{}),
			map[string]entry{"services.dnscrypt-proxy.enable": {false, nil, false, nil}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := extract(t, c.host, []Request{r}); !reflect.DeepEqual(got, c.want) {
				t.Errorf("got  %+v\nwant %+v", got, c.want)
			}
		})
	}
}

// A sub-option of a submodule-typed option that declares no default
// (journald's upload.settings.Upload.URL, as nixpkgs declares it) and that
// nothing defines has no value: absent, not an evaluation error. Defined,
// it is read; defined as a throw, it stays an error (the flake cannot make
// a value it sets look absent).
func TestUndefinedSubOption(t *testing.T) {
	testenv.RequireNixInstantiate(t)
	lib, err := filepath.Abs(filepath.Join("..", "examples", "lib", "nixos-system.nix"))
	if err != nil {
		t.Fatal(err)
	}
	reqs := []Request{req("services.journald.upload.settings.Upload.URL")}
	read := func(module string) rawEntry {
		t.Helper()
		host := fmt.Sprintf("((import %s).nixosSystem { modules = [ (%s) ]; })", nixString(lib), module)
		var raw rawOutput
		if err := json.Unmarshal(instantiate(t, "("+applyExpr(reqs, 12, false)+") "+host), &raw); err != nil {
			t.Fatal(err)
		}
		if !raw.HostOK || len(raw.Entries) != 1 {
			t.Fatalf("host %v, %d entries", raw.HostOK, len(raw.Entries))
		}
		return raw.Entries[0]
	}
	if e := read("{ }"); !e.OK || e.Present {
		t.Errorf("undefined: ok %v, present %v, want ok and absent", e.OK, e.Present)
	}
	if e := read(`{ services.journald.upload.settings.Upload.URL = "https://logs.example:19532"; }`); !e.OK || !e.Present || e.Value != "https://logs.example:19532" {
		t.Errorf("defined: %+v", e)
	}
	if e := read(`{ services.journald.upload.settings.Upload.URL = throw "The option is used but not defined."; }`); e.OK {
		t.Errorf("a defined throw reads as %+v, want a failed path", e)
	}
	// A definition written as a module function is opaque to nixsec's
	// reading of definitions: its throw stays an error, its value a value.
	if e := read(`{ services.journald.upload.settings = { ... }: { Upload.URL = throw "boom"; }; }`); e.OK {
		t.Errorf("a throw in a function-module definition reads as %+v, want a failed path", e)
	}
	if e := read(`{ services.journald.upload.settings = { ... }: { Upload.URL = "https://x"; }; }`); !e.OK || !e.Present {
		t.Errorf("a function-module definition: %+v", e)
	}
}
