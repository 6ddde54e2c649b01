package transpose_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/nixsec/nixsec/internal/testenv"
	"github.com/nixsec/nixsec/rules/builtins/internal/regotest"

	"github.com/open-policy-agent/opa/v1/ast"
)

// SEC001, SEC002, SEC004, SEC005 and SSH006 walked every user; they now
// walk lib.users_by_option (nixsec.transpose). TestTransposeAgrees compares
// the builtin with the comprehension it stands for; TestUserRulesAgree
// runs the rules as they were (testdata/rego, under the package prefix
// old.) and as the bundle has them on generated hosts, and requires the
// same violations, or an error from both.

var (
	userNames = []string{"alice", "a.b", "root", "9x", "", "$x", "bob"}
	// secrets are values of the password options: empty, clear text, the
	// weak hash schemes SEC005 knows and strong ones, and values of other
	// types.
	secrets = []string{
		`""`, `"x"`, `"secret"`, `null`, `1`, `true`, `[]`, `"$1$abc$def"`, `"abcdefghijklm"`, `"_abcdefghijklmnopqrs"`,
		`"$md5,x"`, `"$3$$8846f7eaee8fb117ad06bdd830b7586c"`, `"$y$j9T$abc$def"`, `"$6$salt$hash"`, `"!"`,
	}
	passwordOptions = []string{"password", "initialPassword", "hashedPassword", "initialHashedPassword"}
)

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

func parse(t testing.TB, s string) *ast.Term {
	t.Helper()
	v, err := ast.ValueFromReader(strings.NewReader(s))
	if err != nil {
		t.Fatalf("%s: %v", s, err)
	}
	return ast.NewTerm(v)
}

// keyLines are authorized_keys lines: the sshkey test keys (RSA of several
// sizes, DSA, Ed25519, ECDSA), with options and comments, and lines no key
// can be read from.
func keyLines(t testing.TB) []*ast.Term {
	b, err := os.ReadFile("../sshkey/testdata/keys.txt")
	if err != nil {
		t.Fatal(err)
	}
	var out []*ast.Term
	for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		out = append(out, ast.StringTerm(l), ast.StringTerm(`from="10.0.0.1" `+l+" extra words"))
		if f := strings.Fields(l); len(f) >= 2 {
			out = append(out, ast.StringTerm(f[0]+" "+f[1]))
		}
	}
	return append(out, ast.StringTerm(""), ast.StringTerm("ssh-rsa AAAA"), ast.StringTerm("garbage"), ast.NullTerm(), ast.IntNumberTerm(3))
}

func genUsers(t testing.TB, r *rand.Rand, keys []*ast.Term) ast.Value {
	users := ast.NewObject()
	defined := ast.NewObject()
	for range r.IntN(5) {
		name := pick(r, userNames)
		if r.IntN(10) == 0 {
			users.Insert(ast.StringTerm(name), parse(t, pick(r, []string{`null`, `"x"`, `[]`})))
			continue
		}
		u := ast.NewObject()
		for _, o := range passwordOptions {
			if r.IntN(3) == 0 {
				u.Insert(ast.StringTerm(o), parse(t, pick(r, secrets)))
			}
		}
		// initial and final values equal, as users.mutableUsers = false
		// copies them.
		if r.IntN(3) == 0 {
			s := parse(t, pick(r, secrets))
			u.Insert(ast.StringTerm("initialPassword"), s)
			u.Insert(ast.StringTerm("password"), s)
		}
		if r.IntN(3) == 0 {
			s := parse(t, pick(r, secrets))
			u.Insert(ast.StringTerm("initialHashedPassword"), s)
			u.Insert(ast.StringTerm("hashedPassword"), s)
		}
		switch r.IntN(6) {
		case 0:
		case 1:
			u.Insert(ast.StringTerm("openssh"), parse(t, pick(r, []string{`null`, `"x"`, `{}`, `{"authorizedKeys": "x"}`, `{"authorizedKeys": {"keys": "x"}}`})))
		default:
			var ks []*ast.Term
			for range r.IntN(4) {
				ks = append(ks, pick(r, keys))
			}
			u.Insert(ast.StringTerm("openssh"), ast.ObjectTerm(ast.Item(ast.StringTerm("authorizedKeys"), ast.ObjectTerm(ast.Item(ast.StringTerm("keys"), ast.ArrayTerm(ks...))))))
		}
		if r.IntN(2) == 0 {
			u.Insert(ast.StringTerm("isNormalUser"), ast.BooleanTerm(true))
		}
		users.Insert(ast.StringTerm(name), ast.NewTerm(u))
		for _, o := range passwordOptions {
			if r.IntN(4) == 0 {
				p := "users.users." + name + "." + o
				if name != "alice" && name != "root" && name != "bob" {
					p = "users.users." + `"` + strings.ReplaceAll(name, "$", `\$`) + `".` + o
				}
				defined.Insert(ast.StringTerm(p), ast.BooleanTerm(true))
			}
		}
	}
	usersCfg := ast.NewObject()
	switch r.IntN(20) {
	case 0:
	case 1:
		usersCfg.Insert(ast.StringTerm("users"), parse(t, pick(r, []string{`null`, `[]`, `[{"password": "x"}]`, `"x"`})))
	default:
		usersCfg.Insert(ast.StringTerm("users"), ast.NewTerm(users))
	}
	if m := r.IntN(3); m > 0 {
		usersCfg.Insert(ast.StringTerm("mutableUsers"), ast.BooleanTerm(m == 1))
	}
	config := ast.NewObject(ast.Item(ast.StringTerm("users"), ast.NewTerm(usersCfg)))
	if e := r.IntN(3); e > 0 {
		config.Insert(ast.StringTerm("services"), ast.ObjectTerm(ast.Item(ast.StringTerm("openssh"), ast.ObjectTerm(ast.Item(ast.StringTerm("enable"), ast.BooleanTerm(e == 1))))))
	}
	return ast.NewObject(ast.Item(ast.StringTerm("config"), ast.NewTerm(config)), ast.Item(ast.StringTerm("defined"), ast.NewTerm(defined)))
}

