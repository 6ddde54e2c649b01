package format

// The STIG Viewer 2.x checklist (.ckl): one host's checklist as the XML
// document DISA's STIG Viewer opens and auditors pass on. The element
// names and their order are STIG Viewer's: CHECKLIST, ASSET, then
// STIGS/iSTIG with STIG_INFO (SI_DATA name and data pairs) and one VULN
// per control (STIG_DATA attribute and data pairs, then STATUS,
// FINDING_DETAILS, COMMENTS, SEVERITY_OVERRIDE, SEVERITY_JUSTIFICATION).
//
// Every string from the flake (host names, findings, file names, details)
// is escaped as the other formats escape it (package escape: controls
// shown, not sent; CI commands broken), then kept to the characters XML
// 1.0 allows, then escaped for XML by encoding/xml. The output is
// deterministic: no timestamps, and the checklist's uuid is derived from
// the framework and the host name.

import (
	"bytes"
	"crypto/sha256"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/nixsec/nixsec/compliance"
	"github.com/nixsec/nixsec/format/escape"
	"github.com/nixsec/nixsec/report"
)

// CKLMeta is what a checklist says beyond the host's results: who wrote
// it and what the asset is. The zero value is a valid choice for all.
type CKLMeta struct {
	// Version is nixsec's version, named in the checklist's comment and
	// its target comment.
	Version string
	// Marking is the asset's marking (STIG Viewer 2.16 and later); "CUI"
	// when empty.
	Marking string
	// Role is the asset's role: "None" when empty (STIG Viewer offers
	// None, Workstation, Member Server, Domain Controller).
	Role string
	// TechArea is the asset's technology area, empty by default (STIG
	// Viewer offers "UNIX OS" among others).
	TechArea string
	// HostIP, HostMAC and HostFQDN describe the asset; the evaluated
	// configuration does not say them, so they are empty unless given.
	HostIP, HostMAC, HostFQDN string
}

// cklChecklist mirrors STIG Viewer's CHECKLIST element.
type cklChecklist struct {
	XMLName xml.Name `xml:"CHECKLIST"`
	Asset   cklAsset `xml:"ASSET"`
	STIGs   cklSTIGs `xml:"STIGS"`
}

type cklAsset struct {
	Role          string `xml:"ROLE"`
	AssetType     string `xml:"ASSET_TYPE"`
	Marking       string `xml:"MARKING"`
	HostName      string `xml:"HOST_NAME"`
	HostIP        string `xml:"HOST_IP"`
	HostMAC       string `xml:"HOST_MAC"`
	HostFQDN      string `xml:"HOST_FQDN"`
	TargetComment string `xml:"TARGET_COMMENT"`
	TechArea      string `xml:"TECH_AREA"`
	TargetKey     string `xml:"TARGET_KEY"`
	WebOrDatabase string `xml:"WEB_OR_DATABASE"`
	WebDBSite     string `xml:"WEB_DB_SITE"`
	WebDBInstance string `xml:"WEB_DB_INSTANCE"`
}

type cklSTIGs struct {
	ISTIG []cklISTIG `xml:"iSTIG"`
}

type cklISTIG struct {
	Info  cklSTIGInfo `xml:"STIG_INFO"`
	Vulns []cklVuln   `xml:"VULN"`
}

type cklSTIGInfo struct {
	Data []cklSIData `xml:"SI_DATA"`
}

// cklSIData is a name and its value; STIG Viewer leaves SID_DATA out
// when the value is empty.
type cklSIData struct {
	Name string `xml:"SID_NAME"`
	Data string `xml:"SID_DATA,omitempty"`
}

type cklVuln struct {
	Data                  []cklStigData `xml:"STIG_DATA"`
	Status                string        `xml:"STATUS"`
	FindingDetails        string        `xml:"FINDING_DETAILS"`
	Comments              string        `xml:"COMMENTS"`
	SeverityOverride      string        `xml:"SEVERITY_OVERRIDE"`
	SeverityJustification string        `xml:"SEVERITY_JUSTIFICATION"`
}

type cklStigData struct {
	Attribute string `xml:"VULN_ATTRIBUTE"`
	Data      string `xml:"ATTRIBUTE_DATA"`
}

