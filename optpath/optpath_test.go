package optpath

import (
	"reflect"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	cases := map[string][]string{
		"services.openssh.enable":                   {"services", "openssh", "enable"},
		`fileSystems."/".device`:                    {"fileSystems", "/", "device"},
		`boot.kernel.sysctl."kernel.kptr_restrict"`: {"boot", "kernel", "sysctl", "kernel.kptr_restrict"},
		"users.users.*.password":                    {"users", "users", "*", "password"},
		"services.dnscrypt-proxy2.enable":           {"services", "dnscrypt-proxy2", "enable"},
		`a."x\"y"`:                                  {"a", `x"y`},
	}
	for s, want := range cases {
		got, err := Parse(s)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("Parse(%q) = %q, %v; want %q", s, got, err, want)
		}
		if f := Format(want); f != s {
			t.Errorf("Format(%q) = %q; want %q", want, f, s)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, s := range []string{"", "a.", ".a", `a."b`, "a..b", `a."b"c`, "a b"} {
		if _, err := Parse(s); err == nil {
			t.Errorf("Parse(%q): want an error", s)
		}
	}
}
