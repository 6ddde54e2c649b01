// Package rules embeds the nixsec policy bundle: one Rego package per rule
// under rules/<family>/, their unit tests beside them, shared helpers in
// rules/<family>/<helper>/ (the STIG family's) and
// rules/lib and the entrypoint in main.rego. The Go builtins the rules call
// (nixsec.ssh_key_info, nixsec.systemd_*) are in rules/builtins, one
// package per domain, listed in the table builtins.All.
package rules

//go:generate go run ./gen ../docs/rules capabilities.json ../docs/compliance index_gen.go

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"strings"
	"sync"

	"github.com/nixsec/nixsec/rule"
)

// FS holds every .rego file of the bundle, tests included.
//
//go:embed *.rego */*.rego stig/*/*.rego
var FS embed.FS

// Index is what go generate read from the bundle (index_gen.go): every
// rule's METADATA and the package of every module (rules/gen), so that a
// run need not parse the whole bundle to know its rules. It holds the
// Hash of the files it was read from: an index whose hash is not the
// bundle's is stale, and not to be used. Each call returns a new copy;
// nil when there is none.
var Index = index

// Hash identifies the bundle's modules: a SHA-256 over the path and text
// of every .rego file of FS that is not a test, in the order of their
// paths.
var Hash = sync.OnceValue(func() string {
	h := sha256.New()
	_ = fs.WalkDir(FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".rego") || strings.HasSuffix(p, "_test.rego") {
			return err
		}
		b, err := fs.ReadFile(FS, p)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%d:%s%d:", len(p), p, len(b))
		h.Write(b)
		return nil
	})
	return hex.EncodeToString(h.Sum(nil))
})

// IndexData is what Index holds.
type IndexData struct {
	Hash  string       `json:"hash"`
	Rules []*rule.Meta `json:"rules"`
	// Modules are the bundle's modules that are not tests, as
	// engine.Bundle.Files and FileRules list them.
	Modules []IndexModule `json:"modules"`
}

// IndexModule is one module of the bundle: its file, and the id of the
// rule whose package it is in ("" for a library or the entrypoint).
type IndexModule struct {
	File string `json:"file"`
	Rule string `json:"rule,omitempty"`
}
