// Package sshkey is the builtin nixsec.ssh_key_info: it decodes an OpenSSH
// public key (an authorized_keys line) into its type, bits and comment,
// for SSH006 (rules/ssh/ssh006.rego). rules/builtins lists it with
// nixsec's other builtins.
package sshkey

import (
	"encoding/base64"
	"encoding/binary"
	"errors"
	"math/big"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/types"
)

// Decl declares the builtin nixsec.ssh_key_info(line): it decodes an
// authorized_keys line and returns {"type", "bits", "comment"}, or is
// undefined when the line holds no key it can read. Rego cannot count the
// bits of an RSA modulus inside a base64 blob, and a rule must not guess
// them from the key's length.
var Decl = &ast.Builtin{
	Name:        "nixsec.ssh_key_info",
	Description: "Decodes an OpenSSH public key (authorized_keys line): type, bits and comment.",
	Decl: types.NewFunction(
		types.Args(types.Named("key", types.S).Description("an authorized_keys line")),
		types.Named("info", types.NewObject(nil, types.NewDynamicProperty(types.S, types.A))).Description("type, bits, comment"),
	),
}

// Impl implements Decl: the rego option that registers the function.
var Impl = rego.Function1(&rego.Function{Name: Decl.Name, Decl: Decl.Decl, Memoize: true, Nondeterministic: false},
	func(_ rego.BuiltinContext, a *ast.Term) (*ast.Term, error) {
		s, ok := a.Value.(ast.String)
		if !ok {
			return nil, nil
		}
		info, err := Parse(string(s))
		if err != nil {
			return nil, nil //nolint:nilerr // undefined: not a key nixsec can read
		}
		return ast.ObjectTerm(
			ast.Item(ast.StringTerm("type"), ast.StringTerm(info.Type)),
			ast.Item(ast.StringTerm("bits"), ast.IntNumberTerm(info.Bits)),
			ast.Item(ast.StringTerm("comment"), ast.StringTerm(info.Comment)),
		), nil
	})

// Info is what Parse reads from a public key.
type Info struct {
	Type    string
	Bits    int
	Comment string
}

var keyTypes = []string{
	"ssh-rsa", "ssh-dss", "ssh-ed25519", "ssh-ed448",
	"ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
	"sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com",
}

// Parse reads an authorized_keys line: optional options, the key
// type, the base64 blob, an optional comment. The type inside the blob
// must match the type in front of it.
func Parse(line string) (Info, error) {
	fields := strings.Fields(line)
	start := -1
	for i, f := range fields {
		for _, t := range keyTypes {
			if f == t || strings.HasPrefix(f, t+"-cert-v01@openssh.com") {
				start = i
				break
			}
		}
		if start >= 0 {
			break
		}
	}
	if start < 0 || start+1 >= len(fields) {
		return Info{}, errors.New("no key type and blob")
	}
	blob, err := base64.StdEncoding.DecodeString(fields[start+1])
	if err != nil {
		return Info{}, err
	}
	r := wire{b: blob}
	typ := string(r.str())
	if r.err != nil || typ != fields[start] {
		return Info{}, errors.New("blob does not match its key type")
	}
	info := Info{Type: typ, Comment: strings.Join(fields[start+2:], " ")}
	switch typ {
	case "ssh-rsa":
		r.str() // public exponent
		info.Bits = new(big.Int).SetBytes(r.str()).BitLen()
	case "ssh-dss":
		info.Bits = new(big.Int).SetBytes(r.str()).BitLen() // p
	case "ssh-ed25519", "sk-ssh-ed25519@openssh.com":
		info.Bits = 256
	case "ssh-ed448":
		info.Bits = 456
	default: // ecdsa: the curve is named in the blob
		switch string(r.str()) {
		case "nistp256":
			info.Bits = 256
		case "nistp384":
			info.Bits = 384
		case "nistp521":
			info.Bits = 521
		}
	}
	if r.err != nil || info.Bits == 0 {
		return Info{}, errors.New("truncated key blob")
	}
	return info, nil
}

// wire reads SSH wire-format strings (uint32 length, then bytes).
type wire struct {
	b   []byte
	err error
}

func (w *wire) str() []byte {
	if w.err != nil {
		return nil
	}
	if len(w.b) < 4 {
		w.err = errors.New("short")
		return nil
	}
	n := binary.BigEndian.Uint32(w.b)
	if int64(n) > int64(len(w.b)-4) {
		w.err = errors.New("short")
		return nil
	}
	s := w.b[4 : 4+n]
	w.b = w.b[4+n:]
	return s
}
