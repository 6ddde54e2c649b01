// Package builtins is the table of nixsec's custom Rego builtins: Go
// functions the built-in rules call like OPA's own, one package each under
// rules/builtins/ beside the rules that use them. The linter hands the
// table to the policy engine with the built-in bundle (lint.Sources); the
// engine adds each declaration to the capabilities (which
// rules/capabilities.json renders for `opa check`) and each implementation
// to preparation and to `nixsec policy test`, and the bundle's own Rego
// tests (rules/rules_test.go) run with it too.
//
// To add a builtin: a package here with its Decl and Impl (as sshkey), a
// row in All, then `go generate ./rules` for the capabilities.
package builtins

import (
	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/nixsec/nixsec/rules/builtins/optionpath"
	"github.com/nixsec/nixsec/rules/builtins/sshd"
	"github.com/nixsec/nixsec/rules/builtins/sshkey"
	"github.com/nixsec/nixsec/rules/builtins/systemd"
	"github.com/nixsec/nixsec/rules/builtins/transpose"
)

// Builtin is one custom builtin: Decl declares it (name, argument and
// result types, description: what the capabilities and the type checker
// see), Impl implements it (the rego option rego.Function1(...) returns).
//
// It is an alias of an unnamed struct type, as the engine's Builtin is
// (rego/builtins.go): the two name one type, so the table is passed to the
// engine as it is and neither package imports the other.
type Builtin = struct {
	Decl *ast.Builtin
	Impl func(*rego.Rego)
}

// All is every builtin the built-in rules call, in the order the
// capabilities list them.
var All = []Builtin{
	{Decl: sshkey.Decl, Impl: sshkey.Impl},                     // nixsec.ssh_key_info: SSH006
	{Decl: sshkey.WeakDecl, Impl: sshkey.WeakImpl},             // nixsec.ssh_weak_keys: SSH006
	{Decl: systemd.Decl, Impl: systemd.Impl},                   // nixsec.systemd_exposure: SVC007
	{Decl: systemd.UserDecl, Impl: systemd.UserImpl},           // nixsec.systemd_user: SVC006 (lib.runs_as_root)
	{Decl: systemd.BoolDecl, Impl: systemd.BoolImpl},           // nixsec.systemd_bool: lib.systemd_true, lib.systemd_false
	{Decl: optionpath.Decl, Impl: optionpath.Impl},             // nixsec.option_path: lib.path
	{Decl: systemd.OwnDecl, Impl: systemd.OwnImpl},             // nixsec.systemd_own_services: lib.own_services
	{Decl: systemd.UnitsDecl, Impl: systemd.UnitsImpl},         // nixsec.systemd_own_units: lib.own_units (SVC006, SVC007)
	{Decl: systemd.MisplacedDecl, Impl: systemd.MisplacedImpl}, // nixsec.systemd_misplaced: SVC008
	{Decl: transpose.Decl, Impl: transpose.Impl},               // nixsec.transpose: lib.users_by_option
	{Decl: sshd.Decl, Impl: sshd.Impl},                         // nixsec.sshd_config: lib.sshd_extra, lib.sshd_setting_match, lib.sshd_extra_unreadable
}
