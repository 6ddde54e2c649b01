// Package rule is the vocabulary of rules shared by the engine that runs
// them, the linter that places their findings and the formats that print
// them: a rule's severity and metadata, one violation and its fix, and the
// pseudo-rules nixsec reports about its own configuration. It imports no
// engine, no evaluator and no output code (docs/architecture.md).
package rule

import (
	"fmt"
	"strings"

	"github.com/nixsec/nixsec/optpath"
)

// Severity of a rule, from info (lowest) to critical.
type Severity int

// Severities, in increasing order.
const (
	Info Severity = iota
	Low
	Medium
	High
	Critical
)

var severityNames = []string{"info", "low", "medium", "high", "critical"}

func (s Severity) String() string {
	if s < Info || s > Critical {
		return fmt.Sprintf("severity(%d)", int(s))
	}
	return severityNames[s]
}

// MarshalText writes the severity's name, so that reports and rule lists
// print "high" rather than a number.
func (s Severity) MarshalText() ([]byte, error) {
	if s < Info || s > Critical {
		return nil, fmt.Errorf("no severity %d", int(s))
	}
	return []byte(severityNames[s]), nil
}

// UnmarshalText reads a severity's name (any case), as reports written by
// MarshalText hold it.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// ParseSeverity reads a severity name.
func ParseSeverity(s string) (Severity, error) {
	for i, n := range severityNames {
		if strings.EqualFold(s, n) {
			return Severity(i), nil
		}
	}
	return Info, fmt.Errorf("unknown severity %q (want one of %s)", s, strings.Join(severityNames, ", "))
}

// OptionSpec is an option path pattern a rule reads, with its older names.
type OptionSpec struct {
	Path    string   `json:"path"`
	Aliases []string `json:"aliases,omitempty"`

	names [][]string // Path and Aliases parsed, once, by Parse
}

// Parse parses Path and Aliases once, for Names; it returns the first
// name that does not parse.
func (o *OptionSpec) Parse() error {
	var first error
	o.names = nil
	for _, p := range append([]string{o.Path}, o.Aliases...) {
		comps, err := optpath.Parse(p)
		if err != nil && first == nil {
			first = err
		}
		o.names = append(o.names, comps)
	}
	return first
}

// Names are the option's names parsed: the path, then its aliases; a name
// that does not parse is nil.
func (o OptionSpec) Names() [][]string {
	if o.names != nil {
		return o.names
	}
	_ = o.Parse() // a spec built by hand, not read from METADATA
	return o.names
}

// Matches reports whether a concrete option path is one of the option's
// names, its wildcards matching.
func (o OptionSpec) Matches(concrete []string) bool {
	for _, n := range o.Names() {
		if n != nil && optpath.Matches(n, concrete) {
			return true
		}
	}
	return false
}

// Meta is a rule's identity and documentation, from its METADATA.
type Meta struct {
	ID          string       `json:"id"`
	Title       string       `json:"title"`
	Description string       `json:"description"`
	Options     []OptionSpec `json:"options"`
	Remediation string       `json:"remediation"`
	References  []string     `json:"references,omitempty"`
	Profiles    []string     `json:"profiles,omitempty"`
	// Frameworks are the compliance controls the rule decides, by
	// framework: {"stig": ["V-268091"]} (docs/compliance.md).
	Frameworks map[string][]string `json:"frameworks,omitempty"`
	// FrameworkOnly rules encode a framework's own demands (a DoD banner,
	// a 60-day password lifetime) rather than general practice: no profile
	// runs them; --framework, --rule or the config's enable does.
	FrameworkOnly bool `json:"frameworkOnly,omitempty"`
	// Package is the rule's package below nixsec.rules ("ssh.ssh001"), or
	// the whole package of a rule outside it ("org.admins").
	Package string `json:"package"`
	File    string `json:"file"` // of the METADATA
	Line    int    `json:"line"`
	Builtin bool   `json:"builtin"`
	// Severity is last: `nixsec rules --format json` prints it last
	// (docs/json-format.md).
	Severity Severity `json:"severity"`
}

// Profiles that gate rules.
var Profiles = []string{"server", "workstation", "paranoid"}

// Violation is one finding of one rule on one host's input.
type Violation struct {
	Rule    *Meta
	Path    string
	Anchor  string
	Message string
	Fix     *Fix
	// File is set when the violation is about a file of the flake rather
	// than an option (UPD003: flake.lock); relative to the flake root.
	File string
}

// Fix is a single option value that resolves the violation.
type Fix struct {
	Path  string `json:"path"`
	Value any    `json:"value"`
}
