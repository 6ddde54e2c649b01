package lint

import (
	"testing"

	"github.com/nixsec/nixsec/report"
)

func TestCompareFindings(t *testing.T) {
	f := func(rule, path, msg string) report.Finding {
		return report.Finding{RuleID: rule, Host: "h", Path: path, Message: msg}
	}
	before := []report.Finding{
		f("FW006", "ports", "TCP 22 open"), f("FW006", "ports", "TCP 443 open"),
		f("SSH001", "pa", "PasswordAuthentication is true"), f("MAC001", "aa", "off"),
	}
	after := []report.Finding{
		f("FW006", "ports", "TCP 443 open"),
		f("MAC001", "aa", "off, and more"), // the same finding, its message changed
		f("AUD002", "rules", "no rules"),
	}
	gone, remain, added := compareFindings(before, after)
	keys := func(fs []report.Finding) (out []string) {
		for _, x := range fs {
			out = append(out, x.RuleID+":"+x.Message)
		}
		return out
	}
	if g, r, a := keys(gone), keys(remain), keys(added); len(g) != 2 || g[0] != "FW006:TCP 22 open" || g[1] != "SSH001:PasswordAuthentication is true" ||
		len(r) != 2 || len(a) != 1 || a[0] != "AUD002:no rules" {
		t.Errorf("gone %q remain %q new %q", g, r, a)
	}
}
