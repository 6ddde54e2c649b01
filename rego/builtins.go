package rego

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

// SSHKeyInfo is the builtin nixsec.ssh_key_info(line): it decodes an
// authorized_keys line and returns {"type", "bits", "comment"}, or is
// undefined when the line holds no key it can read. Rego cannot count the
// bits of an RSA modulus inside a base64 blob, and a rule must not guess
// them from the key's length.
var SSHKeyInfo = &ast.Builtin{
	Name:        "nixsec.ssh_key_info",
	Description: "Decodes an OpenSSH public key (authorized_keys line): type, bits and comment.",
	Decl: types.NewFunction(
		types.Args(types.Named("key", types.S).Description("an authorized_keys line")),
		types.Named("info", types.NewObject(nil, types.NewDynamicProperty(types.S, types.A))).Description("type, bits, comment"),
	),
}

// SystemdExposure is the builtin nixsec.systemd_exposure(serviceConfig):
// systemd-analyze security's exposure of a service (exposure.go) as
// {"tenths", "points", "scores"}. It is SVC007's scoring, in Go because
// its table of 80 assessors was most of the bundle's time in Rego.
var SystemdExposure = &ast.Builtin{
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

// CustomBuiltins are added to the capabilities and to every evaluation.
var CustomBuiltins = []*ast.Builtin{SSHKeyInfo, SystemdExposure}

// Functions returns the rego options that implement the custom builtins,
// in the order of customBuiltins.
func Functions() []func(*rego.Rego) {
	return []func(*rego.Rego){
		rego.Function1(&rego.Function{Name: SSHKeyInfo.Name, Decl: SSHKeyInfo.Decl, Memoize: true, Nondeterministic: false},
			func(_ rego.BuiltinContext, a *ast.Term) (*ast.Term, error) {
				s, ok := a.Value.(ast.String)
				if !ok {
					return nil, nil
				}
				info, err := ParseSSHKey(string(s))
				if err != nil {
					return nil, nil //nolint:nilerr // undefined: not a key nixsec can read
				}
				return ast.ObjectTerm(
					ast.Item(ast.StringTerm("type"), ast.StringTerm(info.Type)),
					ast.Item(ast.StringTerm("bits"), ast.IntNumberTerm(info.Bits)),
					ast.Item(ast.StringTerm("comment"), ast.StringTerm(info.Comment)),
				), nil
			}),
		rego.Function1(&rego.Function{Name: SystemdExposure.Name, Decl: SystemdExposure.Decl, Memoize: true, Nondeterministic: false},
			func(_ rego.BuiltinContext, a *ast.Term) (*ast.Term, error) { return systemdExposure(a) }),
	}
}

// KeyInfo is what ParseSSHKey reads from a public key.
type KeyInfo struct {
	Type    string
	Bits    int
	Comment string
}

var keyTypes = []string{
	"ssh-rsa", "ssh-dss", "ssh-ed25519", "ssh-ed448",
	"ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
	"sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com",
}

// ParseSSHKey reads an authorized_keys line: optional options, the key
// type, the base64 blob, an optional comment. The type inside the blob
// must match the type in front of it.
func ParseSSHKey(line string) (KeyInfo, error) {
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
		return KeyInfo{}, errors.New("no key type and blob")
	}
	blob, err := base64.StdEncoding.DecodeString(fields[start+1])
	if err != nil {
		return KeyInfo{}, err
	}
	r := wire{b: blob}
	typ := string(r.str())
	if r.err != nil || typ != fields[start] {
		return KeyInfo{}, errors.New("blob does not match its key type")
	}
	info := KeyInfo{Type: typ, Comment: strings.Join(fields[start+2:], " ")}
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
		return KeyInfo{}, errors.New("truncated key blob")
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
