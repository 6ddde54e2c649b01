package rego

import (
	"fmt"
	"path"
	"strings"
)

// violationHeads are the rule names other policy tools (conftest, Trivy)
// give their findings. In a package outside nixsec.rules they would never
// run here, and a gate that loads a policy and runs none of it passes
// silently.
var violationHeads = map[string]bool{"deny": true, "violation": true, "warn": true}

// silentPolicyErrors refuses user policies that would load and do
// nothing: a deny/violation/warn rule in a package nixsec does not run,
// and a --policy directory that holds no nixsec rule at all.
func silentPolicyErrors(sources []Source, prod []Module, metas []*RuleMeta) []string {
	var errs []string
	for _, m := range prod {
		if m.Builtin || m.Module.Package.Path.HasPrefix(rulesPrefix) {
			continue
		}
		for _, r := range m.Module.Rules {
			name := r.Head.Name.String()
			if len(r.Head.Reference) > 0 {
				name = r.Head.Reference[0].Value.String()
				name = strings.Trim(name, `"`)
			}
			if violationHeads[name] {
				errs = append(errs, fmt.Sprintf("%s:%d: %s in package %s would never run: nixsec runs the rules of packages nixsec.rules.<family>.<rule> with METADATA custom.id and custom.severity (docs/writing-policies.md)",
					m.File, r.Location.Row, name, strings.TrimPrefix(m.Module.Package.Path.String(), "data.")))
				break
			}
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
			errs = append(errs, fmt.Sprintf("%s: no nixsec rule in this policy directory (%d policy files): a rule is a package nixsec.rules.<family>.<rule> with METADATA custom.id and custom.severity and a deny rule", src.Name, files))
		}
	}
	return errs
}

func inSource(file, dir string) bool {
	return strings.HasPrefix(file, path.Clean(dir)+"/") || strings.HasPrefix(file, dir+"/")
}
