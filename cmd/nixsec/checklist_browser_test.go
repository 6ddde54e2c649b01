package main

// The STIG checklist's HTML page in a real browser, for a flake whose host
// names, a finding's message and a suppression's reason are hostile
// (markup, the end of the style element, quotes, bidi controls, a
// javascript: URL, look-alike names, a name longer than a file name may
// be): headless Chromium renders what `report --format html` wrote, and
// the DOM must show every host as its escaped name, each with the 103
// controls and the statuses of `report --format json`, with nothing run.
// The same flake's `--format ckl` and table outputs are checked for the
// host identities too. Selected as html_test.go's browser test is: slow
// (nix evaluates the flake), and chromium is required only under
// NIXSEC_REQUIRE_CHROMIUM=1; the screenshot and the page go to
// NIXSEC_ARTIFACTS.

import (
	"encoding/xml"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/nixsec/nixsec/compliance"
	"github.com/nixsec/nixsec/format"
	"github.com/nixsec/nixsec/format/escape"
	"github.com/nixsec/nixsec/internal/testenv"
)

// The hostile hosts. Each would run a script, or restyle the page, if it
// reached the page as markup; hostBackslash and hostNewline looked the
// same in every text output before backslashes were doubled.
var (
	hostScript    = `<script>document.body.setAttribute("data-pwned","host")</script>`
	hostStyle     = `web</style><style>body{display:none}</style>"'&amp;`
	hostBackslash = `web\n`
	hostNewline   = "web\n"
	hostLink      = "\u202eevil\u2066 javascript:document.body.setAttribute('data-pwned','link')"
	hostLong      = strings.Repeat("long-host-", 30) + "é" // past a file name's 255 bytes once encoded
)

// hostileReason is the reason of a nixsec:ignore comment: a suppressed
// finding still fails its control, and the page shows the reason.
const hostileReason = `<img src=x onerror="document.body.setAttribute('data-pwned','reason')"></style> "quoted" ` + "\u202e" + `end`

// nixString is s as a Nix string literal.
func nixString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "${", `\${`, "\n", `\n`, "\r", `\r`, "\t", `\t`)
	return `"` + r.Replace(s) + `"`
}

// hostileChecklistFlake writes the flake into the workspace ws and commits
// it. Hosts are the STIG example's compliant and failing ones; the first
// also logs a user named with markup in automatically (STIG172), with a
// nixsec:ignore comment whose reason is markup.
func hostileChecklistFlake(t *testing.T, ws string) string {
	t.Helper()
	dir := filepath.Join(ws, "hostile-checklist")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	compliant := "nixos.nixosSystem { modules = [ lanzaboote.nixosModules.lanzaboote ../examples/stig/hosts/compliant ]; }"
	failing := "nixos.nixosSystem { modules = [ ../examples/stig/hosts/failing.nix ]; }"
	flake := "{\n  outputs = { self }:\n    let\n      nixos = import ../examples/lib/nixos-system.nix;\n" +
		"      lanzaboote = import ../examples/lib/lanzaboote.nix;\n    in {\n      nixosConfigurations = {\n" +
		"        " + nixString(hostScript) + " = nixos.nixosSystem { modules = [ lanzaboote.nixosModules.lanzaboote ../examples/stig/hosts/compliant ./hostile.nix ]; };\n" +
		"        " + nixString(hostStyle) + " = " + failing + ";\n" +
		"        " + nixString(hostBackslash) + " = " + compliant + ";\n" +
		"        " + nixString(hostNewline) + " = " + failing + ";\n" +
		"        " + nixString(hostLink) + " = " + compliant + ";\n" +
		"        " + nixString(hostLong) + " = " + failing + ";\n" +
		"      };\n    };\n}\n"
	hostile := "{ ... }:\n{\n  # nixsec:ignore STIG172 -- " + hostileReason + "\n" +
		"  services.getty.autologinUser = " + nixString(`<img src=x onerror="document.body.setAttribute('data-pwned','message')">`+"\u202e") + ";\n}\n"
	for name, content := range map[string]string{"flake.nix": flake, "hostile.nix": hostile} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if out, err := gitCmd(ws, "add", "-A").CombinedOutput(); err != nil {
		t.Fatalf("git add: %v\n%s", err, out)
	}
	commit(t, ws)
	return dir
}

