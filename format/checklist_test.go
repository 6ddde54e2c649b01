package format

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"html"
	"math"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/nixsec/nixsec/compliance"
	"github.com/nixsec/nixsec/format/escape"
	"github.com/nixsec/nixsec/report"
	"github.com/nixsec/nixsec/rule"
)

// xmlHostile is what a flake can put in a host name or a message for an
// XML document: markup, the end of a CDATA section, an entity, controls
// XML forbids (NUL among them), the noncharacters U+FFFE and U+FFFF, and
// bytes that are not UTF-8 (a lone surrogate's encoding among them).
const xmlHostile = "<script>alert(1)</script>]]><!--x--><![CDATA[y]]>&amp;&lt;\x00\x01\x08\x0b\x0c\x1f\ufffe\uffff\xed\xa0\x80"

// checklistFramework is a small framework with a control of each kind:
// partly decided, manual, decided with findings, decidable with no rule
// yet, decided and passing, decided and not applicable.
func checklistTestFramework() *compliance.Framework {
	return &compliance.Framework{
		Name: "stig", Title: "Anduril NixOS Security Technical Implementation Guide", StigID: "Anduril_NixOS_STIG",
		Version: 1, Release: 2, BenchmarkDate: "24 Oct 2025",
		Controls: []compliance.Control{
			{ID: "V-268078", RuleID: "SV-268078r1130947_rule", Category: 2, Title: "Turn on the NixOS firewall.", Verdict: compliance.Partly,
				Decides: "networking.firewall.enable", Manual: "the live iptables chain", Rules: []string{"FW001"}, Facts: "V1R2"},
			{ID: "V-268079", RuleID: "SV-268079r1039591_rule", StigID: "ANIX-00-000020", Category: 2, Title: "Emergency accounts expire within 72 hours.",
				Verdict: compliance.Manual, Manual: "which accounts are temporary is known to their administrators", Facts: "V1R1"},
			{ID: "V-268080", RuleID: "SV-268080r1130951_rule", StigID: "ANIX-00-000030", Category: 2, Title: "Run the Linux audit subsystem and the audit daemon.",
				CCIs: []string{"CCI-000018", "CCI-001464"}, Verdict: compliance.Config, Decides: "both services start when the options are on.",
				Rules: []string{"AUD001", "AUD002"}, Facts: "V1R2"},
			{ID: "V-268081", RuleID: "SV-268081r1130954_rule", StigID: "ANIX-00-000040", Category: 2, Title: "Lock an account after 3 failed logons.",
				CCIs: []string{"CCI-000044"}, Verdict: compliance.Config, Facts: "V1R2"},
			{ID: "V-268082", RuleID: "SV-268082r1039551_rule", StigID: "ANIX-00-000050", Category: 1, Title: "Show the DoD consent banner before a console logon.",
				Verdict: compliance.Config, Rules: []string{"BAN001"}, Facts: "V1R1"},
			{ID: "V-268083", RuleID: "SV-268083r1039553_rule", StigID: "ANIX-00-000060", Category: 3, Title: "Show the DoD consent banner before a graphical logon.",
				Verdict: compliance.Config, Rules: []string{"BAN002"}, Facts: "V1R1"},
		},
	}
}

// sampleChecklist is two hosts' checklists; hostile puts xmlHostile and
// evil in the second host's name, its findings and details, and the flake.
func sampleChecklist(hostile bool) *compliance.Checklist {
	f := checklistTestFramework()
	flake, web, msg, file := "./examples/stig", "web", "auditd is off", "hosts/web.nix"
	if hostile {
		flake += evil
		web += xmlHostile + evil
		msg += xmlHostile + evil
		file = "hosts/" + xmlHostile + evil + ".nix"
	}
	finding := func(host, ruleID, path, message, file string, line int) report.Finding {
		return report.Finding{RuleID: ruleID, Host: host, Path: path, Message: message, Severity: rule.High, Fingerprint: "0123456789abcdef",
			Location: report.Location{File: file, StartLine: line, StartCol: 3, EndLine: line, EndCol: 9, Via: "definition"}}
	}
	host := func(name string, results ...compliance.Result) compliance.Host {
		h := compliance.Host{Name: name, Counts: map[compliance.Status]int{}}
		for i := range results {
			results[i].Control = &f.Controls[i]
			results[i].ID = f.Controls[i].ID
			h.Counts[results[i].Status]++
		}
		h.Results = results
		return h
	}
	webFindings := []report.Finding{
		finding(web, "AUD001", "security.auditd.enable", msg, file, 12),
		finding(web, "AUD002", "security.audit.enable", "the audit subsystem is off", "hosts/common.nix", 3),
	}
	var lines []string
	for _, fd := range webFindings {
		lines = append(lines, compliance.FindingLine(fd))
	}
	return &compliance.Checklist{Framework: f, Flake: flake, Hosts: []compliance.Host{
		host("db",
			compliance.Result{Status: compliance.ManualStatus, Detail: "The configuration passes (FW001). Still to check on the running system: the live iptables chain"},
			compliance.Result{Status: compliance.ManualStatus, Detail: "which accounts are temporary is known to their administrators"},
			compliance.Result{Status: compliance.Pass, Detail: "The configuration passes (AUD001, AUD002)."},
			compliance.Result{Status: compliance.NotChecked, Detail: "no nixsec rule decides this control yet"},
			compliance.Result{Status: compliance.Pass, Detail: "The configuration passes (BAN001)."},
			compliance.Result{Status: compliance.NotApplicable, Detail: "the host has no graphical session"},
		),
		host(web,
			compliance.Result{Status: compliance.Fail, Detail: compliance.FindingLine(finding(web, "FW001", "networking.firewall.enable", "the firewall is off", "flake.nix", 0)),
				Findings: []report.Finding{finding(web, "FW001", "networking.firewall.enable", "the firewall is off", "flake.nix", 0)}},
			compliance.Result{Status: compliance.ManualStatus, Detail: "which accounts are temporary is known to their administrators"},
			compliance.Result{Status: compliance.Fail, Detail: strings.Join(lines, "\n"), Findings: webFindings},
			compliance.Result{Status: compliance.NotChecked, Detail: "no nixsec rule decides this control yet"},
			compliance.Result{Status: compliance.NotChecked, Detail: "BAN001: evaluation failed: " + msg},
			compliance.Result{Status: compliance.NotApplicable, Detail: "no graphical session on " + web},
		),
	}}
}

