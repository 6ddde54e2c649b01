package engine

import (
	"fmt"
	"path"
	"regexp"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
)

// findingName matches the names other tools run as findings: deny,
// violation and warn, and conftest's deny_<name>, violation_<name> and
// warn_<name>. nixsec runs only the deny of a discovered rule.
var findingName = regexp.MustCompile(`^(deny|violation|warn)(_.+)?$`)

// silentPolicyErrors refuses policies that would load and do nothing,
// which a gate would read as a pass:
//
//   - in a user module, a rule with a finding name (findingName) anywhere in
//     its path (package or head) other than as the deny of a discovered
//     rule: conftest's deny_<x> and warn, deny.ssh (a ref head into deny),
//     a helper in package org.deny;
//   - a deny in nixsec's namespace outside a rule package;
//   - a deny under nixsec.rules (built-in or not) that is not a partial set
//     rule: rules/main.rego hands each deny to the engine as a set of
//     violations, which a boolean or any other single value is not;
//   - a user *_test.rego that holds more than tests (testFileErrors);
//   - a --policy directory that holds no rule at all.
//
// A deny without rule METADATA is readMetadata's to report. Functions are
// helpers whatever their name: nothing runs one as a rule.
func silentPolicyErrors(sources []Source, prod, tests []Module, metas []*ruleRef) []string {
	denies := map[string]bool{} // the deny of each discovered rule
	for _, m := range metas {
		denies[m.pkg.Append(ast.StringTerm("deny")).String()] = true
	}
	var errs []string
	for _, m := range prod {
		p := m.Module.Package.Path
		pkgReported := false
		for _, r := range m.Module.Rules {
			if len(r.Head.Args) > 0 {
				continue
			}
			full := rulePath(p, r)
			if !m.Builtin && reservedRef(p, full) {
				continue // reservedErrors reports it
			}
			proper := denies[full.String()]
			if proper && full.HasPrefix(rulesPrefix) {
				if e := setRuleError(m, r, full); e != "" {
					errs = append(errs, e)
				}
			}
			if m.Builtin {
				continue
			}
			if e, inPkg := findingPathError(m, r, full, proper); e != "" && (!inPkg || !pkgReported) {
				errs = append(errs, e)
				pkgReported = pkgReported || inPkg
			}
		}
	}
	for _, m := range tests {
		if !m.Builtin {
			errs = append(errs, testFileErrors(m)...)
		}
	}
	for _, src := range sources {
		if src.Builtin {
			continue
		}
		files, rules := 0, 0
		for _, m := range prod {
			if !m.Builtin && inSource(m.File, src.Name) {
				files++
			}
		}
		for _, r := range metas {
			if !r.Builtin && inSource(r.File, src.Name) {
				rules++
			}
		}
		if rules == 0 {
			errs = append(errs, fmt.Sprintf("%s: no rule in this policy directory (%d policy files): a rule is a package with METADATA custom.id and custom.severity and a set deny (docs/writing-policies.md)", src.Name, files))
		}
	}
	return errs
}

// howToWrite ends the messages that refuse a rule nixsec would not run.
const howToWrite = "nixsec runs only deny, the set of violations of a package with rule METADATA (custom.id, custom.severity, custom.options): write `deny contains v if {...}` in a package of its own, custom.severity: info for a warning (docs/writing-policies.md)"

// findingPathError refuses a rule of a user module with a finding name
// in its path, other than as the deny of a discovered rule (proper). inPkg
// is set when the name is in the module's package, which is reported
// once per module.
func findingPathError(m Module, r *ast.Rule, full ast.Ref, proper bool) (msg string, inPkg bool) {
	p := m.Module.Package.Path
	last := len(full) - 1
	for i := 1; i <= last; i++ {
		s, ok := full[i].Value.(ast.String)
		name := string(s)
		if !ok || !findingName.MatchString(name) || (i == last && proper) {
			continue
		}
		switch {
		case i < len(p):
			return fmt.Sprintf("%s:%d: package %s: %q in a package path is refused: a rule below deny, violation or warn would never run (nixsec reads only the deny of a rule's package); rename the package",
				m.File, m.Module.Package.Location.Row, show(p), name), true
		case i == last && name == "deny" && full.HasPrefix(nixsecPrefix) && !full.HasPrefix(rulesPrefix):
			return fmt.Sprintf("%s:%d: deny in package %s would never run: the nixsec namespace is nixsec's own; put the rule in a package of yours (org.admins)",
				m.File, r.Location.Row, show(full[:last])), false
		case i == last:
			return fmt.Sprintf("%s:%d: %s in package %s would never run: %s",
				m.File, r.Location.Row, name, show(full[:last]), howToWrite), false
		default:
			return fmt.Sprintf("%s:%d: rule %s would never run: %q in its path makes it neither the deny of a rule nor a helper; %s",
				m.File, r.Location.Row, show(full), name, howToWrite), false
		}
	}
	return "", false
}