// checklistJSON is the part of `report --format json` the test compares
// the page with.
type checklistJSON struct {
	Hosts []struct {
		Host    string `json:"host"`
		Results []struct {
			Control  string `json:"control"`
			Status   string `json:"status"`
			Findings []struct {
				Rule       string `json:"rule"`
				Suppressed *struct {
					Reason string `json:"reason"`
				} `json:"suppressed"`
			} `json:"findings"`
		} `json:"results"`
	} `json:"hosts"`
}

var (
	domHostSectionRE = regexp.MustCompile(`(?s)<section class="group" id="host-\d+" aria-labelledby="host-\d+-h">\s*<h3 id="host-\d+-h">(.*?)</h3>(.*?)</section>`)
	domControlRowRE  = regexp.MustCompile(`<tr><th scope="row">([^<]*)</th><td>[^<]*</td><td class="st-([a-z_]+)">`)
	domMatrixRowRE   = regexp.MustCompile(`<tr><th scope="row"><a href="#host-\d+">(.*?)</a></th>`)
	domBodyRE        = regexp.MustCompile(`<body[^>]*>`)
	domHrefRE        = regexp.MustCompile(`href="([^"]*)"`)
	cspMetaRE        = regexp.MustCompile(`<meta http-equiv="Content-Security-Policy"[^>]*>`)
)

