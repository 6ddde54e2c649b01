package evalbridge

import (
	"regexp"
	"strings"
)

// Hashes in nix's messages are an oracle for the content of files the
// flake may not read: builtins.fetchurl { url = "file:///etc/…"; sha256 =
// <anything>; } fails with "hash mismatch … got: sha256:<the file's
// hash>", a fetchTree with a wrong narHash with "NAR hash mismatch …
// got 'sha256-…'", and either would reach a pull request's CI log. So
// every message nixsec derives from nix's output goes through
// redactHashes.
//
// Store paths are /nix/store/<hash>-<name>, and the hash is computed from
// the content too: a path copied from outside the checkout (the
// "(/nix/store/…-source)" a fetchTree error names) is an oracle as well.
// Their hash part is redacted and the name kept; the name is what a
// reader needs ("/nix/store/…-source/hosts/web.nix:3:5" still names the
// user's file). Definition files, which nixsec maps back to the checkout
// with Flake.Relative, come from nix's stdout and are mapped before any
// text is shown; files outside the flake's own source are dropped there,
// never shown with their store path.
const hashRedacted = "<hash redacted>"

var (
	// A store path's hash: 32 characters of nix's base32.
	storePathHash = regexp.MustCompile(`/nix/store/[0-9a-df-np-sv-z]{32}-`)
	// "sha256:<hash>" (specified:/got: lines), SRI "sha256-<base64>", and
	// "sha256-…" inside a URL's narHash= query, in any encoding.
	prefixedHash = regexp.MustCompile(`(?i)\b(md5|sha1|sha256|sha512)([:-])[A-Za-z0-9+/]+=*`)
	// Candidates for a bare hash: runs of letters and digits (base16,
	// nix-base32), and runs of base64 with its padding.
	alnumRun  = regexp.MustCompile(`[A-Za-z0-9]+`)
	base64Run = regexp.MustCompile(`[A-Za-z0-9+/]+=+`)
)

// Lengths of md5, sha1, sha256 and sha512 in each encoding.
var (
	base16Lengths = map[int]bool{32: true, 40: true, 64: true, 128: true}
	base32Lengths = map[int]bool{26: true, 32: true, 52: true, 103: true}
	base64Lengths = map[int]bool{24: true, 28: true, 44: true, 88: true}
)

// redactHashes replaces every hash in a message from nix with
// hashRedacted, and a store path's hash with "…".
func redactHashes(msg string) string {
	msg = storePathHash.ReplaceAllString(msg, "/nix/store/…-")
	msg = prefixedHash.ReplaceAllString(msg, "${1}${2}"+hashRedacted)
	msg = base64Run.ReplaceAllStringFunc(msg, func(s string) string {
		if base64Lengths[len(s)] && len(s)-len(strings.TrimRight(s, "=")) <= 2 {
			return hashRedacted
		}
		return s
	})
	return alnumRun.ReplaceAllStringFunc(msg, func(s string) string {
		if (base16Lengths[len(s)] && isBase16(s)) || (base32Lengths[len(s)] && isNixBase32(s)) {
			return hashRedacted
		}
		return s
	})
}

func isBase16(s string) bool {
	return strings.Trim(s, "0123456789abcdef") == "" || strings.Trim(s, "0123456789ABCDEF") == ""
}

func isNixBase32(s string) bool {
	return strings.Trim(s, "0123456789abcdfghijklmnpqrsvwxyz") == ""
}
