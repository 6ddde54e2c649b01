package evalbridge

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The flake references --untrusted accepts, in flake.lock's `original`
// form; local and unknown forms are refused, never guessed.
func TestParseFlakeURL(t *testing.T) {
	ok := map[string]string{
		"github:NixOS/nixpkgs/nixos-25.05":                    `{"owner":"NixOS","ref":"nixos-25.05","repo":"nixpkgs","type":"github"}`,
		"github:NixOS/nixpkgs":                                `{"owner":"NixOS","repo":"nixpkgs","type":"github"}`,
		"github:o/r/0123456789abcdef0123456789abcdef01234567": `{"owner":"o","repo":"r","rev":"0123456789abcdef0123456789abcdef01234567","type":"github"}`,
		"github:o/r?dir=sub":                                  `{"dir":"sub","owner":"o","repo":"r","type":"github"}`,
		"gitlab:o/r":                                          `{"owner":"o","repo":"r","type":"gitlab"}`,
		"sourcehut:~o/r":                                      `{"owner":"~o","repo":"r","type":"sourcehut"}`,
		"git+https://example.org/r.git?ref=main":              `{"ref":"main","type":"git","url":"https://example.org/r.git"}`,
		"git+ssh://git@example.org/r":                         `{"type":"git","url":"ssh://git@example.org/r"}`,
		"https://example.org/r.tar.gz":                        `{"type":"tarball","url":"https://example.org/r.tar.gz"}`,
		"nixpkgs":                                             `{"id":"nixpkgs","type":"indirect"}`,
		"flake:nixpkgs/nixos-25.05":                           `{"id":"nixpkgs","ref":"nixos-25.05","type":"indirect"}`,
	}
	for in, want := range ok {
		got, err := parseFlakeURL(in)
		if err != nil {
			t.Errorf("%s: %v", in, err)
			continue
		}
		js, _ := json.Marshal(got)
		if string(js) != want {
			t.Errorf("%s: got %s, want %s", in, js, want)
		}
	}
	for _, in := range []string{"path:/etc/shadow", "/etc/shadow", "./sub", "../x", "git+file:///repo", "file:///etc/shadow",
		"tarball+file:///x.tar.gz", "hg+https://x/y", "github:o", "github:o/r/x/y", "git+https://x?evil=1", "https://"} {
		if _, err := parseFlakeURL(in); err == nil {
			t.Errorf("%s: accepted", in)
		}
	}
}

const testHash = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="

// Only remote, hash-pinned lock entries become fetches; every local or
// unpinned form is refused.
func TestLockedFetch(t *testing.T) {
	rev := "0123456789abcdef0123456789abcdef01234567"
	good := []map[string]any{
		{"type": "github", "owner": "NixOS", "repo": "nixpkgs", "rev": rev, "narHash": testHash},
		{"type": "gitlab", "owner": "o", "repo": "r", "rev": rev, "narHash": testHash, "host": "gitlab.example.org"},
		{"type": "tarball", "url": "https://example.org/x.tar.gz", "narHash": testHash},
		{"type": "git", "url": "https://example.org/r.git", "rev": rev, "narHash": testHash},
	}
	for _, l := range good {
		if _, _, err := lockedFetch("n", l); err != nil {
			t.Errorf("%v: %v", l, err)
		}
	}
	bad := []map[string]any{
		{"type": "path", "path": "/etc", "narHash": testHash},
		{"type": "github", "owner": "NixOS", "repo": "nixpkgs", "rev": rev},                             // no hash
		{"type": "github", "owner": "../..", "repo": "x", "rev": rev, "narHash": testHash},              // path in owner
		{"type": "github", "owner": "o", "repo": "r", "rev": "main", "narHash": testHash},               // not a rev
		{"type": "github", "owner": "o", "repo": "r", "rev": rev, "narHash": testHash, "host": "a/b@c"}, // host
		{"type": "tarball", "url": "file:///etc/shadow", "narHash": testHash},
		{"type": "git", "url": "file:///repo", "rev": rev, "narHash": testHash},
		{"type": "git", "url": "/repo", "rev": rev, "narHash": testHash},
		{"type": "git", "url": "https://example.org/r.git", "narHash": testHash}, // no rev
		{"type": "file", "url": "https://example.org/x", "narHash": testHash},
		{"type": "mercurial", "url": "https://example.org/x", "narHash": testHash},
		{"type": "indirect", "id": "nixpkgs", "narHash": testHash},
		{"type": "tarball", "url": "http://127.0.0.1:8765/x", "narHash": testHash},
		{"type": "tarball", "url": "http://169.254.169.254/latest/meta-data/", "narHash": testHash},
		{"type": "tarball", "url": "https://localhost/x.tar.gz", "narHash": testHash},
		{"type": "tarball", "url": "https://10.0.0.1/x.tar.gz", "narHash": testHash},
		{"type": "tarball", "url": "https://[::1]/x.tar.gz", "narHash": testHash},
		{"type": "tarball", "url": "https://example.org/a/../b.tar.gz", "narHash": testHash},
		{"type": "tarball", "url": "https://example.org/a/%2e%2e/b.tar.gz", "narHash": testHash},
		{"type": "git", "url": "ssh://git@192.168.1.1/r", "rev": rev, "narHash": testHash},
		{"type": "git", "url": "https://example.org/r.git", "rev": rev, "narHash": testHash, "submodules": true},
		{"type": "tarball", "url": "http://2130706433:8766/x.tgz", "narHash": testHash},
		{"type": "tarball", "url": "http://0177.0.0.1/x.tgz", "narHash": testHash},
		{"type": "tarball", "url": "http://127.1/x.tgz", "narHash": testHash},
		{"type": "tarball", "url": "http://0x7f000001/x.tgz", "narHash": testHash},
		{"type": "tarball", "url": "http://0/x.tgz", "narHash": testHash},
		{"type": "tarball", "url": "http://localhost./x.tgz", "narHash": testHash},
		{"type": "tarball", "url": "https://[::ffff:127.0.0.1]/x.tgz", "narHash": testHash},
		{"type": "github", "owner": "o", "repo": "r", "rev": rev, "narHash": testHash, "host": "2130706433:8766"},
	}
	for _, l := range bad {
		_, _, err := lockedFetch("n", l)
		var ue *UntrustedError
		if !errors.As(err, &ue) {
			t.Errorf("%v: accepted (%v)", l, err)
		}
	}
}

