package engine

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// A user policy cannot add to a built-in rule's package or to nixsec's
// own, whichever way it writes the package or the rule's head.
func TestReservedPackages(t *testing.T) {
	const v = `{"path": "services.openssh.enable", "msg": "m"}`
	cases := map[string]struct{ src, want string }{
		"same package":             {"package nixsec.rules.ssh.ssh001\n\ndeny contains " + v + "\n", "pol/x.rego:1: package nixsec.rules.ssh.ssh001 is reserved: nixsec.rules.ssh.ssh001 belongs to the built-in rule SSH001 (builtin:ssh/ssh001.rego)"},
		"same package, a helper":   {"package nixsec.rules.ssh.ssh001\n\n_comps := []\n", "package nixsec.rules.ssh.ssh001 is reserved"},
		"sub-package":              {"package nixsec.rules.ssh.ssh001.more\n\ndeny contains " + v + "\n", "package nixsec.rules.ssh.ssh001.more is reserved"},
		"rule head reaches in":     {"package nixsec\n\nrules.ssh.ssh001.deny contains " + v + "\n", "pol/x.rego:3: rule nixsec.rules.ssh.ssh001.deny reaches into nixsec.rules from package nixsec"},
		"rule head above rules":    {"package nixsec\n\nrules[x] := 1 if some x in [\"a\"]\n", "rule nixsec.rules reaches into nixsec.rules"},
		"lib package":              {"package nixsec.lib\n\nmine := 1\n", "package nixsec.lib is reserved: nixsec.lib belongs to nixsec"},
		"lib sub-package":          {"package nixsec.lib.extra\n\nmine := 1\n", "package nixsec.lib.extra is reserved"},
		"lib through a rule head":  {"package nixsec\n\nlib.has(_) := true\n", "pol/x.rego:3: rule nixsec.lib.has would add to nixsec.lib, which belongs to nixsec"},
		"main through a rule head": {"package nixsec\n\nmain.report contains " + v + "\n", "rule nixsec.main.report would add to nixsec.main"},
		"user data":                {"package nixsec.user\n\nzone := \"UTC\"\n", "package nixsec.user is reserved"},
		// A rule added to a STIG helper would silence the rules calling it.
		"family helper":                     {"package nixsec.rules.stig.misclib\n\nis_dod_banner(_) if true\n", "package nixsec.rules.stig.misclib is reserved: nixsec.rules.stig.misclib belongs to the built-in helper package"},
		"family helper through a rule head": {"package nixsec\n\nrules.stig.auditlib.covers(_, _) if true\n", "reaches into nixsec.rules"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := userBundle(t, map[string]string{"x.rego": c.src})
			var pe *PolicyError
			if !errors.As(err, &pe) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want a PolicyError with %q", err, c.want)
			}
		})
	}
	// A helper package of one's own, and rule packages of one's own, load.
	b, err := userBundle(t, map[string]string{
		"h.rego": "package nixsec\n\nacme_zone := \"UTC\"\n",
		"o.rego": orgRule,
	})
	if err != nil {
		t.Fatalf("own packages: %v", err)
	}
	if _, err := b.Prepare(context.Background()); err != nil {
		t.Fatalf("own packages: %v", err)
	}
}

// A violation carries the id of its package's rule; one claiming another
// rule's id fails the evaluation rather than read as that rule's finding.
func TestViolationClaimsID(t *testing.T) {
	for _, id := range []string{`"SSH001"`, `"ORG002"`} {
		src := strings.Replace(orgRule, `"msg": "not UTC"}`, `"msg": "not UTC", "id": `+id+`}`, 1)
		b, err := userBundle(t, map[string]string{"o.rego": src})
		if err != nil {
			t.Fatal(err)
		}
		b.WithData(map[string]any{"zone": "UTC"})
		e, err := b.Prepare(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		vs, err := e.Eval(context.Background(), map[string]any{"host": "h", "config": map[string]any{"time": map[string]any{"timeZone": "CET"}}})
		if id == `"SSH001"` {
			if err == nil || !strings.Contains(err.Error(), `a violation has "id": SSH001, but its rule is ORG002`) {
				t.Fatalf("SSH001: %v %+v", err, vs)
			}
			continue
		}
		found := false
		for _, v := range vs {
			found = found || v.Rule.ID == "ORG002"
		}
		if err != nil || !found {
			t.Fatalf("ORG002: %v %+v", err, vs)
		}
	}
}