// cklDoc mirrors STIG Viewer's .ckl structure, independently of the
// writer's types; the XMLName fields make decoding fail on another
// element name where one is expected.
type cklDoc struct {
	XMLName xml.Name `xml:"CHECKLIST"`
	// Asset is read token by token (parseCKL).
	Asset struct {
		Role, AssetType, Marking, HostName, TargetComment, WebOrDatabase string
	} `xml:"-"`
	STIGs struct {
		ISTIG []struct {
			Info struct {
				Data []struct {
					Name string  `xml:"SID_NAME"`
					Data *string `xml:"SID_DATA"`
				} `xml:"SI_DATA"`
			} `xml:"STIG_INFO"`
			Vulns []struct {
				Data []struct {
					Attribute string `xml:"VULN_ATTRIBUTE"`
					Data      string `xml:"ATTRIBUTE_DATA"`
				} `xml:"STIG_DATA"`
				Status                string `xml:"STATUS"`
				FindingDetails        string `xml:"FINDING_DETAILS"`
				Comments              string `xml:"COMMENTS"`
				SeverityOverride      string `xml:"SEVERITY_OVERRIDE"`
				SeverityJustification string `xml:"SEVERITY_JUSTIFICATION"`
			} `xml:"VULN"`
		} `xml:"iSTIG"`
	} `xml:"STIGS"`
}

// cklAssetOrder, cklSIOrder, cklVulnOrder and cklAttrOrder are STIG
// Viewer 2.17's element and attribute names, in its order (as in a
// checklist it wrote: mitre/heimdall2,
// libs/hdf-converters/sample_jsons/checklist_mapper/sample_input_report/RHEL9_overrides.ckl).
var (
	cklAssetOrder = []string{"ROLE", "ASSET_TYPE", "MARKING", "HOST_NAME", "HOST_IP", "HOST_MAC", "HOST_FQDN", "TARGET_COMMENT",
		"TECH_AREA", "TARGET_KEY", "WEB_OR_DATABASE", "WEB_DB_SITE", "WEB_DB_INSTANCE"}
	cklSIOrder   = []string{"version", "classification", "customname", "stigid", "description", "filename", "releaseinfo", "title", "uuid", "notice", "source"}
	cklVulnOrder = []string{"STATUS", "FINDING_DETAILS", "COMMENTS", "SEVERITY_OVERRIDE", "SEVERITY_JUSTIFICATION"}
	cklAttrOrder = []string{"Vuln_Num", "Severity", "Group_Title", "Rule_ID", "Rule_Ver", "Rule_Title", "Vuln_Discuss", "IA_Controls",
		"Check_Content", "Fix_Text", "False_Positives", "False_Negatives", "Documentable", "Mitigations", "Potential_Impact",
		"Third_Party_Tools", "Mitigation_Control", "Responsibility", "Security_Override_Guidance", "Check_Content_Ref", "Weight",
		"Class", "STIGRef", "TargetKey", "STIG_UUID", "LEGACY_ID"}
	cklStatuses = []string{"NotAFinding", "Open", "Not_Applicable", "Not_Reviewed"}
)

