// Package systemd is nixsec's reading of a service's systemd settings,
// from its NixOS serviceConfig as systemd reads the unit NixOS writes
// (exposure.go), and the builtins that expose it to the rules:
// nixsec.systemd_exposure, systemd-analyze security's exposure score
// (SVC007, rules/services/svc007.rego, decides which services to score and
// what is too exposed); nixsec.systemd_user, who a service runs as (SVC006,
// lib.runs_as_root); nixsec.systemd_bool, a boolean setting
// (lib.systemd_true and lib.systemd_false). It is the only implementation
// of these readings: the Rego calls it. rules/builtins lists it with
// nixsec's other builtins.
package systemd

import (
	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/topdown/builtins"
	"github.com/open-policy-agent/opa/v1/types"
)

// serviceConfig is the argument type of the builtins that read a service.
var serviceConfig = types.Named("serviceConfig", types.NewObject(nil, types.NewDynamicProperty(types.S, types.A))).Description("a systemd.services.<name>.serviceConfig")

// Decl declares the builtin nixsec.systemd_exposure(serviceConfig):
// systemd-analyze security's exposure of a service as {"tenths", "points",
// "scores"}. It is SVC007's scoring, in Go because its table of 80
// assessors was most of the bundle's time in Rego.
var Decl = &ast.Builtin{
	Name:        "nixsec.systemd_exposure",
	Description: "systemd-analyze security's exposure score of a serviceConfig: tenths (96 = 9.6), points per setting, and every assessor's score.",
	Decl: types.NewFunction(
		types.Args(serviceConfig),
		types.Named("exposure", types.NewObject([]*types.StaticProperty{
			types.NewStaticProperty("tenths", types.N),
			types.NewStaticProperty("points", types.NewObject(nil, types.NewDynamicProperty(types.S, types.N))),
			types.NewStaticProperty("scores", types.NewArray(nil, types.NewObject(nil, types.NewDynamicProperty(types.S, types.A)))),
		}, nil)).Description("tenths, points (setting: points, only those that cost points), scores (id, setting, weight, badness, points per assessor)"),
	),
}

// Impl implements Decl: the rego option that registers the function.
var Impl = rego.Function1(&rego.Function{Name: Decl.Name, Decl: Decl.Decl, Memoize: true, Nondeterministic: false},
	func(_ rego.BuiltinContext, a *ast.Term) (*ast.Term, error) { return systemdExposure(a) })

// UserDecl declares nixsec.systemd_user(serviceConfig): who a service runs
// as, read as the exposure score reads it, so that SVC006 and SVC007
// cannot disagree on what is root.
var UserDecl = &ast.Builtin{
	Name:        "nixsec.systemd_user",
	Description: "Who a service with this serviceConfig runs as, as systemd reads User= and DynamicUser=: name (User, \"\" when unset), dynamic (DynamicUser), root.",
	Decl: types.NewFunction(
		types.Args(serviceConfig),
		types.Named("user", types.NewObject([]*types.StaticProperty{
			types.NewStaticProperty("name", types.S),
			types.NewStaticProperty("dynamic", types.B),
			types.NewStaticProperty("root", types.B),
		}, nil)).Description("name (User as systemd reads it, \"\" when unset), dynamic (DynamicUser is on), root (User is root or 0, or unset without DynamicUser)"),
	),
}

// UserImpl implements UserDecl. Not memoized: OPA's memo key is the
// argument rendered as a string, which costs more than reading two settings.
var UserImpl = rego.Function1(&rego.Function{Name: UserDecl.Name, Decl: UserDecl.Decl},
	func(_ rego.BuiltinContext, a *ast.Term) (*ast.Term, error) { return systemdUser(a) })

// BoolDecl declares nixsec.systemd_bool(value): a boolean setting as
// systemd reads it, for the lib's systemd_true and systemd_false.
var BoolDecl = &ast.Builtin{
	Name:        "nixsec.systemd_bool",
	Description: "A boolean serviceConfig setting as systemd reads it: its last valid assignment (true, \"yes\", \"on\", 1…; false, \"no\", \"off\", 0…), null when none is valid.",
	Decl: types.NewFunction(
		types.Args(types.Named("value", types.A).Description("the setting's value in the serviceConfig: a value or a list of assignments")),
		types.Named("bool", types.NewAny(types.B, types.Nl)).Description("the setting's boolean, or null"),
	),
}

