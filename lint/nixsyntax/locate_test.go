package nixsyntax

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/nixsec/nixsec/optpath"
)

// marked strips «» markers from src and returns the ranges they enclose.
func marked(src string) (string, []string) {
	var b strings.Builder
	var ranges []string
	line, col := 1, 1
	var start string
	for _, r := range src {
		switch r {
		case '«':
			start = fmt.Sprintf("%d:%d", line, col)
			continue
		case '»':
			ranges = append(ranges, fmt.Sprintf("%s-%d:%d", start, line, col))
			continue
		}
		b.WriteRune(r)
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return b.String(), ranges
}

func TestLocate(t *testing.T) {
	cases := []struct {
		name, path, src string
		partial         bool
	}{
		{"dotted", "services.openssh.settings.PasswordAuthentication",
			"{ ... }:\n{\n  services.openssh.settings.«PasswordAuthentication» = false;\n}\n", false},
		{"nested", "services.openssh.settings.PasswordAuthentication",
			"{\n  services = {\n    openssh = {\n      settings = { «PasswordAuthentication» = false; };\n    };\n  };\n}\n", false},
		{"mixed", "services.openssh.settings.X",
			"{ services.openssh = { settings.«X» = 1; }; }", false},
		{"quoted", "users.users.foo.password",
			`{ users.users."foo".«"password"» = "x"; }`, false},
		{"quoted-dot", `boot.kernel.sysctl."kernel.kptr_restrict"`,
			`{ boot.kernel.sysctl.«"kernel.kptr_restrict"» = 2; }`, false},
		{"config-section", "services.foo.enable",
			"{ lib, config, ... }: { options.x = lib.mkOption { }; config = { services.foo.«enable» = true; }; }", false},
		{"config-dotted", "services.foo.enable",
			"{ options = { }; config.services.foo.«enable» = true; }", false},
		{"mkIf", "services.foo.enable",
			"{ lib, cfg, ... }: { config = lib.mkIf cfg.enable { services.foo.«enable» = true; }; }", false},
		{"mkIf-bare", "services.foo.enable",
			"{ lib, cfg, ... }: with lib; { services = mkIf cfg.x { foo.«enable» = true; }; }", false},
		{"mkMerge", "networking.firewall.enable",
			"{ lib, ... }: { config = lib.mkMerge [ { networking.firewall.«enable» = true; } (lib.mkIf true { networking.firewall.«enable» = false; }) ]; }", false},
		{"mkForce", "a.b", "{ lib, ... }: { a = lib.mkForce { «b» = 1; }; }", false},
		{"mkDefault-leaf", "a.b", "{ lib, ... }: { a.«b» = lib.mkDefault 1; }", false},
		{"mkOverride", "a.b", "{ lib, ... }: { a = lib.mkOverride 900 { «b» = 1; }; }", false},
		{"mkBefore-mkAfter-mkOrder", "a.b", "{ lib, ... }: { a = lib.mkBefore { «b» = [ 1 ]; }; x = lib.mkAfter { }; c = lib.mkOrder 10 { }; }", false},
		{"let", "services.x.enable", "let e = true; in { services.x.«enable» = e; }", false},
		{"with", "services.x.enable", "{ lib, ... }: with lib; let e = true; in { services.x.«enable» = e; }", false},
		{"list-of-modules", "a.b", "[ { a.«b» = 1; } ({ ... }: { a = { «b» = 2; }; }) ]", false},
		{"imports", "a.b", "{ imports = [ ./x.nix { a.«b» = 1; } ]; a.«b» = 2; }", false},
		{"larger-value", "users.users.alice.password",
			"{ users.users.alice = { isNormalUser = true; «password» = \"x\"; }; }", false},
		{"partial", "services.openssh.settings.PasswordAuthentication",
			"{ lib, someVar, ... }: { services.openssh.«settings» = lib.mkDefault someVar; }", true},
		{"systemd", "systemd.services.foo.serviceConfig",
			"{ systemd.services.foo = { description = \"d\"; «serviceConfig» = { User = \"x\"; }; }; }", false},
		{"deeper-binding", "systemd.services.foo.serviceConfig",
			"{ systemd.services.foo.«serviceConfig».User = \"x\"; }", false},
		{"flake-host", "nixosConfigurations.web",
			"{\n  inputs.nixpkgs.url = \"github:NixOS/nixpkgs\";\n  outputs = { self, nixpkgs }: {\n    nixosConfigurations.«web» = nixpkgs.lib.nixosSystem { modules = [ ./web.nix ]; };\n  };\n}\n", false},
		{"flake-inline-module", "services.openssh.enable",
			"{ outputs = { nixpkgs, ... }: { nixosConfigurations.web = nixpkgs.lib.nixosSystem { modules = [ ({ ... }: { services.openssh.«enable» = true; }) ]; }; }; }", false},
		{"inherit", "a.b", "{ x, ... }: { a = { inherit (x) «b»; }; }", false},
		{"if-branches", "a.b", "{ c, ... }: { a = if c then { «b» = 1; } else { «b» = 2; }; }", false},
		{"update", "a.b", "{ a = { «b» = 1; } // { «b» = 2; }; }", false},
		{"unicode-columns", "a.b", "{ x = \"héllo wörld\"; a.«b» = 1; }", false},
		{"tab-columns", "a.b", "{\n\ta.«b» = 1;\n}", false},
		{"absent", "a.c", "{ a.b = 1; }", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src, want := marked(c.src)
			f, err := ParseString(c.name+".nix", src)
			if err != nil {
				t.Fatal(err)
			}
			path, err := optpath.Parse(c.path)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, d := range Locate(f, path) {
				got = append(got, d.Key.String())
				if d.Partial != c.partial {
					t.Errorf("partial = %v, want %v", d.Partial, c.partial)
				}
				if d.Key.End.Offset <= d.Key.Start.Offset || !utf8.ValidString(src[d.Key.Start.Offset:d.Key.End.Offset]) {
					t.Errorf("bad key range %v", d.Key)
				}
				if d.Value.End.Offset <= d.Value.Start.Offset {
					t.Errorf("bad value range %v", d.Value)
				}
			}
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("Locate(%s) = %v, want %v", c.path, got, want)
			}
		})
	}
}

