package sshkey

import (
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/types"
)

// WeakDecl declares nixsec.ssh_weak_keys(by_user, min_rsa_bits): SSH006's
// walk over every authorized key of every user, in Go. A NixOS host has
// dozens of keys; decoding each through nixsec.ssh_key_info cost a builtin
// call whose memo key rendered the whole line, and a few expressions around
// it, for keys that are nearly all fine.
var WeakDecl = &ast.Builtin{
	Name: "nixsec.ssh_weak_keys",
	Description: "The DSA keys, and the RSA keys under min_rsa_bits, among the authorized keys of each user: " +
		"by_user is {user: openssh} (lib.users_by_option.openssh); each user's openssh.authorizedKeys.keys is read as " +
		"object.get(openssh, [\"authorizedKeys\", \"keys\"], []), and every string in it that nixsec.ssh_key_info decodes " +
		"is a candidate. Returns [{\"user\", \"key\" (1-based index), \"type\", \"bits\", \"comment\"}].",
	Decl: types.NewFunction(
		types.Args(
			types.Named("by_user", types.A).Description("{user: openssh}; a value that is not an object has no keys"),
			types.Named("min_rsa_bits", types.N).Description("RSA keys with fewer bits are weak"),
		),
		types.Named("keys", types.NewArray(nil, types.NewObject(nil, types.NewDynamicProperty(types.S, types.A)))).Description("the weak keys"),
	),
}

// WeakImpl implements WeakDecl; not memoized (called once per host, and
// the memo key would render every key of every user).
var WeakImpl = rego.Function2(&rego.Function{Name: WeakDecl.Name, Decl: WeakDecl.Decl},
	func(_ rego.BuiltinContext, byUser, minBits *ast.Term) (*ast.Term, error) {
		n, ok := minBits.Value.(ast.Number)
		if !ok {
			return nil, nil
		}
		minRSA, ok := n.Int()
		if !ok {
			return nil, nil
		}
		return ast.ArrayTerm(weakKeys(byUser.Value, minRSA)...), nil
	})

// The keys the walk reads and writes, built once (terms are not changed
// once built): five fresh key terms per weak key cost more than its info.
var (
	authorizedKeys = ast.StringTerm("authorizedKeys")
	keysKey        = ast.StringTerm("keys")
	infoKeys       = struct{ user, key, typ, bits, comment *ast.Term }{
		ast.StringTerm("user"), ast.StringTerm("key"), ast.StringTerm("type"), ast.StringTerm("bits"), ast.StringTerm("comment"),
	}
)

// weakKeys reads the keys as SSH006 did in Rego: is_object(openssh),
// object.get(openssh, ["authorizedKeys", "keys"], []) (Term.Get is what
// object.get descends with), is_array, is_string on each line, undefined
// info for a line Parse refuses.
func weakKeys(byUser ast.Value, minRSA int) []*ast.Term {
	users, ok := byUser.(ast.Object)
	if !ok {
		return nil
	}
	var out []*ast.Term
	users.Foreach(func(user, openssh *ast.Term) {
		if _, ok := openssh.Value.(ast.Object); !ok {
			return
		}
		keys := openssh.Get(authorizedKeys)
		if keys == nil {
			return
		}
		if keys = keys.Get(keysKey); keys == nil {
			return
		}
		arr, ok := keys.Value.(*ast.Array)
		if !ok {
			return
		}
		for i := range arr.Len() {
			line, ok := arr.Elem(i).Value.(ast.String)
			// Only a line with a field ssh-rsa or ssh-dss can decode
			// to either type (Parse requires the blob's type to be
			// the field's): the Ed25519 and ECDSA keys most hosts
			// hold are not decoded at all.
			if !ok || !strings.Contains(string(line), "ssh-rsa") && !strings.Contains(string(line), "ssh-dss") {
				continue
			}
			info, err := Parse(string(line))
			if err != nil || !weak(info, minRSA) {
				continue
			}
			out = append(out, ast.ObjectTerm(
				ast.Item(infoKeys.user, user),
				ast.Item(infoKeys.key, ast.InternedTerm(i+1)),
				ast.Item(infoKeys.typ, ast.StringTerm(info.Type)),
				ast.Item(infoKeys.bits, ast.InternedTerm(info.Bits)),
				ast.Item(infoKeys.comment, ast.StringTerm(info.Comment)),
			))
		}
	})
	return out
}

// weak is SSH006's test: DSA whatever its size, RSA under minRSA bits.
func weak(info Info, minRSA int) bool {
	return info.Type == "ssh-dss" || info.Type == "ssh-rsa" && info.Bits < minRSA
}