// follows paths resolve through the lock; only reachable nodes are
// checked (and fetched), and a loop is an error, not a hang.
func TestLockGraph(t *testing.T) {
	lock := func(s string) *lockFile {
		var l lockFile
		if err := json.Unmarshal([]byte(s), &l); err != nil {
			t.Fatal(err)
		}
		return &l
	}
	gh := `{"type": "github", "owner": "o", "repo": "r", "rev": "0123456789abcdef0123456789abcdef01234567", "narHash": "` + testHash + `"}`
	l := lock(`{"version": 7, "root": "root", "nodes": {
	  "root": {"inputs": {"a": "a", "nixpkgs": "nixpkgs"}},
	  "a": {"locked": ` + gh + `, "inputs": {"nixpkgs": ["nixpkgs"]}},
	  "nixpkgs": {"locked": ` + gh + `},
	  "unused": {"locked": {"type": "path", "path": "/etc"}}}}`)
	g, err := l.graph(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	if g.nodes["a"].Inputs["nixpkgs"] != "nixpkgs" || g.nodes["unused"] != nil || len(g.uris) != 1 {
		t.Errorf("graph: %+v, uris %v", g.nodes, g.uris)
	}
	l = lock(`{"version": 7, "root": "root", "nodes": {"root": {"inputs": {"a": ["a"]}}}}`)
	if _, err := l.graph(context.Background(), ""); err == nil || !strings.Contains(err.Error(), "follows") {
		t.Errorf("a follows loop: %v", err)
	}
	l = lock(`{"version": 7, "root": "root", "nodes": {"root": {"inputs": {"a": "a"}}, "a": {"locked": ` + strings.Replace(gh, `"type"`, `"dir": "../..", "type"`, 1) + `}}}`)
	if _, err := l.graph(context.Background(), ""); err == nil {
		t.Error("a dir out of the input's source was accepted")
	}
}

// Refused and missing paths outside the store read the same, so nix's
// messages are no oracle for the runner's files; store paths still show.
func TestRedactOutside(t *testing.T) {
	for _, m := range []string{
		"error: access to canonical path '/tmp/secret' is forbidden in restricted mode",
		"error: access to absolute path '/etc/shadow' is forbidden in restricted mode",
		"error: getting status of '/root/.ssh': No such file or directory",
	} {
		if got := redactOutside(m); got != "error: access to a path outside the flake's source and inputs is forbidden" {
			t.Errorf("%q -> %q", m, got)
		}
	}
	keep := "error: getting status of '/nix/store/…-source/hosts/x.nix': No such file or directory"
	if got := redactOutside(keep); got != keep {
		t.Errorf("a store path was redacted: %q", got)
	}
}

// Symlinks are resolved as the kernel would, through the links they meet:
// a chain whose every link looks inside on its own still escapes.
func TestSymlinkEscapes(t *testing.T) {
	root := t.TempDir()
	mk := func(name, target string) {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(target, p); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(filepath.Join(root, "a/b/c/d"), 0o755); err != nil {
		t.Fatal(err)
	}
	mk("a/b/c/d/up", "../../../..")           // the root itself: inside
	mk("x", "a/b/c/d/up/../etc/passwd")       // through up, then out
	mk("in", "a/b/c")                         // inside
	mk("abs", "/etc/passwd")                  // absolute
	mk("loop1", "loop2")                      // a loop
	mk("loop2", "loop1")                      //
	mk("dangling", "a/b/nothing")             // missing, inside
	mk("a/b/dotdot", "../../../outside/file") // plainly out
	cases := map[string]bool{"a/b/c/d/up": false, "x": true, "in": false, "abs": true, "loop1": true, "dangling": false, "a/b/dotdot": true}
	for name, want := range cases {
		if got := escapes(root, name); got != want {
			t.Errorf("%s: escapes %v, want %v", name, got, want)
		}
	}
}
