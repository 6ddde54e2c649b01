package sshkey

import (
	"os"
	"strings"
	"testing"
)

// testdata/keys.txt holds public keys made with ssh-keygen for this test;
// the comment says what ssh-keygen was asked for.
func TestSSHKeyInfo(t *testing.T) {
	b, err := os.ReadFile("testdata/keys.txt")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]Info{
		"test-rsa-1024": {"ssh-rsa", 1024, ""}, "test-rsa-2048": {"ssh-rsa", 2048, ""},
		"test-rsa-3072": {"ssh-rsa", 3072, ""}, "test-rsa-4096": {"ssh-rsa", 4096, ""},
		"test-ed25519": {"ssh-ed25519", 256, ""}, "test-ecdsa-256": {"ecdsa-sha2-nistp256", 256, ""},
		"test-ecdsa-384": {"ecdsa-sha2-nistp384", 384, ""}, "test-ecdsa-521": {"ecdsa-sha2-nistp521", 521, ""},
		"test-dsa": {"ssh-dss", 1024, ""},
	}
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		got, err := Parse(`from="10.0.0.0/8",no-pty ` + line)
		if err != nil {
			t.Fatalf("%s: %v", line, err)
		}
		w := want[got.Comment]
		w.Comment = got.Comment
		if got != w {
			t.Errorf("%s: %+v, want %+v", got.Comment, got, w)
		}
	}
	for _, bad := range []string{"", "ssh-rsa", "ssh-rsa !!!", "ssh-rsa AAAAB3NzaC1yc2E=", "ssh-ed25519 AAAAB3NzaC1yc2EAAAADAQABAAAAgQ=="} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("%q: want an error", bad)
		}
	}
}