var ruleFiles = []string{"lib/nixsec.rego", "secrets/sec001.rego", "secrets/sec002.rego", "secrets/sec004.rego", "secrets/sec005.rego", "ssh/ssh006.rego"}

const userQuery = `x := {
	"sec001": %[1]snixsec.rules.secrets.sec001.deny,
	"sec002": %[1]snixsec.rules.secrets.sec002.deny,
	"sec004": %[1]snixsec.rules.secrets.sec004.deny,
	"sec005": %[1]snixsec.rules.secrets.sec005.deny,
	"ssh006": %[1]snixsec.rules.ssh.ssh006.deny,
}`

func TestUserRulesAgree(t *testing.T) {
	oldMods, newMods := regotest.OldModules(t, ruleFiles...), regotest.BundleModules(t, ruleFiles...)
	oldQ := regotest.Prepare(t, fmt.Sprintf(userQuery, "data.old."), oldMods)
	newQ := regotest.Prepare(t, fmt.Sprintf(userQuery, "data."), newMods)
	keys := keyLines(t)
	r := rand.New(rand.NewPCG(17, 6))
	// 1500 in the fast suite, 3000 with NIXSEC_SLOW=1 (under -race, about
	// 5 ms a case); NIXSEC_FULL_CASES=1 runs the 6000 the slow suite ran
	// before.
	n := testenv.Cases(1500, 3000, 6000)
	tally, found := regotest.Tally{T: t}, map[string]int{}
	for range n {
		if o := tally.Compare(oldQ, newQ, genUsers(t, r, keys)); o != "error" {
			for _, k := range []string{"sec001", "sec002", "sec004", "sec005", "ssh006"} {
				if !strings.Contains(o, `"`+k+`": []`) {
					found[k]++
				}
			}
		}
	}
	t.Logf("SEC001, SEC002, SEC004, SEC005, SSH006: %d hosts (%d fail both, hosts with findings %v), %d disagreements", n, tally.Errors, found, tally.Disagree)
}

// TestTransposeAgrees compares nixsec.transpose with the comprehension it
// stands for on the generated users.users values.
func TestTransposeAgrees(t *testing.T) {
	ref := `x := {k: {n: v | some n, o in input; is_object(o); v := o[k]} | some o2 in input; is_object(o2); some k, _ in o2}`
	refQ := regotest.Prepare(t, ref, nil)
	newQ := regotest.Prepare(t, `x := nixsec.transpose(input)`, nil)
	keys := keyLines(t)
	r := rand.New(rand.NewPCG(3, 4))
	n, disagree := 3000, 0
	for range n {
		doc := genUsers(t, r, keys).(ast.Object)
		users, err := doc.Find(ast.Ref{ast.StringTerm("config"), ast.StringTerm("users"), ast.StringTerm("users")})
		if err != nil {
			users = ast.NewObject()
		}
		if o, w := regotest.Result(refQ, users), regotest.Result(newQ, users); o != w {
			disagree++
			t.Errorf("%v: comprehension %s, nixsec.transpose %s", users, o, w)
		}
	}
	t.Logf("transpose: %d collections, %d disagreements", n, disagree)
}