// ChecklistCKL writes one host's checklist as a STIG Viewer 2.x .ckl: an
// asset named after the host, the framework's identity, and one VULN per
// control in the framework's order, its STATUS the CKL word for the
// host's result (NotAFinding, Open, Not_Applicable, Not_Reviewed), its
// FINDING_DETAILS the result's detail and, for an open control, each
// finding's place, rule and message, its COMMENTS how far nixsec decides
// the control. A control the host has no result for is Not_Reviewed.
func ChecklistCKL(w io.Writer, cl *compliance.Checklist, h *compliance.Host, meta CKLMeta) error {
	if cl == nil || cl.Framework == nil || h == nil {
		return errors.New("ckl: a checklist with its framework and a host are needed")
	}
	doc := cklOf(cl, h, meta)
	body, err := xml.MarshalIndent(doc, "", "\t")
	if err != nil {
		return err
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	fmt.Fprintf(&b, "<!--nixsec %s: STIG Viewer 2.x checklist-->\n", cklCommentSafe(meta.Version))
	b.Write(body)
	b.WriteByte('\n')
	// encoding/xml writes line breaks inside text as &#xA;, so every line
	// of the document starts with markup; this is belt and braces.
	_, err = io.WriteString(w, escape.Lines(b.String()))
	return err
}

func cklOf(cl *compliance.Checklist, h *compliance.Host, meta CKLMeta) *cklChecklist {
	f := cl.Framework
	host := cklLine(h.Name)
	uuid := cklUUID(f, h.Name)
	releaseInfo := cklReleaseInfo(f)
	doc := &cklChecklist{
		Asset: cklAsset{
			Role:      cklOr(cklLine(meta.Role), "None"),
			AssetType: "Computing",
			Marking:   cklOr(cklLine(meta.Marking), "CUI"),
			HostName:  host,
			HostIP:    cklLine(meta.HostIP),
			HostMAC:   cklLine(meta.HostMAC),
			HostFQDN:  cklLine(meta.HostFQDN),
			TargetComment: fmt.Sprintf("Generated by nixsec %s from the evaluated NixOS configuration of host %s of flake %s; not from the running system.",
				cklOr(cklLine(meta.Version), "(unknown version)"), host, cklOr(cklLine(cl.Flake), "(unknown)")),
			TechArea:      cklLine(meta.TechArea),
			WebOrDatabase: "false",
		},
	}
	info := cklSTIGInfo{Data: []cklSIData{
		{"version", fmt.Sprint(f.Version)},
		{"classification", "UNCLASSIFIED"},
		{"customname", ""},
		{"stigid", cklLine(f.StigID)},
		{"description", cklLine(f.Title) + " " + f.ReleaseName() + ", as checked by nixsec from the evaluated NixOS configuration."},
		{"filename", cklLine("U_" + f.StigID + "_" + f.ReleaseName() + "_Manual-xccdf.xml")},
		{"releaseinfo", releaseInfo},
		{"title", cklLine(f.Title)},
		{"uuid", uuid},
		{"notice", "terms-of-use"},
		{"source", "STIG.DOD.MIL"},
	}}
	stigRef := fmt.Sprintf("%s :: Version %d, %s", cklLine(f.Title), f.Version, releaseInfo)
	istig := cklISTIG{Info: info, Vulns: make([]cklVuln, 0, len(f.Controls))}
	for i, r := range checklistResults(f, h) {
		istig.Vulns = append(istig.Vulns, cklVulnOf(&f.Controls[i], r, stigRef, uuid))
	}
	doc.STIGs.ISTIG = []cklISTIG{istig}
	return doc
}

func cklVulnOf(c *compliance.Control, r *compliance.Result, stigRef, uuid string) cklVuln {
	attr := func(name, value string) cklStigData { return cklStigData{name, value} }
	data := []cklStigData{
		attr("Vuln_Num", cklLine(c.ID)),
		attr("Severity", compliance.CKLSeverity(c.Category)),
		attr("Group_Title", ""),
		attr("Rule_ID", cklLine(c.RuleID)),
		attr("Rule_Ver", cklLine(c.StigID)),
		attr("Rule_Title", cklLine(c.Title)),
		attr("Vuln_Discuss", ""),
		attr("IA_Controls", ""),
		attr("Check_Content", ""),
		attr("Fix_Text", ""),
		attr("False_Positives", ""),
		attr("False_Negatives", ""),
		attr("Documentable", "false"),
		attr("Mitigations", ""),
		attr("Potential_Impact", ""),
		attr("Third_Party_Tools", ""),
		attr("Mitigation_Control", ""),
		attr("Responsibility", ""),
		attr("Security_Override_Guidance", ""),
		attr("Check_Content_Ref", "M"),
		attr("Weight", "10.0"),
		attr("Class", "Unclass"),
		attr("STIGRef", stigRef),
		attr("TargetKey", ""),
		attr("STIG_UUID", uuid),
		attr("LEGACY_ID", ""),
	}
	for _, cci := range c.CCIs {
		data = append(data, attr("CCI_REF", cklLine(cci)))
	}
	return cklVuln{
		Data:           data,
		Status:         r.Status.CKLStatus(),
		FindingDetails: cklFindingDetails(r),
		Comments:       cklBlock(checklistVerdict(c)),
	}
}

// cklFindingDetails is a result's detail for FINDING_DETAILS, escaped;
// for a failing control, each finding's line, escaped as one line (so
// that a message cannot make a line that looks like another finding),
// after the detail unless the detail is just those lines (as compliance
// writes it).
func cklFindingDetails(r *compliance.Result) string {
	if r.Status != compliance.Fail || len(r.Findings) == 0 {
		return cklBlock(r.Detail)
	}
	raw := make([]string, len(r.Findings))
	lines := make([]string, len(r.Findings))
	for i, f := range r.Findings {
		raw[i] = compliance.FindingLine(f)
		lines[i] = cklLine(raw[i])
	}
	if r.Detail != "" && r.Detail != strings.Join(raw, "\n") {
		lines = append([]string{cklBlock(r.Detail)}, lines...)
	}
	return strings.Join(lines, "\n")
}

// checklistWhere is "file:line", or the file when the line is unknown.
func checklistWhere(l report.Location) string {
	if l.StartLine > 0 {
		return fmt.Sprintf("%s:%d", l.File, l.StartLine)
	}
	return l.File
}

// checklistVerdict says how far nixsec decides a control: by which rules
// from the configuration, and what remains for the running system. Not
// escaped.
func checklistVerdict(c *compliance.Control) string {
	rules := strings.Join(c.Rules, ", ")
	switch {
	case c.Verdict == compliance.Manual:
		return "Not decidable from the NixOS configuration; check on the running system: " + c.Manual
	case len(c.Rules) == 0:
		return "Decidable from the evaluated NixOS configuration, but no nixsec rule decides it yet: review it by hand."
	case c.Verdict == compliance.Partly:
		s := "Partly decided from the evaluated NixOS configuration by nixsec " + plural(len(c.Rules), "rule ", "rules ") + rules + "."
		if c.Manual != "" {
			s += " Still to check on the running system: " + c.Manual
		}
		return s
	default:
		s := "Decided from the evaluated NixOS configuration by nixsec " + plural(len(c.Rules), "rule ", "rules ") + rules + "."
		if c.Decides != "" {
			s += " " + c.Decides
		}
		return s
	}
}

// cklReleaseInfo is STIG Viewer's "Release: 2 Benchmark Date: 24 Oct
// 2025", without the date when the framework does not know it.
func cklReleaseInfo(f *compliance.Framework) string {
	s := fmt.Sprintf("Release: %d", f.Release)
	if d := cklLine(f.BenchmarkDate); d != "" {
		s += " Benchmark Date: " + d
	}
	return s
}

// cklUUID is the checklist's STIG uuid, derived from the framework, its
// release and the host name so that a checklist is the same every time
// it is written: a SHA-256 name-based UUID (version 8, RFC 9562).
func cklUUID(f *compliance.Framework, host string) string {
	sum := sha256.Sum256([]byte("nixsec ckl\x00" + f.Name + "\x00" + f.StigID + "\x00" + f.ReleaseName() + "\x00" + host))
	u := sum[:16]
	u[6] = u[6]&0x0f | 0x80 // version 8
	u[8] = u[8]&0x3f | 0x80 // variant 10
	return fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
}

// cklLine is one line of untrusted text for the checklist: escaped as
// the text report escapes it, then kept to XML 1.0's characters.
func cklLine(s string) string { return xmlChars(escape.Line(s)) }

// cklBlock is multi-line untrusted text for the checklist (line breaks
// and tabs kept).
func cklBlock(s string) string { return xmlChars(escape.Block(s)) }

// xmlChars shows the characters XML 1.0 does not allow in a document as
// \uNNNN: control characters other than tab, line feed and carriage
// return, U+FFFE and U+FFFF; a byte that is not UTF-8 (a lone surrogate
// among them) as \xNN. encoding/xml would write U+FFFD for them, losing
// what they were. (escape's output has none but U+FFFE and U+FFFF; this
// holds whatever it is given.)
func xmlChars(s string) string {
	if utf8.ValidString(s) && strings.IndexFunc(s, func(r rune) bool { return !xmlChar(r) }) < 0 {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case !xmlChar(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// xmlChar reports whether XML 1.0 allows r in a document.
func xmlChar(r rune) bool {
	return r == 0x9 || r == 0xA || r == 0xD ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

// cklCommentSafe keeps a version to the characters a version string has,
// so that it cannot end the comment it is written in ("--" cannot occur in
// a comment, nor "-" end one).
func cklCommentSafe(s string) string {
	out := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '+', r == '_', r == '-':
			return r
		}
		return -1
	}, s)
	for strings.Contains(out, "--") {
		out = strings.ReplaceAll(out, "--", "-")
	}
	out = strings.TrimRight(out, "-")
	if out == "" {
		return "(unknown version)"
	}
	return out
}

func cklOr(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return s
}