// setRuleError refuses a deny under nixsec.rules that is not `deny
// contains v if ...`: rules/main.rego hands each deny to the engine as a
// set of violations, which a boolean or any other single value is not.
func setRuleError(m Module, r *ast.Rule, full ast.Ref) string {
	if r.Head.RuleKind() == ast.MultiValue && len(r.Head.Ref()) == 1 {
		return ""
	}
	what := "not written `deny contains`"
	if r.Head.Value != nil {
		what = "a single value (deny := ...)"
		if b, ok := r.Head.Value.Value.(ast.Boolean); ok && bool(b) && !r.Head.Assign {
			what = "a boolean (deny if ...)"
		}
	}
	return fmt.Sprintf("%s:%d: deny of %s is %s, not a set of violations: the entrypoint reads each rule's deny as a set and would find nothing; write `deny contains v if {...}` with v %s",
		m.File, r.Location.Row, show(full[:len(full)-1]), what, violationShape)
}

// testFileErrors refuses a user *_test.rego that holds more than tests:
// nixsec compiles test files only for `nixsec policy test`, so a rule in
// one would pass its tests and never run in `nixsec check`. A test file
// holds test rules (test_*, todo_test_*) and, in a test package (its last
// name ends in _test), their helpers; never rule METADATA, nor a rule
// with a finding name in its head.
func testFileErrors(m Module) []string {
	var errs []string
	p := m.Module.Package.Path
	for _, a := range m.Module.Annotations {
		if isRuleMeta(a) {
			errs = append(errs, fmt.Sprintf("%s:%d: rule METADATA (custom.id, custom.severity) in a test file: nixsec loads *_test.rego only for `nixsec policy test`, so the rule would never run in `nixsec check`; put the rule in a policy file (not named *_test.rego)",
				m.File, a.Location.Row))
		}
	}
	last, _ := p[len(p)-1].Value.(ast.String)
	testPkg := strings.HasSuffix(string(last), "_test")
	for _, r := range m.Module.Rules {
		full := rulePath(p, r)
		finding := false
		for _, t := range full[len(p):] {
			s, ok := t.Value.(ast.String)
			finding = finding || (ok && len(r.Head.Args) == 0 && findingName.MatchString(string(s)))
		}
		if !finding && (testPkg || isTestRule(r)) {
			continue
		}
		errs = append(errs, fmt.Sprintf("%s:%d: %s is in a test file, so `nixsec check` would never run it: nixsec loads *_test.rego only for `nixsec policy test`. A test file holds tests: test_ rules, and their helpers in a test package (package %s_test); move the rule to a policy file (not named *_test.rego)",
			m.File, r.Location.Row, show(full), strings.TrimSuffix(show(p), "_test")))
	}
	return errs
}

// isTestRule is OPA's test: a component of the head named test_* or
// todo_test_*.
func isTestRule(r *ast.Rule) bool {
	for _, t := range r.Head.Ref() {
		var n string
		switch v := t.Value.(type) {
		case ast.Var:
			n = string(v)
		case ast.String:
			n = string(v)
		}
		if strings.HasPrefix(n, "test_") || strings.HasPrefix(n, "todo_test_") {
			return true
		}
	}
	return false
}

// reservedRef tells a rule that reservedErrors already refuses: in one of
// nixsec's reserved packages, or reaching into nixsec.rules from a
// package outside it.
func reservedRef(pkg, full ast.Ref) bool {
	if !pkg.HasPrefix(rulesPrefix) && full.HasPrefix(rulesPrefix) {
		return true
	}
	for _, r := range reservedPackages {
		if full.HasPrefix(r) {
			return true
		}
	}
	return false
}

func inSource(file, dir string) bool {
	return strings.HasPrefix(file, path.Clean(dir)+"/") || strings.HasPrefix(file, dir+"/")
}
