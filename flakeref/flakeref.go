// Package flakeref decides, once for every package, what kind of flake
// reference the user gave: a path on disk, or a reference nix resolves
// (a URL such as github:o/r or git+https://..., or a registry name).
package flakeref

import (
	"regexp"
	"strings"
)

// scheme is a URL scheme as nix's flake references use them (RFC 3986:
// a letter, then letters, digits, "+", "-", "."), followed by ":".
var scheme = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*:`)

// IsPath reports whether ref is written as a path on disk: ".",
// "examples/x", "/abs/dir", "./a:b" (a colon after the first slash is
// part of a file name). A bare word ("nixpkgs") is a path when such a
// directory exists and a registry name for nix otherwise: callers look. "path:/abs" is a URL nix reads as a path, and
// like every other scheme is not a path here: callers that accept it strip
// the scheme first. "" means "." and is a path.
func IsPath(ref string) bool {
	if strings.HasPrefix(ref, "/") || strings.HasPrefix(ref, ".") {
		return true
	}
	return !scheme.MatchString(ref)
}
