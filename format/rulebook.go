package format

import (
	"strings"

	"github.com/nixsec/nixsec/report"
	"github.com/nixsec/nixsec/rule"
)

// DocsBase is where the generated rule pages (docs/rules/<ID>.md) are
// published.
const DocsBase = "https://github.com/nixsec/nixsec/blob/main/docs/rules/"

// ruleBook indexes the rules a report can mention: the enabled rules in
// their order, then a pseudo-rule for every other rule id a finding has.
type ruleBook struct {
	list  []*rule.Meta
	index map[string]int
}

func newRuleBook(r *report.Report) *ruleBook {
	b := &ruleBook{index: map[string]int{}}
	add := func(m *rule.Meta) {
		if _, ok := b.index[m.ID]; ok {
			return
		}
		b.index[m.ID] = len(b.list)
		b.list = append(b.list, m)
	}
	for _, m := range r.Rules {
		add(m)
	}
	for _, f := range r.Findings {
		if _, ok := b.index[f.RuleID]; ok {
			continue
		}
		if m := rule.Pseudo(f.RuleID); m != nil {
			add(m)
			continue
		}
		add(&rule.Meta{ID: f.RuleID, Title: f.Title, Severity: f.Severity, Package: "nixsec.other"})
	}
	return b
}

func (b *ruleBook) get(id string) *rule.Meta {
	if i, ok := b.index[id]; ok {
		return b.list[i]
	}
	return nil
}

// family is the rule's group: "ssh" for package nixsec.rules.ssh.ssh001.
func family(r *rule.Meta) string {
	fam, _, _ := strings.Cut(r.Package, ".")
	if fam == "" {
		return "nixsec"
	}
	return fam
}

// ControlURL is the address of a framework control's row in its coverage
// table (docs/compliance/<framework>.md, generated from compliance's data).
func ControlURL(framework, control string) string {
	return "https://github.com/nixsec/nixsec/blob/main/docs/compliance/" + framework + ".md#" + strings.ToLower(control)
}

// docsURL is the rule's published page; "" for rules nixsec does not ship.
func docsURL(r *rule.Meta) string {
	if r == nil || !r.Builtin {
		return ""
	}
	return DocsBase + r.ID + ".md"
}

// errorText is one evaluation error: `host[ option]: [RULES cannot
// decide: ]message`, the message on one line when oneLine is set.
func errorText(e report.HostError, oneLine bool) string {
	where := e.Host
	if e.Path != "" {
		where += " " + e.Path
	}
	msg := e.Message
	if oneLine {
		msg = strings.Join(strings.Fields(msg), " ")
	}
	if len(e.Rules) > 0 {
		msg = strings.Join(e.Rules, ", ") + " cannot decide: " + msg
	}
	return where + ": " + msg
}
