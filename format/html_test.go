package format

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/nixsec/nixsec/format/escape"
	"github.com/nixsec/nixsec/report"
	"github.com/nixsec/nixsec/rule"
)

func htmlOf(t *testing.T, r *report.Report) string {
	t.Helper()
	var b bytes.Buffer
	if err := HTML(&b, r, "test"); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestHTMLGolden(t *testing.T) {
	out := htmlOf(t, sampleReport())
	golden(t, "html-report.html", []byte(out))
	if again := htmlOf(t, sampleReport()); again != out {
		t.Error("two renderings of one report differ")
	}
	checkHTMLPage(t, out, "\x00")
}

// The doc links are there for the rules nixsec ships, and only for them.
func TestHTMLDocLinks(t *testing.T) {
	r := sampleReport()
	r.Rules = []*rule.Meta{
		{ID: "SSH001", Title: "SSH allows password authentication", Severity: rule.High, Package: "ssh.ssh001", Builtin: true},
		{ID: "FW001", Title: "Firewall disabled", Severity: rule.Critical, Package: "firewall.fw001", Builtin: true},
		{ID: "AUD001", Title: "auditd off", Severity: rule.Medium, Package: "acme.aud001", File: "policies/acme.rego"},
	}
	out := htmlOf(t, r)
	checkHTMLPage(t, out, "\x00")
	for _, want := range []string{
		`<a href="` + DocsBase + `SSH001.md">SSH001</a>`, `<a href="` + DocsBase + `FW001.md">FW001</a>`,
		`<th scope="col">ssh</th>`, `<th scope="col">firewall</th>`, `<th scope="col">acme</th>`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %s", want)
		}
	}
	if strings.Contains(out, "AUD001.md") {
		t.Error("a link to the docs of a user policy, which nixsec does not publish")
	}
}

// htmlHostile is what a flake can put in its strings, aimed at a browser.
var htmlHostile = []string{
	`<script>alert(1)</script>`,
	`"><img src=x onerror=alert(1)>`,
	`'><svg onload=alert(1)>`,
	`javascript:alert(1)`,
	"\u202egnp.exe",
	`</style><link rel=stylesheet href=https://evil.example/x.css>`,
	`<a href="https://evil.example/">x</a>`,
	`&lt;script&gt;`,
}

// hostileHTMLReport has the hostile strings in every string from the
// flake or its configuration, a builtin rule's included (its id goes in a
// link).
func hostileHTMLReport() *report.Report {
	h := strings.Join(htmlHostile, " ")
	host := "web" + h
	meta := &rule.Meta{ID: "SSH001" + h, Title: "t" + h, Severity: rule.High, Package: "ssh" + h + ".x", Builtin: true, Remediation: h}
	loc := report.Location{File: "javascript:alert(1)//" + h + ".nix", StartLine: 2, StartCol: 3, EndLine: 2, EndCol: 9, Via: "definition",
		Snippet: "\t" + h + " = true;", Note: "note" + h}
	r := &report.Report{
		Flake: "./flake" + h, Hosts: []string{host, "db" + h}, FailOn: rule.Low, Rules: []*rule.Meta{meta},
		Findings: []report.Finding{
			{RuleID: meta.ID, Severity: rule.High, Title: meta.Title, Host: host, Path: "services.\"" + h + "\".enable", Message: "m" + h,
				Location: loc, Fix: &rule.Fix{Path: "p" + h, Value: h},
				Definitions: []report.Definition{{Location: loc, Status: "overridden", Source: h, Priority: 1000}}},
			{RuleID: "X" + h, Severity: rule.Low, Title: "x" + h, Host: "", Path: "x", Message: "m", Location: loc},
			{RuleID: meta.ID, Severity: rule.High, Host: "db" + h, Path: "x", Message: "m", Location: loc,
				Suppressed: &report.Suppressed{Kind: "inSource", Reason: "because" + h}},
			{RuleID: meta.ID, Severity: rule.High, Host: "db" + h, Path: "y", Message: "m" + h, Location: loc, Baselined: true},
		},
		Errors: []report.HostError{{Host: "db" + h, Path: "a" + h, Rules: []string{"R" + h}, Message: "error:" + h + "\n" + h}},
		Gate: &report.Gate{ConfigFile: ".nixsec" + h + ".toml", Policies: []string{"policies" + h},
			Suppressions: []report.SuppressionEntry{{Rules: []string{meta.ID}, File: "f" + h, Line: 3, Reason: "because" + h, Hosts: []string{host}}}},
	}
	return r
}

