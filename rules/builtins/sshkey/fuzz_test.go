package sshkey

import (
	"bufio"
	"encoding/base64"
	"encoding/binary"
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

// blob builds an SSH wire-format key blob from its strings.
func blob(parts ...string) string {
	var b []byte
	for _, p := range parts {
		b = binary.BigEndian.AppendUint32(b, uint32(len(p)))
		b = append(b, p...)
	}
	return base64.StdEncoding.EncodeToString(b)
}

// FuzzParseSSHKey: any line, however malformed, gives an Info or an
// error, never a panic, and an Info only for a known type with bits.
func FuzzParseSSHKey(f *testing.F) {
	if fh, err := os.Open("testdata/keys.txt"); err == nil {
		sc := bufio.NewScanner(fh)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			f.Add(sc.Text())
		}
		fh.Close()
	}
	for _, s := range []string{
		"", "ssh-rsa", "ssh-rsa AAAA", `command="echo ssh-rsa x" ssh-ed25519 ` + blob("ssh-ed25519", strings.Repeat("k", 32)) + " me@host",
		"ecdsa-sha2-nistp256 " + blob("ecdsa-sha2-nistp256", "nistp256", "\x04point"),
		"ssh-rsa " + blob("ssh-rsa", "\x01\x00\x01"),
		"ssh-rsa " + blob("ssh-rsa", "\x01\x00\x01", "\x00"),
		"ssh-dss " + blob("ssh-dss", "\xff\xff"),
		"ssh-rsa-cert-v01@openssh.com " + blob("ssh-rsa-cert-v01@openssh.com", "nonce"),
		"sk-ecdsa-sha2-nistp256@openssh.com " + blob("sk-ecdsa-sha2-nistp256@openssh.com", "nistp521"),
		"ssh-ed25519 " + base64.StdEncoding.EncodeToString([]byte{0xff, 0xff, 0xff, 0xff}),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		info, err := Parse(line)
		if err != nil {
			if info != (Info{}) {
				t.Errorf("error %v with info %+v", err, info)
			}
			return
		}
		known := false
		for _, k := range keyTypes {
			known = known || info.Type == k || strings.HasPrefix(info.Type, k+"-cert-v01@openssh.com")
		}
		if !known || info.Bits <= 0 || !strings.Contains(line, info.Type) {
			t.Errorf("%q: %+v", line, info)
		}
		if info.Bits > 8*len(line) {
			t.Errorf("%q: %d bits from a line of %d bytes", line, info.Bits, len(line))
		}
		if utf8.ValidString(line) && !utf8.ValidString(info.Comment) {
			t.Errorf("comment %q is not UTF-8", info.Comment)
		}
		if info.Comment != strings.TrimSpace(info.Comment) {
			t.Errorf("comment %q has surrounding space", info.Comment)
		}
	})
}