func cklOfHost(t *testing.T, cl *compliance.Checklist, i int) string {
	t.Helper()
	var b bytes.Buffer
	if err := ChecklistCKL(&b, cl, &cl.Hosts[i], CKLMeta{Version: "1.2.3"}); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// parseCKL decodes a checklist strictly, and checks the element order of
// the asset, of each VULN, and of the document (CHECKLIST > ASSET, STIGS
// > one iSTIG > STIG_INFO, VULN...).
func parseCKL(t *testing.T, out string) *cklDoc {
	t.Helper()
	var doc cklDoc
	if err := xml.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("the checklist is not XML: %v", err)
	}
	// Element paths in document order, and the asset's values.
	dec := xml.NewDecoder(strings.NewReader(out))
	var path []string
	var children = map[string][]string{}
	asset := map[string]string{}
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			parent := strings.Join(path, "/")
			children[parent] = append(children[parent], tok.Name.Local)
			path = append(path, tok.Name.Local)
		case xml.EndElement:
			path = path[:len(path)-1]
		case xml.CharData:
			if len(path) == 3 && path[1] == "ASSET" {
				asset[path[2]] += string(tok)
			}
		}
	}
	for parent, want := range map[string][]string{
		"":                                {"CHECKLIST"},
		"CHECKLIST":                       {"ASSET", "STIGS"},
		"CHECKLIST/ASSET":                 cklAssetOrder,
		"CHECKLIST/STIGS":                 {"iSTIG"},
		"CHECKLIST/STIGS/iSTIG/STIG_INFO": slices.Repeat([]string{"SI_DATA"}, len(cklSIOrder)),
	} {
		if !slices.Equal(children[parent], want) {
			t.Errorf("<%s> has %v, want %v", parent, children[parent], want)
		}
	}
	istig := children["CHECKLIST/STIGS/iSTIG"]
	if len(istig) == 0 || istig[0] != "STIG_INFO" || slices.Contains(istig[1:], "STIG_INFO") {
		t.Errorf("iSTIG has %v, want STIG_INFO then the VULNs", istig)
	}
	for _, name := range istig[1:] {
		if name != "VULN" {
			t.Errorf("iSTIG has a <%s>", name)
		}
	}
	// Each VULN: STIG_DATA..., then STATUS … SEVERITY_JUSTIFICATION.
	vulnKids := children["CHECKLIST/STIGS/iSTIG/VULN"]
	for len(vulnKids) > 0 {
		n := 0
		for n < len(vulnKids) && vulnKids[n] == "STIG_DATA" {
			n++
		}
		if n == 0 || len(vulnKids) < n+len(cklVulnOrder) || !slices.Equal(vulnKids[n:n+len(cklVulnOrder)], cklVulnOrder) {
			t.Fatalf("a VULN's elements are not STIG_DATA… then %v: %v", cklVulnOrder, vulnKids[:min(len(vulnKids), n+len(cklVulnOrder))])
		}
		vulnKids = vulnKids[n+len(cklVulnOrder):]
	}
	for _, kids := range [][]string{children["CHECKLIST/STIGS/iSTIG/VULN/STIG_DATA"]} {
		for i := 0; i < len(kids); i += 2 {
			if kids[i] != "VULN_ATTRIBUTE" || i+1 >= len(kids) || kids[i+1] != "ATTRIBUTE_DATA" {
				t.Fatalf("STIG_DATA children %v", kids[i:min(i+2, len(kids))])
			}
		}
	}
	doc.Asset.Role, doc.Asset.AssetType, doc.Asset.Marking, doc.Asset.HostName = asset["ROLE"], asset["ASSET_TYPE"], asset["MARKING"], asset["HOST_NAME"]
	doc.Asset.TargetComment, doc.Asset.WebOrDatabase = asset["TARGET_COMMENT"], asset["WEB_OR_DATABASE"]
	return &doc
}

