package systemd_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/nixsec/nixsec/internal/testenv"
	"github.com/nixsec/nixsec/rules/builtins/internal/regotest"

	"github.com/open-policy-agent/opa/v1/ast"
)

// The walks over a host's units moved from Rego into Go (units.go):
// lib.own_services, SVC006's and SVC007's loop over the own units (now
// lib.own_units) and SVC008's over every unit. TestUnitRulesAgree runs the
// rules as they were (testdata/rego, under the package prefix old.) and
// as the bundle has them on generated hosts, and requires the same
// violations, or an error from both.

// unitNames are service names: identifiers, names the path quotes, and
// names near the keys input.files uses.
var unitNames = []string{"app", "a.b", "rsync@", "getty@tty1", "x y", "9a", "A-b'", "é", "", "*", "$x", "a\"b", "nginx"}

// misplacedKeys are serviceConfig keys SVC008 reads: [Unit] and [Install]
// keys in any case, unitConfig keys, Condition…/Assert… checks and the bare
// prefixes, keys with line breaks, and [Service] keys.
var misplacedKeys = []string{
	"After", "after", "AFTER", "WantedBy", "Description", "Alias", "BindsTo", "ConditionPathExists",
	"Condition", "Assert", "AssertX", "condition\n", "conditionx\ny", "x\nAfter", "x\nafter\n",
	"DefaultDependencies", "Also", "Conditioné", "İ", "Conditionİ", "CONDİTION", "RequiresMountsFor",
	"ExecStart", "Restart", "Type", " After", "After ",
}

// hardening are settings that move the exposure score across SVC007's
// threshold.
var hardening = []struct{ key, value string }{
	{"ProtectSystem", `"strict"`}, {"ProtectHome", `true`}, {"NoNewPrivileges", `true`}, {"PrivateTmp", `true`},
	{"PrivateDevices", `true`}, {"CapabilityBoundingSet", `""`}, {"SystemCallFilter", `["@system-service"]`},
	{"RestrictAddressFamilies", `["AF_UNIX"]`}, {"RestrictNamespaces", `true`}, {"ProtectKernelTunables", `true`},
	{"ProtectKernelModules", `true`}, {"ProtectControlGroups", `true`}, {"LockPersonality", `true`},
	{"MemoryDenyWriteExecute", `true`}, {"PrivateNetwork", `true`}, {"SystemCallArchitectures", `"native"`},
	{"ProtectKernelLogs", `true`}, {"ProtectClock", `true`}, {"RestrictRealtime", `true`}, {"UMask", `"0077"`},
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// genHost is one generated input document.
func genHost(t testing.TB, r *rand.Rand) ast.Value {
	services := ast.NewObject()
	files := ast.NewObject()
	n := r.IntN(6)
	for range n {
		name := pick(r, unitNames)
		svc := ast.NewObject()
		switch r.IntN(8) {
		case 0:
			services.Insert(ast.StringTerm(name), parse(t, pick(r, []string{`"x"`, `null`, `[]`, `1`})))
			continue
		case 1:
			svc.Insert(ast.StringTerm("enable"), parse(t, pick(r, []string{`true`, `false`, `null`, `"false"`, `0`})))
		}
		switch r.IntN(8) {
		case 0: // no serviceConfig
		case 1:
			svc.Insert(ast.StringTerm("serviceConfig"), parse(t, pick(r, []string{`null`, `"x"`, `[]`, `{}`})))
		default:
			sc := ast.NewObject()
			if u := pick(r, userValues); u != "" && r.IntN(3) > 0 {
				sc.Insert(ast.StringTerm("User"), parse(t, u))
			}
			if d := pick(r, dynamicValues); d != "" && r.IntN(3) > 0 {
				sc.Insert(ast.StringTerm("DynamicUser"), parse(t, d))
			}
			for range r.IntN(len(hardening) + 1) {
				h := pick(r, hardening)
				sc.Insert(ast.StringTerm(h.key), parse(t, h.value))
			}
			for range r.IntN(3) {
				sc.Insert(ast.StringTerm(pick(r, misplacedKeys)), ast.StringTerm("x"))
			}
			svc.Insert(ast.StringTerm("serviceConfig"), ast.NewTerm(sc))
		}
		services.Insert(ast.StringTerm(name), ast.NewTerm(svc))
		// input.files: under the name as rendered, or not (the raw name),
		// with a list of files, an empty list or a value that is none.
		for _, suffix := range []string{".serviceConfig.ExecStart", ".script"} {
			if r.IntN(2) == 0 {
				continue
			}
			comp := name
			if r.IntN(4) > 0 {
				comp = renderedName(name)
			}
			files.Insert(ast.StringTerm("systemd.services."+comp+suffix), parse(t, pick(r, []string{`["f.nix"]`, `["f.nix"]`, `[]`, `"f.nix"`, `null`})))
		}
	}
	systemd := ast.NewObject()
	switch r.IntN(20) {
	case 0: // no systemd.services
	case 1:
		systemd.Insert(ast.StringTerm("services"), parse(t, pick(r, []string{`null`, `"x"`, `[]`, `[{"serviceConfig": {"After": "x"}}]`})))
	default:
		systemd.Insert(ast.StringTerm("services"), ast.NewTerm(services))
	}
	doc := ast.NewObject(ast.Item(ast.StringTerm("config"), ast.ObjectTerm(ast.Item(ast.StringTerm("systemd"), ast.NewTerm(systemd)))))
	switch r.IntN(20) {
	case 0: // no input.files
	case 1:
		doc.Insert(ast.StringTerm("files"), parse(t, pick(r, []string{`null`, `[]`, `"x"`})))
	default:
		doc.Insert(ast.StringTerm("files"), ast.NewTerm(files))
	}
	return doc
}

// renderedName is name as an option path component (lib.path([name])),
// written out here so that the generator does not use what it tests.
func renderedName(name string) string {
	switch name {
	case "app", "nginx", "*", "A-b'":
		return name
	}
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "$", `\$`).Replace(name) + `"`
}

