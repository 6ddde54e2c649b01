package compliance

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/nixsec/nixsec/report"
)

// Status is a control's state on one host.
type Status string

// Statuses. A control is pass only when every rule deciding it ran on
// the host and found nothing: what nixsec could not check is not_checked,
// never pass.
const (
	Pass          Status = "pass"
	Fail          Status = "fail"
	NotApplicable Status = "not_applicable"
	ManualStatus  Status = "manual"
	NotChecked    Status = "not_checked"
)

// Statuses in the order reports count them.
var Statuses = []Status{Fail, NotChecked, Pass, NotApplicable, ManualStatus}

// CKLStatus is STIG Viewer's status for a Status.
func (s Status) CKLStatus() string {
	switch s {
	case Pass:
		return "NotAFinding"
	case Fail:
		return "Open"
	case NotApplicable:
		return "Not_Applicable"
	default:
		return "Not_Reviewed"
	}
}

// Result is one control's status on one host.
type Result struct {
	Control *Control `json:"-"`
	ID      string   `json:"control"`
	Status  Status   `json:"status"`
	// Detail says why, for a person: where the findings are, why the
	// control does not apply, what still has to be checked by hand.
	Detail string `json:"detail"`
	// Findings are the findings of the control's rules on the host.
	Findings []report.Finding `json:"findings,omitempty"`
}

// Host is one host's checklist.
type Host struct {
	Name    string         `json:"host"`
	Counts  map[Status]int `json:"counts"`
	Results []Result       `json:"results"`
}

// Checklist is every host's checklist for one framework.
type Checklist struct {
	Framework *Framework `json:"-"`
	Flake     string     `json:"flake"`
	Hosts     []Host     `json:"hosts"`
}

// Evaluate reads each host's checklist off a check's report: the run's
// findings, the rules that said they do not apply, the evaluation errors
// and the rules the run enabled.
func Evaluate(f *Framework, rep *report.Report) *Checklist {
	ran := map[string]bool{}
	for _, r := range rep.Rules {
		ran[r.ID] = true
	}
	type key struct{ host, rule string }
	findings := map[key][]report.Finding{}
	for _, fd := range rep.Findings {
		k := key{fd.Host, fd.RuleID}
		findings[k] = append(findings[k], fd)
	}
	na := map[key]string{}
	for _, n := range rep.NotApplicable {
		na[key{n.Host, n.Rule}] = n.Reason
	}
	hostErr := map[string]string{}
	ruleErr := map[key]string{}
	for _, e := range rep.Errors {
		if len(e.Rules) == 0 {
			hostErr[e.Host] = e.Message
			continue
		}
		for _, r := range e.Rules {
			ruleErr[key{e.Host, r}] = e.Message
		}
	}
	hosts := slices.Clone(rep.Hosts)
	for h := range hostErr {
		if !slices.Contains(hosts, h) {
			hosts = append(hosts, h)
		}
	}
	sort.Strings(hosts)
	cl := &Checklist{Framework: f, Flake: rep.Flake}
	for _, h := range hosts {
		host := Host{Name: h, Counts: map[Status]int{}}
		for i := range f.Controls {
			c := &f.Controls[i]
			r := Result{Control: c, ID: c.ID}
			switch {
			case c.Verdict == Manual:
				r.Status, r.Detail = ManualStatus, c.Manual
			case len(c.Rules) == 0:
				r.Status, r.Detail = NotChecked, "no nixsec rule decides this control yet"
			case hostErr[h] != "":
				r.Status, r.Detail = NotChecked, "nixsec could not evaluate the host: "+hostErr[h]
			default:
				r = decide(c, r, ran, func(rule string) ([]report.Finding, string, string) {
					return findings[key{h, rule}], na[key{h, rule}], ruleErr[key{h, rule}]
				})
			}
			host.Counts[r.Status]++
			host.Results = append(host.Results, r)
		}
		cl.Hosts = append(cl.Hosts, host)
	}
	return cl
}

// decide is the status of a control decided by rules: fail when a rule
// found something, not checked when a rule did not run or could not
// decide, not applicable when every rule said so, otherwise pass (config)
// or manual with the configured part passing (partly).
func decide(c *Control, r Result, ran map[string]bool, of func(rule string) (found []report.Finding, na, err string)) Result {
	var missing, failed, naReasons []string
	for _, id := range c.Rules {
		found, na, err := of(id)
		switch {
		case len(found) > 0:
			r.Findings = append(r.Findings, found...)
		case !ran[id]:
			missing = append(missing, id+" did not run")
		case err != "":
			failed = append(failed, id+": "+err)
		case na != "":
			naReasons = append(naReasons, na)
		}
	}
	switch {
	case len(r.Findings) > 0:
		r.Status = Fail
		var lines []string
		for _, fd := range r.Findings {
			lines = append(lines, FindingLine(fd))
		}
		r.Detail = strings.Join(lines, "\n")
	case len(missing) > 0 || len(failed) > 0:
		r.Status = NotChecked
		r.Detail = strings.Join(append(missing, failed...), "; ")
	case len(naReasons) == len(c.Rules):
		r.Status = NotApplicable
		r.Detail = strings.Join(dedupe(naReasons), "; ")
	case c.Verdict == Partly:
		r.Status = ManualStatus
		r.Detail = fmt.Sprintf("The configuration passes (%s). Still to check on the running system: %s", strings.Join(c.Rules, ", "), c.Manual)
	default:
		r.Status = Pass
		r.Detail = fmt.Sprintf("The configuration passes (%s).", strings.Join(c.Rules, ", "))
	}
	return r
}

// FindingLine is "file:line: RULE option: message", with what silenced
// it: a failing control's detail holds one per finding. Not escaped.
func FindingLine(fd report.Finding) string {
	where := fd.Location.File
	if fd.Location.StartLine > 0 {
		where = fmt.Sprintf("%s:%d", where, fd.Location.StartLine)
	}
	s := fmt.Sprintf("%s: %s %s: %s", where, fd.RuleID, fd.Path, fd.Message)
	switch {
	case fd.Suppressed != nil:
		s += " (suppressed: " + fd.Suppressed.Reason + ")"
	case fd.Baselined:
		s += " (in the baseline)"
	}
	return s
}

func dedupe(s []string) []string {
	sort.Strings(s)
	return slices.Compact(s)
}