func TestChecklistCKL(t *testing.T) {
	for _, hostile := range []bool{false, true} {
		cl := sampleChecklist(hostile)
		f := cl.Framework
		uuids := map[string]bool{}
		for i, h := range cl.Hosts {
			out := cklOfHost(t, cl, i)
			if again := cklOfHost(t, cl, i); again != out {
				t.Error("two writings of one checklist differ")
			}
			if !strings.HasPrefix(out, `<?xml version="1.0" encoding="UTF-8"?>`+"\n<!--nixsec 1.2.3: STIG Viewer 2.x checklist-->\n<CHECKLIST>\n") {
				t.Errorf("header:\n%s", out[:min(len(out), 200)])
			}
			doc := parseCKL(t, out)
			if doc.Asset.Role != "None" || doc.Asset.AssetType != "Computing" || doc.Asset.Marking != "CUI" || doc.Asset.WebOrDatabase != "false" {
				t.Errorf("asset %+v", doc.Asset)
			}
			if want := escape.Line(h.Name); doc.Asset.HostName != xmlChars(want) {
				t.Errorf("HOST_NAME %q, want %q", doc.Asset.HostName, want)
			}
			if !strings.Contains(doc.Asset.TargetComment, "nixsec 1.2.3") || !strings.Contains(doc.Asset.TargetComment, "evaluated NixOS configuration") ||
				!strings.Contains(doc.Asset.TargetComment, xmlChars(escape.Line(cl.Flake))) {
				t.Errorf("TARGET_COMMENT %q", doc.Asset.TargetComment)
			}
			if len(doc.STIGs.ISTIG) != 1 {
				t.Fatalf("%d iSTIG", len(doc.STIGs.ISTIG))
			}
			is := doc.STIGs.ISTIG[0]
			si := map[string]string{}
			var names []string
			for _, d := range is.Info.Data {
				names = append(names, d.Name)
				if d.Data != nil {
					si[d.Name] = *d.Data
				}
			}
			if !slices.Equal(names, cklSIOrder) {
				t.Errorf("SI_DATA names %v, want %v", names, cklSIOrder)
			}
			want := map[string]string{"version": "1", "classification": "UNCLASSIFIED", "stigid": "Anduril_NixOS_STIG",
				"releaseinfo": "Release: 2 Benchmark Date: 24 Oct 2025", "title": f.Title, "notice": "terms-of-use",
				"filename": "U_Anduril_NixOS_STIG_V1R2_Manual-xccdf.xml"}
			for k, v := range want {
				if si[k] != v {
					t.Errorf("SI_DATA %s = %q, want %q", k, si[k], v)
				}
			}
			if !regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`).MatchString(si["uuid"]) || uuids[si["uuid"]] {
				t.Errorf("uuid %q: not a UUID, or another host's", si["uuid"])
			}
			uuids[si["uuid"]] = true

			if len(is.Vulns) != len(f.Controls) {
				t.Fatalf("%d VULN, want %d", len(is.Vulns), len(f.Controls))
			}
			for j, v := range is.Vulns {
				c, r := &f.Controls[j], &h.Results[j]
				var attrs []string
				data := map[string]string{}
				var ccis []string
				for _, d := range v.Data {
					if d.Attribute == "CCI_REF" {
						ccis = append(ccis, d.Data)
						continue
					}
					attrs = append(attrs, d.Attribute)
					data[d.Attribute] = d.Data
				}
				if !slices.Equal(attrs, cklAttrOrder) {
					t.Errorf("%s: attributes %v, want %v", c.ID, attrs, cklAttrOrder)
				}
				if n := len(v.Data); n < len(ccis) || !slices.Equal(ccis, c.CCIs) || len(ccis) > 0 && v.Data[n-1].Attribute != "CCI_REF" {
					t.Errorf("%s: CCI_REFs %v, want %v last", c.ID, ccis, c.CCIs)
				}
				for k, want := range map[string]string{"Vuln_Num": c.ID, "Rule_ID": c.RuleID, "Rule_Ver": c.StigID, "Rule_Title": c.Title,
					"Severity": compliance.CKLSeverity(c.Category), "Weight": "10.0", "Class": "Unclass", "STIG_UUID": si["uuid"],
					"STIGRef": f.Title + " :: Version 1, Release: 2 Benchmark Date: 24 Oct 2025", "Documentable": "false"} {
					if data[k] != want {
						t.Errorf("%s: %s = %q, want %q", c.ID, k, data[k], want)
					}
				}
				if !slices.Contains(cklStatuses, v.Status) || v.Status != r.Status.CKLStatus() {
					t.Errorf("%s: STATUS %q for %s", c.ID, v.Status, r.Status)
				}
				if v.FindingDetails == "" || v.Comments == "" {
					t.Errorf("%s: no FINDING_DETAILS or COMMENTS", c.ID)
				}
				for _, fd := range r.Findings {
					if want := cklLine(compliance.FindingLine(fd)); !strings.Contains(v.FindingDetails, want) {
						t.Errorf("%s: FINDING_DETAILS %q lacks %q", c.ID, v.FindingDetails, want)
					}
				}
				// The detail of a failing control is its findings' lines:
				// each is in FINDING_DETAILS once.
				for _, line := range strings.Split(v.FindingDetails, "\n") {
					if r.Status == compliance.Fail && strings.Count(v.FindingDetails, line) != 1 {
						t.Errorf("%s: %q more than once in FINDING_DETAILS", c.ID, line)
					}
				}
				switch {
				case c.Verdict == compliance.Manual && !strings.HasPrefix(v.Comments, "Not decidable from the NixOS configuration"),
					c.Verdict != compliance.Manual && len(c.Rules) > 0 && !strings.Contains(v.Comments, "by nixsec rule"),
					c.Verdict == compliance.Partly && !strings.Contains(v.Comments, "Still to check on the running system"):
					t.Errorf("%s: COMMENTS %q", c.ID, v.Comments)
				}
			}
			checkCKLText(t, out, hostile && i == 1)
			if hostile {
				assertSafe(t, "ckl", out, false, nil)
			}
			xmllint(t, out)
		}
	}
}

// checkCKLText checks the document's text: every "<" starts an element,
// a comment or the declaration; no character XML forbids; hostile text
// shown as escaped text.
func checkCKLText(t *testing.T, out string, hostile bool) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Error("not UTF-8")
	}
	for i, r := range out {
		if !xmlChar(r) {
			t.Errorf("character %U at %d, which XML forbids", r, i)
		}
	}
	tags := regexp.MustCompile(`<(/?[A-Za-z_]+>|\?xml |!--nixsec )`)
	if n, k := strings.Count(out, "<"), len(tags.FindAllString(out, -1)); n != k {
		t.Errorf("%d '<' but %d tags", n, k)
	}
	if strings.Contains(out, "]]>") || strings.Contains(out, "<script") || strings.Contains(out, "<![CDATA[") {
		t.Error("hostile markup written as markup")
	}
	if hostile {
		for _, want := range []string{`&lt;script&gt;alert(1)&lt;/script&gt;]]&gt;&lt;!--x--&gt;`, `&amp;amp;&amp;lt;\x00\x01\x08\x0b\x0c\x1f\ufffe\uffff\xed\xa0\x80`} {
			if !strings.Contains(out, want) {
				t.Errorf("no %s in the checklist", want)
			}
		}
	}
}

// xmllint checks the document is well-formed with libxml2, when xmllint
// is installed.
func xmllint(t *testing.T, out string) {
	t.Helper()
	bin, err := exec.LookPath("xmllint")
	if err != nil {
		return
	}
	p := filepath.Join(t.TempDir(), "host.ckl")
	if err := os.WriteFile(p, []byte(out), 0o600); err != nil {
		t.Fatal(err)
	}
	if msg, err := exec.Command(bin, "--noout", p).CombinedOutput(); err != nil {
		t.Errorf("xmllint: %v\n%s", err, msg)
	}
}

func TestChecklistCKLXmllintPresent(t *testing.T) {
	if _, err := exec.LookPath("xmllint"); err != nil {
		t.Skip("xmllint is not installed: the checklists were checked by encoding/xml only")
	}
}

// A host without a result for a control still has the control's VULN,
// Not_Reviewed; a checklist without a framework is an error.
func TestChecklistCKLMissingResult(t *testing.T) {
	cl := sampleChecklist(false)
	cl.Hosts[0].Results = cl.Hosts[0].Results[:2]
	doc := parseCKL(t, cklOfHost(t, cl, 0))
	vulns := doc.STIGs.ISTIG[0].Vulns
	if len(vulns) != len(cl.Framework.Controls) || vulns[5].Status != "Not_Reviewed" {
		t.Errorf("%d VULN, the last %q", len(vulns), vulns[len(vulns)-1].Status)
	}
	if err := ChecklistCKL(&bytes.Buffer{}, &compliance.Checklist{}, &cl.Hosts[0], CKLMeta{}); err == nil {
		t.Error("no error without a framework")
	}
}

func TestXMLChars(t *testing.T) {
	for in, want := range map[string]string{
		"plain <&>":          "plain <&>",
		"\t\n\r":             "\t\n\r",
		"a\x00b\x1fc":        `a\u0000b\u001fc`,
		"\ufffe\uffff\ufffd": `\ufffe\uffff` + "\ufffd",
		"\xed\xa0\x80x\xff":  `\xed\xa0\x80x\xff`,
		"\U0001F600":         "\U0001F600",
	} {
		if got := xmlChars(in); got != want {
			t.Errorf("xmlChars(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"1.2.3": "1.2.3", "v1--x-": "v1-x", "--><x": "-x", "<>": "(unknown version)", "0.4.0-rc1+g1": "0.4.0-rc1+g1"} {
		if got := cklCommentSafe(in); got != want {
			t.Errorf("cklCommentSafe(%q) = %q, want %q", in, got, want)
		}
	}
}

// checklistStemRE is a file name ChecklistFileName may give, without
// ".ckl": the plain encoding, or its cut prefix (whole %XX only), "~"
// and a digest.
var checklistStemRE = regexp.MustCompile(`^(?:[A-Za-z0-9_.-]|%[0-9A-F]{2})+(?:~[0-9a-f]{16})?$|^%$`)

// Host names become distinct plain file names of bounded length: a name
// past the limit is cut and ends with a digest of the whole host name,
// so that one long host name cannot make every checklist unwritable.
func TestChecklistFileName(t *testing.T) {
	for in, want := range map[string]string{
		"web": "web.ckl", "Web-01_x.y": "Web-01_x.y.ckl", "a/b": "a%2Fb.ckl", "..": "%2E..ckl", ".x": "%2Ex.ckl",
		"": "%.ckl", "%": "%25.ckl", "a~b": "a%7Eb.ckl", "é": "%C3%A9.ckl", "a\\n": "a%5Cn.ckl",
		strings.Repeat("a", ChecklistNameLimit): strings.Repeat("a", ChecklistNameLimit) + ".ckl",
	} {
		if got := ChecklistFileName(in); got != want {
			t.Errorf("ChecklistFileName(%q) = %q, want %q", in, got, want)
		}
	}

	long := strings.Repeat("a", ChecklistNameLimit+1)
	sum := sha256.Sum256([]byte(long))
	want := strings.Repeat("a", ChecklistNameLimit-17) + "~" + fmt.Sprintf("%x", sum[:8]) + ".ckl"
	if got := ChecklistFileName(long); got != want {
		t.Errorf("a host name one byte past the limit: %q, want %q", got, want)
	}

	// Long names that share their prefix, escapes cut at every offset,
	// names past any file system's limit, and a short host named like a
	// cut one: all distinct, deterministic, within the limit, no path.
	hosts := []string{long, long + "b", long + "B", strings.Repeat("a", 100000), strings.Repeat("é", 1000), strings.Repeat("/", 300)}
	for k := range 4 {
		hosts = append(hosts, strings.Repeat("a", k)+strings.Repeat("/", 100), strings.Repeat("a", k)+strings.Repeat("/", 100)+"x")
	}
	hosts = append(hosts, strings.TrimSuffix(ChecklistFileName(long), ".ckl"))
	seen := map[string]string{}
	for _, h := range hosts {
		name := ChecklistFileName(h)
		stem := strings.TrimSuffix(name, ".ckl")
		if len(stem) > ChecklistNameLimit || !checklistStemRE.MatchString(stem) || strings.ContainsAny(name, "/\\") {
			t.Errorf("ChecklistFileName(%.40q…) = %q (%d bytes): not a bounded plain name", h, name, len(name))
		}
		if ChecklistFileName(h) != name {
			t.Errorf("ChecklistFileName(%.40q…) is not deterministic", h)
		}
		if i := strings.IndexByte(stem, '~'); i >= 0 {
			prefix, err := url.PathUnescape(stem[:i])
			if err != nil || !strings.HasPrefix(h, prefix) || i < ChecklistNameLimit-17-2 {
				t.Errorf("ChecklistFileName(%.40q…) = %q: the cut name does not start with the host's encoding (%v)", h, name, err)
			}
		}
		if other, ok := seen[strings.ToLower(name)]; ok {
			t.Errorf("hosts %.40q… and %.40q… share the file name %s", other, h, name)
		}
		seen[strings.ToLower(name)] = h
	}
}

func TestChecklistGolden(t *testing.T) {
	cl := sampleChecklist(false)
	var txt, js, page bytes.Buffer
	if err := ChecklistText(&txt, cl, false); err != nil {
		t.Fatal(err)
	}
	golden(t, "checklist.txt", txt.Bytes())
	if err := ChecklistJSON(&js, cl); err != nil {
		t.Fatal(err)
	}
	golden(t, "checklist.json", js.Bytes())
	if err := ChecklistHTML(&page, cl); err != nil {
		t.Fatal(err)
	}
	golden(t, "checklist.html", page.Bytes())
	golden(t, "checklist-web.ckl", []byte(cklOfHost(t, cl, 1)))
}

// The text's rows and counts agree with the results.
func TestChecklistText(t *testing.T) {
	cl := sampleChecklist(false)
	var b bytes.Buffer
	if err := ChecklistText(&b, cl, false); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"  V-268080  CAT II   fail            Run the Linux audit subsystem and the audit daemon.\n",
		"hosts/web.nix:12: AUD001 security.auditd.enable: auditd is off\n",
		"  V-268082  CAT I    pass            Show the DoD consent banner before a console logon.\n",
		"db: 0 fail, 1 not checked, 2 pass, 1 not applicable, 2 manual\n",
		"web: 2 fail, 2 not checked, 0 pass, 1 not applicable, 1 manual\n",
		"2 hosts, 6 controls each; 1 host with failing controls; over all hosts: 2 fail, 3 not checked, 2 pass, 2 not applicable, 3 manual\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
	var c bytes.Buffer
	if err := ChecklistText(&c, cl, true); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(c.String(), red+bold+fmt.Sprintf("%-14s", "fail")+reset) || ourSGR.ReplaceAllString(c.String(), "") != out {
		t.Error("colour: fail is not red, or the text differs from the plain one")
	}
}

func TestChecklistJSON(t *testing.T) {
	for _, hostile := range []bool{false, true} {
		cl := sampleChecklist(hostile)
		var b bytes.Buffer
		if err := ChecklistJSON(&b, cl); err != nil {
			t.Fatal(err)
		}
		var got struct {
			Version   int `json:"version"`
			Framework struct {
				Name, Title, ReleaseName, BenchmarkDate string
				Release                                 int
			} `json:"framework"`
			Flake   string `json:"flake"`
			Summary struct {
				Hosts, HostsFailing int
				ByStatus            map[string]int
			} `json:"summary"`
			Hosts []struct {
				Host    string         `json:"host"`
				Counts  map[string]int `json:"counts"`
				Results []struct {
					Control, Title, Status, CKLStatus, Detail string
					Cat                                       int
					Findings                                  []struct {
						Rule, Message string
						Location      struct {
							File      string
							StartLine int
						}
					}
				} `json:"results"`
			} `json:"hosts"`
		}
		if err := json.Unmarshal(b.Bytes(), &got); err != nil {
			t.Fatal(err)
		}
		// What a string decodes to (encoding/json writes a byte that is
		// not UTF-8 as U+FFFD).
		rt := func(s string) string {
			b, err := json.Marshal(s)
			if err != nil {
				t.Fatal(err)
			}
			var out string
			if err := json.Unmarshal(b, &out); err != nil {
				t.Fatal(err)
			}
			return out
		}
		if got.Version != ChecklistJSONVersion || got.Framework.Name != "stig" || got.Framework.ReleaseName != "V1R2" || got.Framework.Release != 2 ||
			got.Framework.BenchmarkDate != "24 Oct 2025" || got.Flake != rt(cl.Flake) {
			t.Errorf("header %+v %q", got.Framework, got.Flake)
		}
		if got.Summary.Hosts != 2 || got.Summary.HostsFailing != 1 || got.Summary.ByStatus["fail"] != 2 || len(got.Summary.ByStatus) != len(compliance.Statuses) {
			t.Errorf("summary %+v", got.Summary)
		}
		for i, h := range got.Hosts {
			want := cl.Hosts[i]
			if h.Host != rt(want.Name) || len(h.Results) != len(cl.Framework.Controls) {
				t.Errorf("host %q, %d results", h.Host, len(h.Results))
			}
			for s, n := range want.Counts {
				if h.Counts[string(s)] != n {
					t.Errorf("%s: %s %d, want %d", h.Host, s, h.Counts[string(s)], n)
				}
			}
			for j, r := range h.Results {
				wr := want.Results[j]
				if r.Control != wr.ID || r.Status != string(wr.Status) || r.CKLStatus != wr.Status.CKLStatus() || r.Detail != rt(wr.Detail) ||
					r.Cat != cl.Framework.Controls[j].Category || len(r.Findings) != len(wr.Findings) {
					t.Errorf("%s %s: %+v", h.Host, wr.ID, r)
					continue
				}
				for k, fd := range r.Findings {
					if fd.Message != rt(wr.Findings[k].Message) || fd.Location.File != rt(wr.Findings[k].Location.File) || fd.Location.StartLine != wr.Findings[k].Location.StartLine {
						t.Errorf("%s %s: finding %+v", h.Host, wr.ID, fd)
					}
				}
			}
		}
		if hostile {
			assertSafe(t, "checklist json", b.String(), false, nil)
		}
	}
}

// checklistTags are the elements the checklist page is made of.
const checklistTags = " html head meta title style body a header h1 h2 h3 p nav main section table caption thead tbody tfoot tr th td dl dt dd div span ul li code footer "

// checkChecklistPage checks what the checklist page must be: made only
// of its elements, every "<" one of them; no event handler, no link but
// to a section of the page, no script, no resource; the one style allowed
// by its hash in the Content-Security-Policy.
func checkChecklistPage(t *testing.T, out string) {
	t.Helper()
	if strings.Count(out, "<") != len(tagRE.FindAllString(out, -1))+strings.Count(out, "</")+1 { // +1: <!DOCTYPE
		t.Error("a < that is neither escaped nor one of our tags")
	}
	var csp string
	for _, m := range tagRE.FindAllStringSubmatch(out, -1) {
		tag := strings.ToLower(m[1])
		if !strings.Contains(checklistTags, " "+tag+" ") {
			t.Errorf("element <%s>", tag)
		}
		for _, a := range attrRE.FindAllStringSubmatch(m[2], -1) {
			name, val := strings.ToLower(a[1]), a[2]
			switch {
			case strings.HasPrefix(name, "on") || name == "style" || name == "src" || name == "action" || name == "data" || strings.Contains(name, ":"):
				t.Errorf("attribute %s on <%s>", name, tag)
			case name == "href" && !strings.HasPrefix(val, "#"):
				t.Errorf("link to %q", val)
			case name == "id" && !regexp.MustCompile(`^[a-z0-9-]+$`).MatchString(val):
				t.Errorf("id %q", val)
			case name == "http-equiv":
				csp = strings.NewReplacer("&#39;", "'", "&#43;", "+").Replace(attrRE.FindAllStringSubmatch(m[2], -1)[1][2])
			}
		}
	}
	if regexp.MustCompile(`(?i)https?://`).MatchString(strings.ReplaceAll(out, "http-equiv", "")) {
		t.Error("a URL in the page")
	}
	m := regexp.MustCompile(`(?s)<style>(.*?)</style>`).FindAllStringSubmatch(out, -1)
	if len(m) != 1 {
		t.Fatalf("%d <style> elements", len(m))
	}
	sum := sha256.Sum256([]byte(m[0][1]))
	if want := fmt.Sprintf("default-src 'none'; style-src 'sha256-%s'; ", base64.StdEncoding.EncodeToString(sum[:])); !strings.HasPrefix(csp, want) {
		t.Errorf("CSP %q, want %q…", csp, want)
	}
	if escape.Lines(checklistStyle) != checklistStyle {
		t.Error("escape.Lines changes the style, and with it its hash")
	}
}