func TestLocateValueRange(t *testing.T) {
	src := "{ a.b = [ 1 2 ]; }"
	f, err := ParseString("v.nix", src)
	if err != nil {
		t.Fatal(err)
	}
	d := Locate(f, []string{"a", "b"})
	if len(d) != 1 || src[d[0].Value.Start.Offset:d[0].Value.End.Offset] != "[ 1 2 ]" || d[0].Value.String() != "1:9-1:16" {
		t.Fatalf("got %+v", d)
	}
}

func TestLocateAny(t *testing.T) {
	f, err := ParseString("a.nix", "{ services.openssh.passwordAuthentication = true; services.openssh.settings.PasswordAuthentication = false; }")
	if err != nil {
		t.Fatal(err)
	}
	d := LocateAny(f, [][]string{
		{"services", "openssh", "settings", "PasswordAuthentication"},
		{"services", "openssh", "passwordAuthentication"},
	})
	if len(d) != 2 || d[0].Key.Start.Col != 20 {
		t.Fatalf("got %+v", d)
	}
}

// LocateEach finds, in one walk, what Locate finds for each name: every
// flake.nix of the repository and flakes of other shapes (dotted, nested,
// inherited and merged entries, a partial definition that stands for
// every host, names that are not static), for each host it names and one
// it does not.
func TestLocateEachAgreesWithLocate(t *testing.T) {
	srcs := map[string]string{
		"dotted":  `{ outputs = { self, nixpkgs }: { nixosConfigurations.a = nixpkgs.lib.nixosSystem { modules = [ ./a.nix ]; }; nixosConfigurations.b = x; }; }`,
		"nested":  `{ outputs = _: { nixosConfigurations = { a = mk "a"; "b.c" = mk "b"; d.config = { }; }; }; }`,
		"merged":  `{ outputs = _: { nixosConfigurations = { a = 1; } // { b = 2; }; }; }`,
		"mkIf":    `{ outputs = _: { nixosConfigurations = lib.mkIf true { a = 1; }; }; }`,
		"partial": `{ outputs = _: { nixosConfigurations = lib.genAttrs hosts mk; }; }`,
		"inherit": `{ outputs = _: let a = 1; in { nixosConfigurations = { inherit a; inherit (x) b c; }; }; }`,
		"dynamic": `{ outputs = _: { nixosConfigurations = { ${name} = 1; "${x}y" = 2; z = 3; }; }; }`,
		"modules": `{ outputs = _: { nixosConfigurations.a = sys { modules = [ { nixosConfigurations.b = 1; } ]; }; }; }`,
		"let":     `{ outputs = inputs: let hosts = { }; in { nixosConfigurations.a = 1; } // hosts; }`,
	}
	var files []string
	for _, pat := range []string{"../../examples/*/flake.nix", "../../testdata/flakes/*/flake.nix"} {
		m, err := filepath.Glob(pat)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 10 {
		t.Fatalf("only %d flake.nix files", len(files))
	}
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		srcs[p] = string(b)
	}
	prefix := []string{"nixosConfigurations"}
	shapes := map[string]string{ // what each shape names, and if it shares a definition
		"dotted": "a b", "nested": "a b.c d", "merged": "a b", "mkIf": "a", "partial": "+shared",
		"inherit": "a b c", "dynamic": "z", "modules": "a b", "let": "a",
	}
	total := 0
	for name, src := range srcs {
		f, err := Parse(name, []byte(src))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		byName, shared := LocateEach(f, prefix)
		total += len(byName)
		if want, ok := shapes[name]; ok {
			var got []string
			for h := range byName {
				got = append(got, h)
			}
			sort.Strings(got)
			desc := strings.Join(got, " ")
			if len(shared) > 0 {
				desc += "+shared"
			}
			if desc != want {
				t.Errorf("%s: names %q, want %q", name, desc, want)
			}
		}
		hosts := []string{"not-a-host"}
		for h := range byName {
			hosts = append(hosts, h)
		}
		for _, h := range hosts {
			want := Locate(f, []string{"nixosConfigurations", h})
			got := append(append([]Definition{}, byName[h]...), shared...)
			sort.SliceStable(got, func(i, j int) bool { return got[i].Key.Start.Offset < got[j].Key.Start.Offset })
			if !reflect.DeepEqual(got, want) && (len(got) > 0 || len(want) > 0) {
				t.Errorf("%s, host %q:\nLocateEach %+v\nLocate     %+v", name, h, got, want)
			}
		}
	}
	// The marker is not a name a caller can pass: a path that holds it
	// (a crafted document's option path) matches nothing.
	f, err := Parse("m.nix", []byte(`{ users.users.alice.password = "x"; }`))
	if err != nil {
		t.Fatal(err)
	}
	if d := Locate(f, []string{"users", "users", anyName, "password"}); d != nil {
		t.Errorf("a path holding the marker matched %+v", d)
	}
	if d := Locate(f, []string{"users", "users", "alice", "password"}); len(d) != 1 {
		t.Errorf("alice's password: %+v", d)
	}
	if total < 20 {
		t.Errorf("%d host entries in all, too few for the comparison to mean much", total)
	}
}
