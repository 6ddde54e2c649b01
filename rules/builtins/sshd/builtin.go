// Package sshd is nixsec's reading of the sshd_config NixOS writes from
// services.openssh (settings, then extraConfig through the build's shell
// here-document), as sshd reads it (config.go), and the builtin
// nixsec.sshd_config that gives it to the rules: rules/lib/nixsec.rego's
// sshd_extra, sshd_setting_match and sshd_extra_unreadable are lookups into
// its result, which SSH001, SSH002 and SSH003 read. It was Rego; parsing
// every line with regular expressions was most of those rules' time.
// rules/builtins lists it with nixsec's other builtins.
package sshd

import (
	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/types"
)

// Field types of the result, for the type checker.
var (
	// tupleType is a line of extra: [own, path, text, args, value, match,
	// where], the fields of lib.sshd_extra's entries after own.
	tupleType = types.NewArray([]types.Type{
		types.NewAny(types.S, types.Nl), types.S, types.S, types.NewArray(nil, types.S),
		types.S, types.NewAny(types.S, types.Nl), types.S,
	}, nil)
	blockType = types.NewObject([]*types.StaticProperty{
		types.NewStaticProperty("condition", types.S),
		types.NewStaticProperty("path", types.S),
	}, nil)
	unreadableType = types.NewObject([]*types.StaticProperty{
		types.NewStaticProperty("path", types.S),
		types.NewStaticProperty("why", types.S),
	}, nil)
)

// Decl declares nixsec.sshd_config(openssh): the whole reading in one call
// per host, so that each of the lib's helpers is a lookup.
var Decl = &ast.Builtin{
	Name: "nixsec.sshd_config",
	Description: "The sshd_config NixOS writes from services.openssh (settings, then extraConfig), as sshd reads it: " +
		"extra (lower-case keyword: the lines that give it a value sshd uses, each [own, path, text, args, value, match, where], own the settings name whose own line it is or null), " +
		"setting_match (settings name: the Match block its line falls in, unless Match all), " +
		"unreadable (what nixsec cannot read: Include, shell expansion, EOL).",
	Decl: types.NewFunction(
		types.Args(types.Named("openssh", types.A).Description("services.openssh; a value that is not an object reads as {}")),
		types.Named("config", types.NewObject([]*types.StaticProperty{
			types.NewStaticProperty("extra", types.NewObject(nil, types.NewDynamicProperty(types.S, types.NewArray(nil, tupleType)))),
			types.NewStaticProperty("setting_match", types.NewObject(nil, types.NewDynamicProperty(types.S, blockType))),
			types.NewStaticProperty("unreadable", types.NewSet(unreadableType)),
		}, nil)).Description("extra: keyword: [[own, path, text, args, value, match, where]]; setting_match: name: {condition, path}; unreadable: {{path, why}}"),
	),
}

// Impl implements Decl. Not memoized: the lib calls it once per host from
// a rule, and OPA's memo key renders the whole argument as a string.
var Impl = rego.Function1(&rego.Function{Name: Decl.Name, Decl: Decl.Decl},
	func(_ rego.BuiltinContext, a *ast.Term) (*ast.Term, error) { return readConfig(a.Value) })
