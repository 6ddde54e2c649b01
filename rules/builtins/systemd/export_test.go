package systemd

import "github.com/open-policy-agent/opa/v1/ast"

// For identity_test.go (package systemd_test, which loads the builtins
// table, itself importing this package): what the exposure scoring reads.

// ScoredUser is the User and DynamicUser the exposure scoring reads in sc.
func ScoredUser(sc ast.Object) (user string, dynamic bool) {
	v := newView(sc)
	return v.user, v.dynamic
}

// ScoredBool is a boolean setting's value v as the scoring reads one
// (DynamicUser's reading): on, and whether an assignment was valid.
func ScoredBool(v ast.Value) (on, set bool) {
	return boolSetting(readUnit(ast.NewObject(ast.Item(ast.StringTerm("DynamicUser"), ast.NewTerm(v))))["DynamicUser"])
}
