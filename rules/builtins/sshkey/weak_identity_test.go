package sshkey_test

import (
	"encoding/base64"
	"encoding/binary"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/nixsec/nixsec/internal/testenv"
	"github.com/nixsec/nixsec/rules/builtins/internal/regotest"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/nixsec/nixsec/rules"
)

// SSH006 decoded every authorized key in Rego, one nixsec.ssh_key_info
// call each; nixsec.ssh_weak_keys selects the weak ones in Go.
// TestWeakKeysAgree runs SSH006 as it was (testdata/rego/ssh006.rego, in
// package old.nixsec.rules.ssh.ssh006) and as the bundle has it, both with the
// bundle's lib, on generated hosts, and requires the same violations, or
// an error from both (lib.path refuses the index a list of users gives).

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// blob is an SSH wire-format key blob of the given strings.
func blob(parts ...string) string {
	var b []byte
	for _, p := range parts {
		b = binary.BigEndian.AppendUint32(b, uint32(len(p)))
		b = append(b, p...)
	}
	return base64.StdEncoding.EncodeToString(b)
}

// keyLines are authorized_keys lines: the test keys (RSA of several
// sizes, DSA, Ed25519, ECDSA) with options, comments and other spacing,
// small and mismatched blobs made here, certificates, lines where ssh-rsa
// is only a comment or option, and lines no key can be read from.
func keyLines(t testing.TB) []string {
	b, err := os.ReadFile("testdata/keys.txt")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		f := strings.Fields(l)
		out = append(out, l, `from="10.0.0.1",no-pty `+l+" extra  words", f[0]+" "+f[1], f[0]+"\t"+f[1]+"\t \t", "  "+l+"  ",
			f[0]+" "+f[1]+" ssh-rsa", "ssh-ed25519 "+f[1], f[0]+" "+f[1][:len(f[1])-8], f[0]+"-cert-v01@openssh.com "+f[1]+" c")
	}
	mod := func(n int) string { return "\x00" + strings.Repeat("\xff", n) }
	for _, n := range []int{1, 255, 256, 383, 384, 385, 512} {
		out = append(out, "ssh-rsa "+blob("ssh-rsa", "\x01\x00\x01", mod(n))+" small")
		out = append(out, "ssh-dss "+blob("ssh-dss", mod(n), "q", "g", "y"))
	}
	return append(out, "", "ssh-rsa", "ssh-rsa AAAA", "ssh-rsa "+blob("ssh-rsa", "\x03"), "ssh-dss "+blob("ssh-rsa", "\x03", mod(8)),
		"ssh-rsa "+blob("ssh-rsa", "\x03", "\x00\x00"), "garbage ssh-rsa x", "# ssh-rsa "+blob("ssh-rsa", "\x03", mod(8)),
		`command="ssh-rsa" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ+zmzLGHRYpYFRPgL+d/QQHwRE5xnKqPiUByL/cG4RL x`,
		"ssh-rsa "+blob("ssh-rsa", "\x03", mod(16))+" \"quoted\" comment\nwith newline", "ssh-rsa "+blob("ssh-rsa", "\x03", mod(16))+" ünïcode")
}

var userNames = []string{"alice", "a.b", "root", "9x", "", "$x", "bob", "carol", "d e"}

