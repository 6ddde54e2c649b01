package format

import (
	"fmt"
	"strings"
)

// ChecklistFileName is the file `report --format ckl` writes a host's
// checklist to: "<host>.ckl", every byte of the host name outside
// [A-Za-z0-9_-] (and a "." that would start the name or make it "." or
// "..") written as %XX, so that distinct host names give distinct file
// names, and none is a path.
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
	return b.String() + ".ckl"
}
