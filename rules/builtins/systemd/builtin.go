// Package systemd is the builtin nixsec.systemd_exposure: systemd-analyze
// security's exposure score of a service, computed from its NixOS
// serviceConfig (exposure.go). SVC007 (rules/services/svc007.rego) decides
// which services to score and what is too exposed; this package only
// scores, and is the only implementation of the scoring: the Rego calls it.
// rules/builtins lists it with nixsec's other builtins.
package systemd

import (
	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/types"
)

// Decl declares the builtin nixsec.systemd_exposure(serviceConfig):
// systemd-analyze security's exposure of a service as {"tenths", "points",
// "scores"}. It is SVC007's scoring, in Go because its table of 80
// assessors was most of the bundle's time in Rego.
var Decl = &ast.Builtin{
	Name:        "nixsec.systemd_exposure",
	Description: "systemd-analyze security's exposure score of a serviceConfig: tenths (96 = 9.6), points per setting, and every assessor's score.",
	Decl: types.NewFunction(
		types.Args(types.Named("serviceConfig", types.NewObject(nil, types.NewDynamicProperty(types.S, types.A))).Description("a systemd.services.<name>.serviceConfig")),
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