func genHost(r *rand.Rand, keys []string) ast.Value {
	keyTerm := func() *ast.Term {
		switch r.IntN(20) {
		case 0:
			return ast.NullTerm()
		case 1:
			return ast.IntNumberTerm(3)
		case 2:
			return ast.ArrayTerm(ast.StringTerm(pick(r, keys)))
		}
		return ast.StringTerm(pick(r, keys))
	}
	openssh := func() *ast.Term {
		switch r.IntN(12) {
		case 0:
			return ast.NullTerm()
		case 1:
			return ast.StringTerm("x")
		case 2:
			return ast.ObjectTerm()
		case 3:
			return ast.ObjectTerm(ast.Item(ast.StringTerm("authorizedKeys"), pick(r, []*ast.Term{ast.StringTerm("x"), ast.NullTerm(), ast.ArrayTerm(ast.StringTerm("keys"))})))
		case 4:
			return ast.ObjectTerm(ast.Item(ast.StringTerm("authorizedKeys"), ast.ObjectTerm(ast.Item(ast.StringTerm("keys"), pick(r, []*ast.Term{ast.StringTerm(pick(r, keys)), ast.NullTerm(), ast.ObjectTerm(ast.Item(ast.StringTerm("0"), ast.StringTerm(pick(r, keys))))})))))
		}
		var ks []*ast.Term
		for range r.IntN(8) {
			ks = append(ks, keyTerm())
		}
		ak := ast.NewObject(ast.Item(ast.StringTerm("keys"), ast.ArrayTerm(ks...)))
		if r.IntN(3) == 0 {
			ak.Insert(ast.StringTerm("keyFiles"), ast.ArrayTerm(ast.StringTerm("/k")))
		}
		return ast.ObjectTerm(ast.Item(ast.StringTerm("authorizedKeys"), ast.NewTerm(ak)))
	}
	user := func() *ast.Term {
		if r.IntN(10) == 0 {
			return pick(r, []*ast.Term{ast.NullTerm(), ast.StringTerm("x"), ast.ArrayTerm()})
		}
		u := ast.NewObject()
		if r.IntN(6) > 0 {
			u.Insert(ast.StringTerm("openssh"), openssh())
		}
		if r.IntN(2) == 0 {
			u.Insert(ast.StringTerm("isNormalUser"), ast.BooleanTerm(true))
		}
		return ast.NewTerm(u)
	}
	var users *ast.Term
	switch r.IntN(12) {
	case 0:
		users = pick(r, []*ast.Term{ast.NullTerm(), ast.StringTerm("x")})
	case 1: // a list: the user is its index
		var us []*ast.Term
		for range r.IntN(4) {
			us = append(us, user())
		}
		users = ast.ArrayTerm(us...)
	default:
		o := ast.NewObject()
		for range r.IntN(6) {
			o.Insert(ast.StringTerm(pick(r, userNames)), user())
		}
		users = ast.NewTerm(o)
	}
	config := ast.NewObject(ast.Item(ast.StringTerm("users"), ast.ObjectTerm(ast.Item(ast.StringTerm("users"), users))))
	if e := r.IntN(6); e > 0 {
		on := ast.BooleanTerm(e > 1)
		if e == 2 {
			on = ast.StringTerm("yes")
		}
		config.Insert(ast.StringTerm("services"), ast.ObjectTerm(ast.Item(ast.StringTerm("openssh"), ast.ObjectTerm(ast.Item(ast.StringTerm("enable"), on)))))
	}
	return ast.NewObject(ast.Item(ast.StringTerm("config"), ast.NewTerm(config)), ast.Item(ast.StringTerm("defined"), ast.ObjectTerm()))
}

func TestWeakKeysAgree(t *testing.T) {
	lib, err := rules.FS.ReadFile("lib/nixsec.rego")
	if err != nil {
		t.Fatal(err)
	}
	rule, err := rules.FS.ReadFile("ssh/ssh006.rego")
	if err != nil {
		t.Fatal(err)
	}
	old, err := os.ReadFile("testdata/rego/ssh006.rego")
	if err != nil {
		t.Fatal(err)
	}
	oldQ := regotest.Prepare(t, "x := data.old.nixsec.rules.ssh.ssh006.deny", map[string]string{
		"lib.rego": string(lib), "old.rego": string(old)})
	newQ := regotest.Prepare(t, "x := data.nixsec.rules.ssh.ssh006.deny", map[string]string{"lib.rego": string(lib), "new.rego": string(rule)})
	keys := keyLines(t)
	r := rand.New(rand.NewPCG(17, 6))
	// 4000 in the fast suite, 8000 with NIXSEC_SLOW=1 (under -race, about
	// 1 ms a case); NIXSEC_FULL_CASES=1 runs the 20000 the slow suite ran
	// before.
	n := testenv.Cases(4000, 8000, 20000)
	tally, hosts, findings := regotest.Tally{T: t}, 0, 0
	for range n {
		if o := tally.Compare(oldQ, newQ, genHost(r, keys)); o != "error" && o != "[]" {
			hosts++
			findings += strings.Count(o, `"msg"`)
		}
	}
	t.Logf("SSH006: %d hosts (%d fail both, %d with findings, %d findings), %d disagreements", n, tally.Errors, hosts, findings, tally.Disagree)
}
