package format

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
)

// ChecklistNameLimit is the most bytes ChecklistFileName's name has
// before ".ckl": well under the 255 bytes most file systems allow in a
// name, so that no host name, however long, makes its checklist
// unwritable (and with it the run, and every other host's checklist).
const ChecklistNameLimit = 200

// checklistDigestLen is how many hex digits of the host name's SHA-256 a
// shortened file name ends with.
const checklistDigestLen = 16

// ChecklistFileName is the file `report --format ckl` writes a host's
// checklist to: "<host>.ckl", every byte of the host name outside
// [A-Za-z0-9_-] (and a "." that would start the name or make it "." or
// "..") written as %XX, so that distinct host names give distinct file
// names, and none is a path.
//
// When that name would be longer than ChecklistNameLimit bytes before
// ".ckl", it is cut (never inside a %XX) and ends with "~" and the first
// 16 hex digits of the SHA-256 of the whole host name, within the limit:
// still the same for the same host every time, and still distinct, as
// "~" is written %7E in every name that is not cut. Two host names that
// differ only after the cut differ in their digest.
func ChecklistFileName(host string) string {
	var b strings.Builder
	for i := 0; i < len(host); i++ {
		c := host[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '_', c == '-':
			b.WriteByte(c)
		case c == '.' && i > 0:
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	if b.Len() == 0 {
		b.WriteString("%")
	}
	name := b.String()
	if len(name) > ChecklistNameLimit {
		cut := ChecklistNameLimit - 1 - checklistDigestLen
		// '%' only starts an escape: back up to keep %XX whole.
		if name[cut-1] == '%' {
			cut--
		} else if name[cut-2] == '%' {
			cut -= 2
		}
		sum := sha256.Sum256([]byte(host))
		name = name[:cut] + "~" + hex.EncodeToString(sum[:])[:checklistDigestLen]
	}
	return name + ".ckl"
}
