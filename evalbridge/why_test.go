package evalbridge

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/nixsec/nixsec/internal/testenv"
	"github.com/nixsec/nixsec/optpath"
)

// explainReal runs the explain mode of extract.nix on a real-shape host.
func explainReal(t *testing.T, hostJSON, path string, aliases ...string) rawExplanation {
	t.Helper()
	al := [][]string{}
	for _, a := range aliases {
		al = append(al, optpath.MustParse(a))
	}
	arg, _ := json.Marshal(map[string]any{"path": optpath.MustParse(path), "aliases": al})
	expr := fmt.Sprintf("((%s) { requests = [ ]; explain = builtins.fromJSON %s; }) (%s (builtins.fromJSON %s))",
		extractExpr, nixString(string(arg)), asNixOS, nixString(hostJSON))
	out := instantiate(t, expr)
	var raw rawExplanation
	if err := json.Unmarshal(out, &raw); err != nil {
		t.Fatal(err)
	}
	if !raw.HostOK || raw.Explanation == nil {
		t.Fatalf("host not ok: %s", out)
	}
	return raw
}

// contrib is a contribution as the tests compare it: file suffix,
// priority, whether it holds, value.
type contrib struct {
	File  string
	Prio  int
	Holds bool
	Value any
}

func contribs(defs []Definition) []contrib {
	var out []contrib
	for _, d := range defs {
		_, file, _ := strings.Cut(d.File, "-source/")
		for _, c := range d.Contributions {
			out = append(out, contrib{file, c.Prio, c.Holds, c.Value})
		}
	}
	return out
}

// On what the real module system returned (testdata/realshape): every
// definition of a sub-option with its own wrapper's priority; for an
// option, only the winners, at the option's highest priority; an older
// name's definitions under its own name.
func TestExplainOnRealShapes(t *testing.T) {
	testenv.RequireNixInstantiate(t)
	h3 := realHost(t, "h3")
	raw := explainReal(t, h3, "services.openssh.settings.PasswordAuthentication")
	defs, _ := definitions(raw.Explanation.rawDefinitions)
	want := []contrib{{"hosts/h3-priorities.nix", 1000, true, true}, {"hosts/h3-priorities.nix", 50, true, false}}
	if got := contribs(defs); !reflect.DeepEqual(got, want) {
		t.Errorf("h3 PasswordAuthentication:\ngot  %+v\nwant %+v", got, want)
	}
	if got := optionPath(raw.Explanation.Option); !reflect.DeepEqual(got, []string{"services", "openssh", "settings"}) {
		t.Errorf("option %q", got)
	}
	if !raw.Explanation.Value.Present || raw.Explanation.Value.Value != false {
		t.Errorf("value %+v", raw.Explanation.Value)
	}

	raw = explainReal(t, h3, "networking.firewall.enable")
	defs, _ = definitions(raw.Explanation.rawDefinitions)
	if got, want := contribs(defs), []contrib{{"hosts/h3-priorities.nix", 50, true, true}}; !reflect.DeepEqual(got, want) {
		t.Errorf("h3 firewall:\ngot  %+v\nwant %+v", got, want)
	}
	if p := raw.Explanation.HighestPrio; p == nil || *p != 50 {
		t.Errorf("highestPrio %v", p)
	}

	// A default: the declaring file at 1500.
	raw = explainReal(t, realHost(t, "h1"), "services.resolved.enable")
	defs, _ = definitions(raw.Explanation.rawDefinitions)
	if got := contribs(defs); len(got) != 1 || got[0].Prio != 1500 || got[0].File != "nixos/modules/system/boot/resolved.nix" {
		t.Errorf("h1 resolved default: %+v", got)
	}

	// h2 sets the old name: its definition is the user's, under the alias.
	raw = explainReal(t, realHost(t, "h2"), "services.openssh.settings.PasswordAuthentication", "services.openssh.passwordAuthentication")
	if len(raw.Explanation.Aliases) != 1 {
		t.Fatalf("aliases %+v", raw.Explanation.Aliases)
	}
	adefs, _ := definitions(raw.Explanation.Aliases[0].rawDefinitions)
	if got, want := contribs(adefs), []contrib{{"hosts/h2-nested.nix", 100, true, true}}; !reflect.DeepEqual(got, want) {
		t.Errorf("h2 alias:\ngot  %+v\nwant %+v", got, want)
	}

	// No option at the path.
	if raw := explainReal(t, h3, "no.such.option"); raw.Explanation.Declared {
		t.Error("an undeclared path is declared")
	}
}

// Wrappers nested in a submodule's definitions are discharged as the
// module system would: mkIf false holds no value, a throwing condition
// is marked, mkOrder is kept.
func TestExplainContributions(t *testing.T) {
	testenv.RequireNixInstantiate(t)
	host := `{ options.s = { _type = "option"; isDefined = true; highestPrio = 100; definitionsWithLocations = [
	    { file = "/nix/store/x-source/a.nix"; value = { x = { _type = "if"; condition = false; content = 1; }; }; }
	    { file = "/nix/store/x-source/b.nix"; value = { x = { _type = "if"; condition = throw "no"; content = 2; }; }; }
	    { file = "/nix/store/x-source/c.nix"; value = { _type = "merge"; contents = [ { x = { _type = "order"; priority = 500; content = 3; }; } { y = 4; } ]; }; }
	  ]; }; config.s = { x = 3; y = 4; }; }`
	expr := fmt.Sprintf(`((%s) { requests = [ ]; explain = { path = [ "s" "x" ]; aliases = [ ]; }; }) (%s (%s))`, extractExpr, asNixOS, host)
	out := instantiate(t, expr)
	var raw rawExplanation
	if err := json.Unmarshal(out, &raw); err != nil || raw.Explanation == nil {
		t.Fatalf("%v: %s", err, out)
	}
	defs, _ := definitions(raw.Explanation.rawDefinitions)
	var got []string
	for _, d := range defs {
		for _, c := range d.Contributions {
			order := 0
			if c.Order != nil {
				order = *c.Order
			}
			got = append(got, fmt.Sprintf("%s holds=%t throws=%t order=%d value=%v", d.File[len("/nix/store/x-source/"):], c.Holds, c.Throws, order, c.Value))
		}
	}
	want := []string{
		"a.nix holds=false throws=false order=0 value=1",
		"b.nix holds=false throws=true order=0 value=2",
		"c.nix holds=true throws=false order=500 value=3",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}
