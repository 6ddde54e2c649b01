package format

import (
	"strings"

	"github.com/nixsec/nixsec/lint"
	"github.com/nixsec/nixsec/rego"
)

// DocsBase is where the generated rule pages (docs/rules/<ID>.md) are
// published.
const DocsBase = "https://github.com/nixsec/nixsec/blob/main/docs/rules/"

// pseudoRules describe the findings nixsec makes about itself rather than
// about a host; they have no Rego source.
var pseudoRules = map[string]*rego.RuleMeta{
	lint.IgnoreRuleID: {
		ID:    lint.IgnoreRuleID,
		Title: "Suppression comment is wrong",
		Description: "A `# nixsec:ignore RULE -- reason` comment names no rule, names a rule that does not exist, " +
			"has no reason (and so suppresses nothing), or suppresses nothing on its own line or the next one. " +
			"A wrong suppression hides nothing today but makes readers believe a finding was reviewed.",
		Severity:    rego.Low,
		Remediation: "# nixsec:ignore SSH001 -- why this is acceptable on this host\nservices.openssh.settings.PasswordAuthentication = true;\n",
		Package:     "nixsec.ignore",
	},
	"NIXSEC-EXPIRED": {
		ID:    "NIXSEC-EXPIRED",
		Title: "Exception expired",
		Description: "An exception in the nixsec configuration file is past its expiry date, so the findings it " +
			"covered count again. Review the finding, then fix it or renew the exception with a new date.",
		Severity: rego.Low,
		Package:  "nixsec.config",
	},
}

// ruleBook indexes the rules a report can mention: the enabled rules in
// their order, then a pseudo-rule for every other rule id a finding has.
type ruleBook struct {
	list  []*rego.RuleMeta
	index map[string]int
}

func newRuleBook(r *lint.Report) *ruleBook {
	b := &ruleBook{index: map[string]int{}}
	add := func(m *rego.RuleMeta) {
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
		if m := pseudoRules[f.RuleID]; m != nil {
			add(m)
			continue
		}
		add(&rego.RuleMeta{ID: f.RuleID, Title: f.Title, Severity: f.Severity, Package: "nixsec.other"})
	}
	return b
}

func (b *ruleBook) get(id string) *rego.RuleMeta {
	if i, ok := b.index[id]; ok {
		return b.list[i]
	}
	return nil
}

// family is the rule's group: "ssh" for package nixsec.rules.ssh.ssh001.
func family(r *rego.RuleMeta) string {
	fam, _, _ := strings.Cut(r.Package, ".")
	if fam == "" {
		return "nixsec"
	}
	return fam
}

// docsURL is the rule's published page; "" for rules nixsec does not ship.
func docsURL(r *rego.RuleMeta) string {
	if r == nil || !r.Builtin {
		return ""
	}
	return DocsBase + r.ID + ".md"
}

// errorText is one evaluation error: `host[ option]: [RULES cannot
// decide: ]message`, the message on one line when oneLine is set.
func errorText(e lint.HostError, oneLine bool) string {
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
