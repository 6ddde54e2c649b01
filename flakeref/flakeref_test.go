package flakeref

import "testing"

func TestIsPath(t *testing.T) {
	for ref, want := range map[string]bool{
		"": true, ".": true, "examples/x": true, "/abs/dir": true, "./a:b": true, "dir#host": true, "../up": true,
		"github:NixOS/nixpkgs": false, "git+https://example.org/r": false, "path:/abs": false, "nixpkgs:x": false,
		"https://example.org/x.tar.gz": false, "flake:nixpkgs": false,
	} {
		if got := IsPath(ref); got != want {
			t.Errorf("IsPath(%q) = %v, want %v", ref, got, want)
		}
	}
}
