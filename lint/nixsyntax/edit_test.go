package nixsyntax

import (
	"strings"
	"testing"
)

func dotted(p []string) string { return strings.Join(p, ".") }

// A value is replaced inside its wrappers; nothing else changes.
func TestReplaceValue(t *testing.T) {
	cases := []struct{ src, want string }{
		{"{ a.b = true; # keep\n}", "{ a.b = false; # keep\n}"},
		{"{ lib, ... }: { a.b = lib.mkDefault true; }", "{ lib, ... }: { a.b = lib.mkDefault false; }"},
		{"{ a = { b = mkIf c (mkForce (true)); }; }", "{ a = { b = mkIf c (mkForce (false)); }; }"},
		{"{ a.b = lib.mkOverride 900 true; }", "{ a.b = lib.mkOverride 900 false; }"},
	}
	for _, c := range cases {
		f, err := Parse("t.nix", []byte(c.src))
		if err != nil {
			t.Fatal(err)
		}
		d := Locate(f, []string{"a", "b"})
		if len(d) != 1 {
			t.Fatalf("%q: %d definitions", c.src, len(d))
		}
		e, ok := ReplaceValue(f, d[0], "false")
		if !ok {
			t.Fatalf("%q: no edit", c.src)
		}
		got, err := ApplyEdits(c.src, []Edit{e})
		if err != nil || got != c.want {
			t.Errorf("%q:\ngot  %q (%v)\nwant %q", c.src, got, err, c.want)
		}
	}
	for _, src := range []string{"{ a.b = x // { }; }", "{ a.b = if c then true else false; }", "{ a.b = mkMerge [ true ]; }"} {
		f, _ := Parse("t.nix", []byte(src))
		if _, ok := ReplaceValue(f, Locate(f, []string{"a", "b"})[0], "false"); ok {
			t.Errorf("%q: edited a value that is not one place", src)
		}
	}
}

// A setting goes into the deepest set the module already writes for a
// prefix of its path, at the indentation of its neighbours; dotted at
// the top otherwise; under config in a module that has one.
func TestInsert(t *testing.T) {
	cases := []struct {
		name, src, path, want string
	}{
		{"nested block", `{ lib, ... }:
{
  services.openssh = {
    enable = true; # on
    settings = {
      PermitRootLogin = "no";
    };
  };
}
`, "services.openssh.settings.PasswordAuthentication", `{ lib, ... }:
{
  services.openssh = {
    enable = true; # on
    settings = {
      PermitRootLogin = "no";
      PasswordAuthentication = false;
    };
  };
}
`},
		{"dotted at the top", `{
  networking.hostName = "web";
}
`, "security.auditd.enable", `{
  networking.hostName = "web";
  security.auditd.enable = false;
}
`},
		{"one line", `{ a = 1; }`, "b.c", `{ a = 1; b.c = false; }`},
		{"empty", "{ }", "b.c", "{\n  b.c = false;\n}"},
		{"config set", `{ config, ... }: {
  options.x = 1;
  config = {
    services.y = 2;
  };
}`, "security.auditd.enable", `{ config, ... }: {
  options.x = 1;
  config = {
    services.y = 2;
    security.auditd.enable = false;
  };
}`},
		{"config mkMerge", `{ lib, ... }: {
  config = lib.mkMerge [
    {
      a.b = 1;
    }
    (lib.mkIf false { })
  ];
}`, "c.d", `{ lib, ... }: {
  config = lib.mkMerge [
    {
      a.b = 1;
      c.d = false;
    }
    (lib.mkIf false { })
  ];
}`},
		{"block comment after the last binding", "{\n  a = 1; /* c\n  */\n}\n", "b", "{\n  a = 1; /* c\n  */\n  b = false;\n}\n"},
		{"comment in an empty set", "{ /* keep */ }", "b", "{\n  b = false; /* keep */ }"},
		{"options without config", `{ options.x = 1; }`, "a.b", `{ options.x = 1; config.a.b = false; }`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, err := Parse("t.nix", []byte(c.src))
			if err != nil {
				t.Fatal(err)
			}
			e, err := Insert(f, strings.Split(c.path, "."), dotted, "false")
			if err != nil {
				t.Fatal(err)
			}
			got, err := ApplyEdits(c.src, []Edit{e})
			if err != nil || got != c.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, c.want)
			}
			if _, err := Parse("t.nix", []byte(got)); err != nil {
				t.Errorf("does not parse: %v", err)
			}
		})
	}
	for _, src := range []string{
		`{ services.openssh = lib.mkIf true { enable = true; }; }`,
		`{ services = import ./services.nix; }`,
		`{ inherit services; }`,
	} {
		f, _ := Parse("t.nix", []byte(src))
		if e, err := Insert(f, []string{"services", "openssh", "settings", "X"}, dotted, "1"); err == nil {
			t.Errorf("%s: inserted beside a prefix written as an expression: %+v", src, e)
		}
	}
	f, _ := Parse("t.nix", []byte(`{ config = lib.mkMerge [ (import ./x.nix) ]; }`))
	if _, err := Insert(f, []string{"a"}, dotted, "1"); err == nil {
		t.Error("wrote into a config that is not a set")
	}
	f, _ = Parse("t.nix", []byte(`import ./x.nix`))
	if _, err := Insert(f, []string{"a"}, dotted, "1"); err == nil {
		t.Error("wrote into a file that is not a set")
	}
}
