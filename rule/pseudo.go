package rule

// The pseudo-rules: findings nixsec makes about its own configuration
// rather than about a host. They have no Rego source; reports describe
// them with Pseudo.
const (
	// IgnoreID is a `# nixsec:ignore` comment that is wrong.
	IgnoreID = "NIXSEC-IGNORE"
	// ExpiredID is a config exception past its expiry date.
	ExpiredID = "NIXSEC-EXPIRED"
)

var pseudo = map[string]*Meta{
	IgnoreID: {
		ID:    IgnoreID,
		Title: "Suppression comment is wrong",
		Description: "A `# nixsec:ignore RULE -- reason` comment names no rule, names a rule that does not exist, " +
			"has no reason (and so suppresses nothing), or suppresses nothing on its own line or the next one. " +
			"A wrong suppression hides nothing today but makes readers believe a finding was reviewed.",
		Severity:    Low,
		Remediation: "# nixsec:ignore SSH001 -- why this is acceptable on this host\nservices.openssh.settings.PasswordAuthentication = true;\n",
		Package:     "nixsec.ignore",
	},
	ExpiredID: {
		ID:    ExpiredID,
		Title: "Exception expired",
		Description: "An exception in the nixsec configuration file is past its expiry date, so the findings it " +
			"covered count again. Review the finding, then fix it or renew the exception with a new date.",
		Severity: Low,
		Package:  "nixsec.config",
	},
}

// Pseudo returns the description of a pseudo-rule, or nil when id is none.
func Pseudo(id string) *Meta { return pseudo[id] }