func TestChecklistHTML(t *testing.T) {
	for _, hostile := range []bool{false, true} {
		cl := sampleChecklist(hostile)
		var b bytes.Buffer
		if err := ChecklistHTML(&b, cl); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		checkChecklistPage(t, out)
		// One row per control and host, its status's colour on it.
		if n := strings.Count(out, `<tr><th scope="row">V-`); n != len(cl.Hosts)*len(cl.Framework.Controls) {
			t.Errorf("%d control rows", n)
		}
		for _, want := range []string{`<td class="st-fail">fail</td>`, `<td class="st-not_applicable">not applicable</td>`,
			`<td class="st-pass">pass</td>`, `<td class="st-manual">manual</td>`, `<td class="st-not_checked">not checked</td>`} {
			if !strings.Contains(out, want) {
				t.Errorf("no %s", want)
			}
		}
		if hostile {
			if strings.Contains(out, "<script") || strings.Contains(out, "<!--x") || strings.Contains(out, "<![CDATA[") {
				t.Error("hostile markup in the page")
			}
			if !strings.Contains(out, `&lt;script&gt;alert(1)&lt;/script&gt;]]&gt;&lt;!--x--&gt;`) || !strings.Contains(out, `&amp;amp;&amp;lt;\x00`) {
				t.Error("the hostile text is not shown as text")
			}
			assertSafe(t, "checklist html", out, false, nil)
		}
	}
}