const unitQuery = `x := {
	"svc006": %[1]snixsec.rules.services.svc006.deny,
	"svc007": %[1]snixsec.rules.services.svc007.deny,
	"svc008": %[1]snixsec.rules.services.svc008.deny,
	"own": {n | some n, _ in %[1]snixsec.lib.own_services},
	"component": %[1]snixsec.lib.own_services,
}`

func TestUnitRulesAgree(t *testing.T) {
	files := []string{"lib/nixsec.rego", "services/svc006.rego", "services/svc007.rego", "services/svc008.rego"}
	oldQ := regotest.Prepare(t, fmt.Sprintf(unitQuery, "data.old."), regotest.OldModules(t, files...))
	newQ := regotest.Prepare(t, fmt.Sprintf(unitQuery, "data."), regotest.BundleModules(t, files...))
	r := rand.New(rand.NewPCG(17, 7))
	// 1500 in the fast suite, 3000 with NIXSEC_SLOW=1 (under -race, about
	// 7 ms a case); NIXSEC_FULL_CASES=1 runs the 6000 the slow suite ran
	// before.
	n := testenv.Cases(1500, 3000, 6000)
	tally, found := regotest.Tally{T: t}, map[string]int{}
	for range n {
		if o := tally.Compare(oldQ, newQ, genHost(t, r)); o != "error" {
			for _, k := range []string{"svc006", "svc007", "svc008"} {
				if !strings.Contains(o, `"`+k+`": []`) {
					found[k]++
				}
			}
		}
	}
	t.Logf("own_services, SVC006, SVC007, SVC008: %d hosts (%d fail both, hosts with findings %v), %d disagreements", n, tally.Errors, found, tally.Disagree)
}