func TestChecklistHTMLInBrowser(t *testing.T) {
	testenv.Slow(t)
	testenv.RequireNix(t)
	bin := chromiumPath(t)
	start := time.Now()
	ws := workspace(t)
	flake := hostileChecklistFlake(t, ws)
	hosts := []string{hostScript, hostStyle, hostBackslash, hostNewline, hostLink, hostLong}
	reportArgs := func(args ...string) []string {
		return append(append([]string{"report", "--framework", "stig"}, args...), flake)
	}
	reportRun := func(args ...string) result {
		t.Helper()
		r := nixsec(t, reportArgs(args...)...)
		if r.code != 1 {
			t.Fatalf("report %v: exit %d, want 1 (failing hosts)\n%s", args, r.code, r.stderr)
		}
		return r
	}

	var want checklistJSON
	if err := jsonUnmarshal(reportRun("--format", "json").stdout, &want); err != nil {
		t.Fatal(err)
	}
	if len(want.Hosts) != len(hosts) {
		t.Fatalf("%d hosts in the JSON checklist, want %d", len(want.Hosts), len(hosts))
	}
	suppressed := false
	for _, h := range want.Hosts {
		if !contains(hosts, h.Host) {
			t.Errorf("JSON host %q is none of the flake's", h.Host)
		}
		if len(h.Results) != 103 {
			t.Errorf("%q: %d results, want 103", h.Host, len(h.Results))
		}
		for _, r := range h.Results {
			for _, f := range r.Findings {
				if h.Host == hostScript && f.Rule == "STIG172" && f.Suppressed != nil && r.Status == "fail" {
					suppressed = true
				}
			}
		}
	}
	if !suppressed {
		t.Errorf("the suppressed STIG172 finding does not fail V-268172 on %q", hostScript)
	}

	page := filepath.Join(t.TempDir(), "checklist.html")
	reportRun("--format", "html", "--output", page)
	evaluated := time.Since(start)
	// The checklists and the table are written while chromium renders
	// (two cores: nix and chromium overlap), and checked at the end.
	cklDir := filepath.Join(t.TempDir(), "ckl")
	var ckl, table result
	done := make(chan struct{})
	t.Cleanup(func() { <-done }) // before cklDir is removed
	go func() {
		defer close(done)
		ckl = nixsec(t, reportArgs("--format", "ckl", "--output", cklDir)...)
		table = nixsec(t, reportArgs("--format", "table", "--no-color")...)
	}()
	dom, console := chromium(t, bin, page, "--dump-dom")
	checkChecklistDOM(t, dom, want)
	// The page has no script and its style is allowed by hash: a CSP
	// message would mean the page broke its policy, or markup from the
	// flake tried to run.
	if strings.Contains(console, "Content Security Policy") {
		t.Errorf("CSP messages:\n%s", consoleLines(console))
	}

	// Escaping alone keeps the flake's markup text: without the CSP, nothing
	// runs either.
	b, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	if !cspMetaRE.Match(b) {
		t.Fatal("the page has no Content-Security-Policy meta element")
	}
	noCSP := filepath.Join(t.TempDir(), "no-csp.html")
	if err := os.WriteFile(noCSP, cspMetaRE.ReplaceAll(b, nil), 0o644); err != nil {
		t.Fatal(err)
	}
	noCSPDOM, _ := chromium(t, bin, noCSP, "--dump-dom")
	checkChecklistDOM(t, noCSPDOM, want)

	// The page beside its screenshot, for a reviewer to open.
	artifacts := artifactDir(t)
	if err := os.WriteFile(filepath.Join(artifacts, "checklist-hostile.html"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	shot := filepath.Join(artifacts, "checklist-hostile.png")
	chromium(t, bin, page, "--screenshot="+shot, "--window-size=1400,2000", "--hide-scrollbars")
	if st, err := os.Stat(shot); err != nil || st.Size() == 0 {
		t.Errorf("no screenshot at %s: %v", shot, err)
	}

	<-done
	for _, r := range []result{ckl, table} {
		if r.code != 1 {
			t.Fatalf("report: exit %d, want 1 (failing hosts)\n%s", r.code, r.stderr)
		}
	}
	checkChecklistFiles(t, cklDir, hosts)
	checkChecklistTable(t, table.stdout, hosts)
	t.Logf("%d hosts: evaluated and written in %s, all done in %s; screenshot %s",
		len(hosts), evaluated.Round(time.Millisecond), time.Since(start).Round(time.Millisecond), shot)
}

// checkChecklistDOM checks the page as the browser rendered it against the
// JSON checklist: nothing ran, nothing but the page's own anchors is a
// link, and each host is shown by its escaped name with its controls'
// statuses.
func checkChecklistDOM(t *testing.T, dom string, want checklistJSON) {
	t.Helper()
	if body := domBodyRE.FindString(dom); body == "" || strings.Contains(body, "data-pwned") {
		t.Errorf("a script ran, or no body: %q", body)
	}
	for _, tag := range []string{"<script", "<img", "<iframe", "<object"} {
		if strings.Contains(dom, tag) {
			t.Errorf("the DOM has a %s> element", tag)
		}
	}
	if n := strings.Count(dom, "<style"); n != 1 {
		t.Errorf("%d style elements, want the page's one", n)
	}
	for _, m := range domHrefRE.FindAllStringSubmatch(dom, -1) {
		if !strings.HasPrefix(m[1], "#") {
			t.Errorf("a link out of the page: href=%q", m[1])
		}
	}

	var matrix []string
	for _, m := range domMatrixRowRE.FindAllStringSubmatch(dom, -1) {
		matrix = append(matrix, html.UnescapeString(m[1]))
	}
	sections := domHostSectionRE.FindAllStringSubmatch(dom, -1)
	if len(sections) != len(want.Hosts) || len(matrix) != len(want.Hosts) {
		t.Fatalf("%d host sections and %d summary rows, want %d", len(sections), len(matrix), len(want.Hosts))
	}
	shown := map[string]bool{}
	for i, h := range want.Hosts {
		name := escape.Line(h.Host)
		got := html.UnescapeString(sections[i][1])
		if got != name || matrix[i] != name {
			t.Errorf("host %d %q is shown as %q (summary %q), want %q", i+1, h.Host, got, matrix[i], name)
		}
		if shown[got] {
			t.Errorf("two hosts are shown as %q", got)
		}
		shown[got] = true
		rows := domControlRowRE.FindAllStringSubmatch(sections[i][2], -1)
		if len(rows) != 103 || len(h.Results) != 103 {
			t.Errorf("%q: %d control rows, %d results, want 103", name, len(rows), len(h.Results))
			continue
		}
		for j, r := range h.Results {
			if rows[j][1] != r.Control || rows[j][2] != r.Status {
				t.Errorf("%q row %d: %s %s, want %s %s", name, j+1, rows[j][1], rows[j][2], r.Control, r.Status)
			}
		}
		if h.Host == hostScript && !strings.Contains(html.UnescapeString(sections[i][2]), "(suppressed: "+escape.Line(hostileReason)+")") {
			t.Errorf("%q: the suppression's reason is not shown as text", name)
		}
	}
}

// checkChecklistFiles checks the checklists written into dir: one per
// host, under a plain name of bounded length (the long host's cut, with
// its digest), each naming its host as escaped, the look-alike hosts
// apart.
func checkChecklistFiles(t *testing.T, dir string, hosts []string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(hosts) {
		t.Errorf("%d checklists, want %d", len(entries), len(hosts))
	}
	for _, h := range hosts {
		name := format.ChecklistFileName(h)
		if len(name) > format.ChecklistNameLimit+len(".ckl") {
			t.Errorf("%q: file name of %d bytes", h, len(name))
		}
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Errorf("%q: %v", h, err)
			continue
		}
		var ckl cklFile
		if err := xml.Unmarshal(b, &ckl); err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if ckl.Asset.HostName != escape.Line(h) || len(ckl.STIGs) != 1 || len(ckl.STIGs[0].Vulns) != 103 {
			t.Errorf("%s: HOST_NAME %q, want %q; %d iSTIG", name, ckl.Asset.HostName, escape.Line(h), len(ckl.STIGs))
		}
	}
	if format.ChecklistFileName(hostLong) == format.ChecklistFileName(hostLong+"x") {
		t.Error("the long host's file name does not depend on its end")
	}
}

// checkChecklistTable finds each host's heading in the table, once.
func checkChecklistTable(t *testing.T, out string, hosts []string) {
	t.Helper()
	for _, h := range hosts {
		heading := "=== " + escape.Line(h) + " (103 controls)\n"
		if n := strings.Count(out, heading); n != 1 {
			t.Errorf("table: %d headings %q", n, heading)
		}
	}
}

// A host name longer than a file name may be does not cost the other
// hosts their checklists: every host gets one, under a bounded name, and
// names that differ only in case after the cut still differ. Two short
// names that differ only in case are still refused, before anything is
// written.
func TestWriteChecklistsLongHostNames(t *testing.T) {
	fw, err := compliance.Get("stig")
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("h", 300)
	cl := &compliance.Checklist{Framework: fw, Flake: ".", Hosts: []compliance.Host{{Name: "web"}, {Name: long + "a"}, {Name: long + "A"}, {Name: strings.Repeat("/", 255)}}}
	dir := filepath.Join(t.TempDir(), "out")
	if err := writeChecklists(cl, dir); err != nil {
		t.Fatalf("writeChecklists: %v", err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(cl.Hosts) {
		t.Errorf("%d files, want %d", len(entries), len(cl.Hosts))
	}
	for _, h := range cl.Hosts {
		name := format.ChecklistFileName(h.Name)
		if len(name) > format.ChecklistNameLimit+len(".ckl") {
			t.Errorf("%.20q…: %d bytes", h.Name, len(name))
		}
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Errorf("%.20q…: %v", h.Name, err)
			continue
		}
		var ckl cklFile
		if err := xml.Unmarshal(b, &ckl); err != nil || ckl.Asset.HostName != h.Name {
			t.Errorf("%s: HOST_NAME %.20q…, %v", name, ckl.Asset.HostName, err)
		}
	}

	clash := &compliance.Checklist{Framework: fw, Hosts: []compliance.Host{{Name: "db"}, {Name: "Web"}, {Name: "web"}}}
	dir = filepath.Join(t.TempDir(), "clash")
	if err := writeChecklists(clash, dir); err == nil || !strings.Contains(err.Error(), "would both be written to") {
		t.Errorf("Web and web: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("written before the refusal: %v", entries)
	}
}