func TestChecklistHostileText(t *testing.T) {
	for _, colour := range []bool{false, true} {
		var b bytes.Buffer
		if err := ChecklistText(&b, sampleChecklist(true), colour); err != nil {
			t.Fatal(err)
		}
		assertSafe(t, "checklist text", b.String(), colour, nil)
		if !strings.Contains(b.String(), `<script>alert(1)</script>]]><!--x--><![CDATA[y]]>&amp;&lt;\x00\x01`) {
			t.Error("the hostile host name is not shown escaped")
		}
	}
}

// Hosts whose names printed alike before backslashes were doubled are
// told apart in every checklist format: the table's headings, the page's
// host headings and each .ckl's HOST_NAME are the escaped names, all
// distinct.
func TestChecklistHostIdentity(t *testing.T) {
	names := []string{`web\n`, "web\n", `\u202e`, "\u202e", `\::x`, "::x", `##\[x`, "##[x", `a\\`, `a\`}
	cl := &compliance.Checklist{Framework: checklistTestFramework(), Flake: "."}
	for _, n := range names {
		cl.Hosts = append(cl.Hosts, compliance.Host{Name: n})
	}
	distinct := func(what string, shown []string) {
		t.Helper()
		if len(shown) != len(names) {
			t.Fatalf("%s: %d hosts shown, want %d: %q", what, len(shown), len(names), shown)
		}
		seen := map[string]bool{}
		for i, s := range shown {
			if s != escape.Line(names[i]) {
				t.Errorf("%s: host %q shown as %q, want %q", what, names[i], s, escape.Line(names[i]))
			}
			if seen[s] {
				t.Errorf("%s: two hosts shown as %q", what, s)
			}
			seen[s] = true
		}
	}
	var txt, page bytes.Buffer
	if err := ChecklistText(&txt, cl, false); err != nil {
		t.Fatal(err)
	}
	var shown []string
	for _, m := range regexp.MustCompile(`(?m)^=== (.*) \(\d+ controls\)$`).FindAllStringSubmatch(txt.String(), -1) {
		shown = append(shown, m[1])
	}
	distinct("table", shown)
	if err := ChecklistHTML(&page, cl); err != nil {
		t.Fatal(err)
	}
	shown = nil
	for _, m := range regexp.MustCompile(`<h3 id="host-\d+-h">([^<]*)</h3>`).FindAllStringSubmatch(page.String(), -1) {
		shown = append(shown, html.UnescapeString(m[1]))
	}
	distinct("html", shown)
	shown = nil
	for i := range cl.Hosts {
		shown = append(shown, parseCKL(t, cklOfHost(t, cl, i)).Asset.HostName)
	}
	distinct("ckl", shown)
}

// Each status's colours meet WCAG AA contrast for normal text (4.5:1),
// and the style has them.
func TestChecklistContrast(t *testing.T) {
	lum := func(hex string) float64 {
		var c [3]float64
		for i := range c {
			var v uint8
			if _, err := fmt.Sscanf(hex[1+2*i:3+2*i], "%02x", &v); err != nil {
				t.Fatal(err)
			}
			s := float64(v) / 255
			if s <= 0.03928 {
				c[i] = s / 12.92
			} else {
				c[i] = math.Pow((s+0.055)/1.055, 2.4)
			}
		}
		return 0.2126*c[0] + 0.7152*c[1] + 0.0722*c[2]
	}
	if len(checklistPalette) != len(compliance.Statuses) {
		t.Errorf("%d colours for %d statuses", len(checklistPalette), len(compliance.Statuses))
	}
	for _, p := range checklistPalette {
		la, lb := lum(p.bg), lum(p.fg)
		if r := (max(la, lb) + 0.05) / (min(la, lb) + 0.05); r < 4.5 {
			t.Errorf("%s: contrast %.2f:1", p.status, r)
		}
		if !strings.Contains(checklistStyle, fmt.Sprintf(".st-%s{background:%s;color:%s}", p.status, p.bg, p.fg)) {
			t.Errorf("the style has no rule for %s", p.status)
		}
	}
}

// End to end with compliance.Evaluate and the built-in STIG: one VULN
// per control, statuses as the results say, and a failing control's
// findings in FINDING_DETAILS once each (compliance's detail is those
// lines, which the checklist does not repeat).
func TestChecklistCKLEvaluated(t *testing.T) {
	fw, err := compliance.Get("stig")
	if err != nil {
		t.Fatal(err)
	}
	var target *compliance.Control
	rep := &report.Report{Flake: "./examples/stig", Hosts: []string{"good", "bad" + xmlHostile}}
	ran := map[string]bool{}
	for i := range fw.Controls {
		c := &fw.Controls[i]
		if target == nil && c.Verdict == compliance.Config && len(c.Rules) > 0 {
			target = c
		}
		for _, r := range c.Rules {
			if !ran[r] {
				ran[r] = true
				rep.Rules = append(rep.Rules, &rule.Meta{ID: r})
			}
		}
	}
	if target == nil {
		t.Skip("no control the configuration decides has a rule yet")
	}
	loc := func(line int) report.Location {
		return report.Location{File: "hosts/bad.nix", StartLine: line, StartCol: 1}
	}
	rep.Findings = []report.Finding{
		{RuleID: target.Rules[0], Host: rep.Hosts[1], Path: "a.b", Message: "first" + xmlHostile, Location: loc(3), Severity: rule.High},
		{RuleID: target.Rules[0], Host: rep.Hosts[1], Path: "a.c", Message: "second\nhosts/fake.nix:1: FAKE001 x: y", Location: loc(9), Severity: rule.High},
	}
	cl := compliance.Evaluate(fw, rep)
	if len(cl.Hosts) != 2 {
		t.Fatalf("%d hosts", len(cl.Hosts))
	}
	for i := range cl.Hosts {
		h := &cl.Hosts[i]
		out := cklOfHost(t, cl, i)
		xmllint(t, out)
		vulns := parseCKL(t, out).STIGs.ISTIG[0].Vulns
		if len(vulns) != len(fw.Controls) {
			t.Fatalf("%s: %d VULN, want %d", h.Name, len(vulns), len(fw.Controls))
		}
		for j, v := range vulns {
			r := h.Results[j]
			if v.Data[0].Data != fw.Controls[j].ID || v.Status != r.Status.CKLStatus() {
				t.Errorf("%s: VULN %d is %s %s, want %s %s", h.Name, j, v.Data[0].Data, v.Status, fw.Controls[j].ID, r.Status.CKLStatus())
			}
			if r.ID != target.ID {
				continue
			}
			wantStatus := "NotAFinding"
			if i == 0 { // "bad…" sorts first
				wantStatus = "Open"
				want := cklLine(compliance.FindingLine(rep.Findings[0])) + "\n" + cklLine(compliance.FindingLine(rep.Findings[1]))
				if v.FindingDetails != want {
					t.Errorf("FINDING_DETAILS\n%q, want\n%q", v.FindingDetails, want)
				}
			}
			if v.Status != wantStatus {
				t.Errorf("%s: %s is %s, want %s", h.Name, target.ID, v.Status, wantStatus)
			}
		}
	}
}