func TestHTMLHostile(t *testing.T) {
	out := htmlOf(t, hostileHTMLReport())
	checkHTMLPage(t, out, "https://evil.example/")
	for _, s := range htmlHostile {
		if strings.ContainsAny(s, `<>"'`) && strings.Contains(out, s) {
			t.Errorf("%q is in the page unescaped", s)
		}
	}
	// An entity in the flake's text stays text; a javascript: file name
	// is text, never a link (checkHTMLPage checks every href).
	for _, want := range []string{`&amp;lt;script&amp;gt;`, `<code>javascript:alert(1)//`} {
		if !strings.Contains(out, want) {
			t.Errorf("no %s", want)
		}
	}
	if strings.ContainsRune(out, '\u202e') || !strings.Contains(out, `\u202egnp.exe`) {
		t.Error("U+202E is not shown as \\u202e")
	}
	if !strings.Contains(out, `&lt;script&gt;alert(1)&lt;/script&gt;`) {
		t.Error("the hostile markup is not shown as text")
	}
	if n := strings.Count(out, "<script"); n != 1 {
		t.Errorf("%d script elements, want our one", n)
	}
	// The CI-log contract of the other formats holds too.
	assertSafe(t, "html", htmlOf(t, hostileReport()), false, nil)
}

var (
	tagRE  = regexp.MustCompile(`<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s=>]+(?:="[^"]*")?)*)\s*/?>`)
	attrRE = regexp.MustCompile(`\s+([^\s=>]+)(?:="([^"]*)")?`)
	// htmlTags are the elements the page is made of.
	htmlTags = " html head meta title style body a header h1 h2 h3 h4 p nav main section ul li strong code pre table caption thead tbody tfoot tr th td dl dt dd div label select option output article span mark footer script "
)

// checkHTMLPage checks what every page must be: made only of our
// elements, with no event handler attribute and no link other than to a
// section of the page or a rule's doc; no style or script other than the
// inline ones, whose hashes the Content-Security-Policy allows; no
// reference to anything outside the page. textURL starts the URLs the
// report's own strings hold ("" for none).
func checkHTMLPage(t *testing.T, out, textURL string) {
	t.Helper()
	if strings.Count(out, "<") != len(tagRE.FindAllString(out, -1))+strings.Count(out, "</")+1 { // +1: <!DOCTYPE
		t.Error("a < that is neither escaped nor one of our tags")
	}
	var csp string
	for _, m := range tagRE.FindAllStringSubmatch(out, -1) {
		tag := strings.ToLower(m[1])
		if !strings.Contains(htmlTags, " "+tag+" ") {
			t.Errorf("element <%s>", tag)
		}
		for _, a := range attrRE.FindAllStringSubmatch(m[2], -1) {
			name, val := strings.ToLower(a[1]), a[2]
			switch {
			case strings.HasPrefix(name, "on") || name == "style" || name == "src" || name == "srcset" || name == "action" ||
				name == "formaction" || name == "background" || name == "poster" || name == "data" || strings.Contains(name, ":"):
				t.Errorf("attribute %s on <%s>", name, tag)
			case name == "href":
				if !strings.HasPrefix(val, "#") && !strings.HasPrefix(val, DocsBase) {
					t.Errorf("link to %q", val)
				}
			case name == "http-equiv":
				if val != "Content-Security-Policy" {
					t.Errorf("http-equiv %q", val)
				}
				csp = strings.ReplaceAll(attrRE.FindAllStringSubmatch(m[2], -1)[1][2], "&#39;", "'")
				csp = strings.ReplaceAll(csp, "&#43;", "+")
			}
		}
	}
	if strings.Contains(htmlPageStyle, "url(") || strings.Contains(htmlPageStyle, "@import") {
		t.Error("the style loads something")
	}
	// Any other URL is the flake's text, shown as text.
	for _, u := range regexp.MustCompile(`(?i)https?://[^\s"'<>]*`).FindAllString(out, -1) {
		if !strings.HasPrefix(u, DocsBase) && !strings.HasPrefix(u, textURL) {
			t.Errorf("URL %q", u)
		}
	}
	// The only resources are the inline style and script, allowed by hash.
	if !strings.HasPrefix(csp, "default-src 'none'; ") {
		t.Errorf("CSP %q", csp)
	}
	for _, el := range []string{"style", "script"} {
		m := regexp.MustCompile(`(?s)<`+el+`>(.*?)</`+el+`>`).FindAllStringSubmatch(out, -1)
		if len(m) != 1 {
			t.Fatalf("%d <%s> elements, want 1", len(m), el)
		}
		sum := sha256.Sum256([]byte(m[0][1]))
		want := fmt.Sprintf("%s-src 'sha256-%s'", el, base64.StdEncoding.EncodeToString(sum[:]))
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q does not allow the page's %s (%s)", csp, el, want)
		}
	}
}

