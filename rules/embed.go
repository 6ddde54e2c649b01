// Package rules embeds the nixsec policy bundle: one Rego package per rule
// under rules/<family>/, their unit tests beside them, shared helpers in
// rules/<family>/<helper>/ (the STIG family's) and
// rules/lib and the entrypoint in main.rego. The Go builtins the rules call
// (nixsec.ssh_key_info, nixsec.systemd_*) are in rules/builtins, one
// package per domain, listed in the table builtins.All.
package rules

//go:generate go run ./gen ../docs/rules capabilities.json ../docs/compliance

import "embed"

// FS holds every .rego file of the bundle, tests included.
//
//go:embed *.rego */*.rego stig/*/*.rego
var FS embed.FS