// BoolImpl implements BoolDecl; not memoized, as UserImpl.
var BoolImpl = rego.Function1(&rego.Function{Name: BoolDecl.Name, Decl: BoolDecl.Decl},
	func(_ rego.BuiltinContext, a *ast.Term) (*ast.Term, error) { return systemdBool(a), nil })

// systemdUser is nixsec.systemd_user's body: a non-object is a type error,
// as for nixsec.systemd_exposure.
func systemdUser(a *ast.Term) (*ast.Term, error) {
	sc, ok := a.Value.(ast.Object)
	if !ok {
		return nil, builtins.NewOperandTypeErr(1, a.Value, "object")
	}
	return identityOf(readUnit(sc, "User", "DynamicUser")).term(), nil
}

// systemdBool is nixsec.systemd_bool's body: boolSetting of the value's
// assignments, without the newer words of particular settings.
func systemdBool(a *ast.Term) *ast.Term {
	on, set := boolSetting(assignments(a.Value))
	if !set {
		return ast.InternedNullTerm
	}
	return ast.InternedTerm(on)
}

// services is the argument type of the builtins that walk a host's units.
var services = types.Named("services", types.A).Description("systemd.services, {name: service}")

// OwnDecl declares nixsec.systemd_own_services(services, files): the units
// written in the flake's own files, for lib.own_services.
var OwnDecl = &ast.Builtin{
	Name:        "nixsec.systemd_own_services",
	Description: "The units of systemd.services whose serviceConfig.ExecStart or script input.files lists files for: {name: name as an option path component}.",
	Decl: types.NewFunction(
		types.Args(services, types.Named("files", types.A).Description("input.files")),
		types.Named("own", types.NewObject(nil, types.NewDynamicProperty(types.S, types.S))).Description("name: rendered component"),
	),
}

// OwnImpl implements OwnDecl. Not memoized (the lib rule calling it is
// computed once per host).
var OwnImpl = rego.Function2(&rego.Function{Name: OwnDecl.Name, Decl: OwnDecl.Decl},
	func(bctx rego.BuiltinContext, s, f *ast.Term) (*ast.Term, error) {
		return ownServices(bctx.Cache, s, f)
	})

// UnitsDecl declares nixsec.systemd_own_units(services, files): what SVC006
// and SVC007 read of each own unit that runs, for lib.own_units.
var UnitsDecl = &ast.Builtin{
	Name:        "nixsec.systemd_own_units",
	Description: "The own units (as nixsec.systemd_own_services) that are objects, not disabled, with an object serviceConfig: {name: {component, path (systemd.services.<component>.serviceConfig), serviceConfig, user (as nixsec.systemd_user), tenths (as nixsec.systemd_exposure), exposure (tenths as systemd-analyze prints them: \"9.6\"), worst (the settings that cost the most points, at most 8), weak (worst joined by \", \")}}.",
	Decl: types.NewFunction(
		types.Args(services, types.Named("files", types.A).Description("input.files")),
		types.Named("units", types.NewObject(nil, types.NewDynamicProperty(types.S, types.NewObject(nil, types.NewDynamicProperty(types.S, types.A))))).Description("name: unit"),
	),
}

// UnitsImpl implements UnitsDecl.
var UnitsImpl = rego.Function2(&rego.Function{Name: UnitsDecl.Name, Decl: UnitsDecl.Decl},
	func(bctx rego.BuiltinContext, s, f *ast.Term) (*ast.Term, error) { return ownUnits(bctx.Cache, s, f) })

// MisplacedDecl declares nixsec.systemd_misplaced(services): SVC008's
// [Unit] and [Install] keys written into serviceConfig.
var MisplacedDecl = &ast.Builtin{
	Name:        "nixsec.systemd_misplaced",
	Description: "Every [Unit] or [Install] key in a unit's serviceConfig: [name, key, components under systemd.services.<name> of the option it belongs in].",
	Decl: types.NewFunction(
		types.Args(services),
		types.Named("misplaced", types.NewArray(nil, types.NewArray(nil, types.A))).Description("[name, key, where]"),
	),
}

// MisplacedImpl implements MisplacedDecl.
var MisplacedImpl = rego.Function1(&rego.Function{Name: MisplacedDecl.Name, Decl: MisplacedDecl.Decl},
	func(bctx rego.BuiltinContext, s *ast.Term) (*ast.Term, error) { return misplaced(bctx.Cache, s) })