// The page's own style and script pass escape.Lines unchanged: else the
// hashes would not match what the browser reads.
func TestHTMLInlineUnchangedByLines(t *testing.T) {
	for name, s := range map[string]string{"style": htmlPageStyle, "script": htmlScript} {
		if escape.Lines(s) != s {
			t.Errorf("escape.Lines changes the %s", name)
		}
	}
}

// Each severity's colours meet WCAG AA contrast for normal text (4.5:1).
func TestHTMLContrast(t *testing.T) {
	lum := func(hex string) float64 {
		var c [3]float64
		for i := range c {
			v, err := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
			if err != nil {
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
	ratio := func(a, b string) float64 {
		la, lb := lum(a), lum(b)
		return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
	}
	for _, p := range htmlPalette {
		if r := ratio(p.bg, p.fg); r < 4.5 {
			t.Errorf("%s: contrast %.2f:1, want 4.5:1", p.name, r)
		}
	}
	// The page's text, links, quiet text and the marked region.
	for _, c := range [][2]string{{"#ffffff", "#1a1a1a"}, {"#ffffff", "#0b57d0"}, {"#ffffff", "#4b5563"}, {"#f5f6f8", "#4b5563"},
		{"#f5f6f8", "#1a1a1a"}, {"#fcd34d", "#1a1a1a"}} {
		if r := ratio(c[0], c[1]); r < 4.5 {
			t.Errorf("%s on %s: contrast %.2f:1", c[1], c[0], r)
		}
	}
	for _, p := range htmlPalette {
		if !strings.Contains(htmlPageStyle, fmt.Sprintf(".s-%s{background:%s;color:%s}", p.name, p.bg, p.fg)) {
			t.Errorf("the style has no rule for %s", p.name)
		}
	}
}

// fleetReport is n hosts with k findings each, over 15 rule families.
func fleetReport(n, k int) *report.Report {
	r := &report.Report{Flake: "./fleet", FailOn: rule.Low}
	for i := range 15 {
		fam := fmt.Sprintf("fam%02d", i)
		r.Rules = append(r.Rules, &rule.Meta{ID: fmt.Sprintf("F%02d001", i), Title: "rule of " + fam, Package: fam + ".x",
			Severity: rule.Severity(i % 5), Builtin: true})
	}
	for h := range n {
		host := fmt.Sprintf("host%03d", h)
		r.Hosts = append(r.Hosts, host)
		for j := range k {
			m := r.Rules[j%len(r.Rules)]
			r.Findings = append(r.Findings, report.Finding{RuleID: m.ID, Title: m.Title, Severity: m.Severity, Host: host,
				Path: "services.openssh.settings.PasswordAuthentication", Message: "PasswordAuthentication is true",
				Location: report.Location{File: "hosts/" + host + ".nix", StartLine: j + 1, StartCol: 5, EndLine: j + 1, EndCol: 20,
					Snippet: "    services.openssh.settings.PasswordAuthentication = true;"},
				Fix: &rule.Fix{Path: "services.openssh.settings.PasswordAuthentication", Value: false}})
		}
	}
	r.Sort()
	return r
}

// A 100-host fleet's page stays small and grows linearly.
func TestHTMLFleetSize(t *testing.T) {
	small, big := len(htmlOf(t, fleetReport(100, 15))), len(htmlOf(t, fleetReport(200, 15)))
	t.Logf("100 hosts x 15 findings: %d bytes; 200 hosts: %d bytes", small, big)
	if small > 2<<20 {
		t.Errorf("100 hosts x 15 findings: %d bytes", small)
	}
	if float64(big) > 2.1*float64(small) {
		t.Errorf("page grows faster than the fleet: %d bytes for 100 hosts, %d for 200", small, big)
	}
}

func BenchmarkHTMLFleet(b *testing.B) {
	r := fleetReport(100, 15)
	b.ReportAllocs()
	for b.Loop() {
		var buf bytes.Buffer
		if err := HTML(&buf, r, "test"); err != nil {
			b.Fatal(err)
		}
		b.SetBytes(int64(buf.Len()))
	}
}
