package main

// The HTML report in a real browser: headless Chromium loads the page
// from a file, runs its script under its Content-Security-Policy, and
// dumps the DOM it rendered, which must say what the JSON report says.
// A slow test (nix evaluates the flakes); without chromium it skips,
// unless NIXSEC_REQUIRE_CHROMIUM=1, where a missing chromium fails it.
// NIXSEC_ARTIFACTS names a directory for the screenshots (CI keeps it).

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nixsec/nixsec/internal/testenv"
)

// chromiumPath finds chromium: a skip when it is missing, or a failure
// under NIXSEC_REQUIRE_CHROMIUM=1.
func chromiumPath(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("NIXSEC_REQUIRE_CHROMIUM") == "1" {
			t.Fatalf("chromium is required (NIXSEC_REQUIRE_CHROMIUM=1): %v", err)
		}
		t.Skip("chromium is not on PATH (set NIXSEC_REQUIRE_CHROMIUM=1 to make this a failure)")
	}
	return p
}

// chromium runs headless chromium on the page with extra arguments and
// returns its stdout and stderr (where the console's messages go).
func chromium(t *testing.T, bin, page string, args ...string) (stdout, stderr string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	argv := append([]string{"--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
		"--no-first-run", "--user-data-dir=" + t.TempDir(), "--enable-logging=stderr", "--v=0"}, args...)
	argv = append(argv, (&url.URL{Scheme: "file", Path: page}).String())
	cmd := exec.CommandContext(ctx, bin, argv...)
	var out, errb strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %v: %v\n%s", args, err, errb.String())
	}
	return out.String(), errb.String()
}

// artifactDir is where screenshots go: NIXSEC_ARTIFACTS, or a temporary
// directory.
func artifactDir(t *testing.T) string {
	t.Helper()
	d := os.Getenv("NIXSEC_ARTIFACTS")
	if d == "" {
		return t.TempDir()
	}
	if err := os.MkdirAll(d, 0o755); err != nil {
		t.Fatal(err)
	}
	return d
}

// htmlJSONReport is what the browser test compares the page with.
type htmlJSONReport struct {
	Hosts    []string `json:"hosts"`
	Findings []struct {
		Host       string    `json:"host"`
		Severity   string    `json:"severity"`
		Suppressed *struct{} `json:"suppressed"`
		Baselined  bool      `json:"baselined"`
	} `json:"findings"`
	Summary struct {
		Findings   int            `json:"findings"`
		BySeverity map[string]int `json:"bySeverity"`
		Errors     int            `json:"errors"`
		ExitCode   int            `json:"exitCode"`
	} `json:"summary"`
}

var (
	domCountRE  = regexp.MustCompile(`<td id="count-([a-z]+)">(\d+)</td>`)
	domRowRE    = regexp.MustCompile(`<tr data-host="h\d+"><th scope="row">(?:<a href="#host-\d+">)?([^<]*)`)
	domShownRE  = regexp.MustCompile(`<output id="shown"[^>]*>(\d+) of (\d+) findings shown</output>`)
	domErrorsRE = regexp.MustCompile(`<dd id="errors-count">(\d+)</dd>`)
)

func TestHTMLReportInBrowser(t *testing.T) {
	testenv.Slow(t)
	testenv.RequireNix(t)
	bin := chromiumPath(t)
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	ws := workspace(t)
	for _, c := range []struct{ name, flake string }{
		{"multi-host", filepath.Join(ws, "examples/multi-host")},
		{"fleet100", smallFleet(t, 100)},
		{"long-names", longNamesFlake(t, ws)},
	} {
		t.Run(c.name, func(t *testing.T) {
			// The flakes at once. The XDG_CACHE_HOME set above stays
			// theirs: a serial test's parallel subtests run while no other
			// test does.
			t.Parallel()
			start := time.Now()
			page := filepath.Join(t.TempDir(), "report.html")
			r := nixsec(t, "check", "--format", "html", "--output", page, c.flake)
			checked := time.Since(start)
			var want htmlJSONReport
			jr := nixsec(t, "check", "--format", "json", c.flake)
			if err := json.Unmarshal([]byte(jr.stdout), &want); err != nil {
				t.Fatalf("json report: %v\n%s", err, jr.stderr)
			}
			if r.code != want.Summary.ExitCode {
				t.Fatalf("html run exit %d, json run exit %d: %s", r.code, want.Summary.ExitCode, r.stderr)
			}
			if len(want.Hosts) == 0 || want.Summary.Findings == 0 {
				t.Fatalf("nothing to show: %d hosts, %d findings", len(want.Hosts), want.Summary.Findings)
			}
			fi, err := os.Stat(page)
			if err != nil {
				t.Fatal(err)
			}

			browserStart := time.Now()
			dom, console := chromium(t, bin, page, "--dump-dom")
			checkDOM(t, dom, console, want)
			shot := filepath.Join(artifactDir(t), "html-report-"+c.name+".png")
			chromium(t, bin, page, "--screenshot="+shot, "--window-size=1400,2000", "--hide-scrollbars")
			if st, err := os.Stat(shot); err != nil || st.Size() == 0 {
				t.Errorf("no screenshot at %s: %v", shot, err)
			}
			t.Logf("%s: %d hosts, %d findings, page %d bytes; check %s, browser %s; screenshot %s",
				c.name, len(want.Hosts), want.Summary.Findings, fi.Size(), checked.Round(time.Millisecond),
				time.Since(browserStart).Round(time.Millisecond), shot)

			switch c.name {
			case "multi-host":
				checkFilters(t, bin, page, want, "laptop")
				checkInjectionBlocked(t, bin, page)
			case "long-names":
				checkLayout(t, bin, page, longHosts)
			}
		})
	}
}

// checkDOM compares the page as the browser rendered it with the JSON
// report of the same run.
func checkDOM(t *testing.T, dom, console string, want htmlJSONReport) {
	t.Helper()
	if strings.Contains(console, "Content Security Policy") {
		t.Errorf("the page's own style or script broke its CSP:\n%s", consoleLines(console))
	}
	// The matrix: one row per host, in order.
	var rows []string
	for _, m := range domRowRE.FindAllStringSubmatch(dom, -1) {
		rows = append(rows, html.UnescapeString(m[1]))
	}
	hosts := append([]string(nil), want.Hosts...)
	sort.Strings(hosts)
	if strings.Join(rows, "\n") != strings.Join(hosts, "\n") {
		t.Errorf("matrix rows %q, want the hosts %q", rows, hosts)
	}
	for _, h := range hosts {
		if !strings.Contains(dom, ">"+html.EscapeString(h)+"</option>") {
			t.Errorf("host %s is not in the host filter", h)
		}
	}
	// The summary's counts by severity are the JSON report's.
	got := map[string]int{}
	for _, m := range domCountRE.FindAllStringSubmatch(dom, -1) {
		got[m[1]], _ = strconv.Atoi(m[2])
	}
	for _, sev := range []string{"critical", "high", "medium", "low", "info"} {
		if got[sev] != want.Summary.BySeverity[sev] {
			t.Errorf("summary shows %d %s, json %d", got[sev], sev, want.Summary.BySeverity[sev])
		}
	}
	if got["total"] != want.Summary.Findings {
		t.Errorf("summary shows %d findings, json %d", got["total"], want.Summary.Findings)
	}
	if m := domErrorsRE.FindStringSubmatch(dom); m == nil || m[1] != strconv.Itoa(want.Summary.Errors) {
		t.Errorf("errors count %v, json %d", m, want.Summary.Errors)
	}
	if n := strings.Count(dom, `<article class="finding"`); n != len(want.Findings) {
		t.Errorf("%d findings on the page, json %d", n, len(want.Findings))
	}
	// The script ran (its hash is allowed): the filters are shown and
	// say that every finding is.
	if !strings.Contains(dom, `<div id="filters" role="search" aria-label="Filter findings">`) {
		t.Error("the filters are still hidden: the script did not run")
	}
	n := strconv.Itoa(want.Summary.Findings)
	if m := domShownRE.FindStringSubmatch(dom); m == nil || m[1] != n || m[2] != n {
		t.Errorf("filter status %v, want %s of %s", m, n, n)
	}
}

// filterDriver plays a reader of the page: it picks a host (%q) and
// "high or worse" in the filters.
const filterDriver = `(function () {
  var d = document, host = d.getElementById("f-host"), sev = d.getElementById("f-sev");
  for (var i = 0; i < host.options.length; i++) {
    if (host.options[i].text === %q) { host.value = host.options[i].value; }
  }
  sev.value = "3";
  host.dispatchEvent(new Event("change"));
  sev.dispatchEvent(new Event("change"));
})();`

// withScript writes a copy of the page b with script run at the end of
// its body, allowed by the copy's CSP, and returns the copy's path.
func withScript(t *testing.T, b []byte, script string) string {
	t.Helper()
	sum := sha256.Sum256([]byte(script))
	hash := "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
	doc := strings.Replace(string(b), "script-src &#39;", "script-src &#39;"+hash+"&#39; &#39;", 1)
	doc = strings.Replace(doc, "</body>", "<script>"+script+"</script></body>", 1)
	p := filepath.Join(t.TempDir(), "driven.html")
	if err := os.WriteFile(p, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// checkFilters runs the page's filters in the browser, driven by a script
// added to a copy of the page (and to its CSP), and checks that they hide
// exactly the findings and matrix rows of other hosts and lower
// severities.
func checkFilters(t *testing.T, bin, page string, want htmlJSONReport, host string) {
	t.Helper()
	b, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	driven := withScript(t, b, fmt.Sprintf(filterDriver, host))
	dom, console := chromium(t, bin, driven, "--dump-dom")
	if strings.Contains(console, "Content Security Policy") {
		t.Fatalf("CSP refused a script:\n%s", consoleLines(console))
	}
	rank := map[string]int{"info": 0, "low": 1, "medium": 2, "high": 3, "critical": 4}
	shown, counting := 0, 0
	for _, f := range want.Findings {
		if f.Host == host && rank[f.Severity] >= 3 {
			shown++
			if f.Suppressed == nil && !f.Baselined {
				counting++
			}
		}
	}
	if shown == 0 {
		t.Fatalf("no high finding on %s to filter for", host)
	}
	visible := 0
	for _, tag := range regexp.MustCompile(`<article class="finding"[^>]*>`).FindAllString(dom, -1) {
		if !strings.Contains(tag, "hidden") {
			visible++
		}
	}
	if visible != shown {
		t.Errorf("%d findings visible, want the %d high or worse of %s", visible, shown, host)
	}
	if m := domShownRE.FindStringSubmatch(dom); m == nil || m[1] != strconv.Itoa(counting) || m[2] != strconv.Itoa(want.Summary.Findings) {
		t.Errorf("filter status %v, want %d of %d", m, counting, want.Summary.Findings)
	}
	var rows []string
	for _, m := range regexp.MustCompile(`<tr data-host="h\d+"( hidden="")?><th scope="row">(?:<a href="#host-\d+">)?([^<]*)`).FindAllStringSubmatch(dom, -1) {
		if m[1] == "" {
			rows = append(rows, m[2])
		}
	}
	if len(rows) != 1 || rows[0] != host {
		t.Errorf("matrix rows shown %q, want only %s", rows, host)
	}
}

// Host names a pull request controls: one of 300 bytes where a browser
// finds no place to break a line (no space, no hyphen), and two long ones
// that differ only in their last character, which a name cut short would
// hide.
var (
	hostWide  = strings.Repeat("widehost", 37) + "0001"
	hostLookA = strings.Repeat("ci.runner.", 12) + "eu.west.1a"
	hostLookB = strings.Repeat("ci.runner.", 12) + "eu.west.1b"
	longHosts = []string{hostWide, hostLookA, hostLookB, "web"}
)

// longNamesFlake writes a flake of longHosts, on the multi-host example's
// machines, into the workspace ws and commits it.
func longNamesFlake(t *testing.T, ws string) string {
	t.Helper()
	dir := filepath.Join(ws, "long-names")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	machine := map[string]string{hostWide: "laptop", hostLookA: "laptop", hostLookB: "ci", "web": "web"}
	var hosts strings.Builder
	for _, h := range longHosts {
		fmt.Fprintf(&hosts, "        %s = host ../examples/multi-host/hosts/%s.nix;\n", nixString(h), machine[h])
	}
	flake := "{\n  outputs = { self }:\n    let\n      nixos = import ../examples/lib/nixos-system.nix;\n" +
		"      host = file: nixos.nixosSystem { modules = [ file ]; };\n    in {\n      nixosConfigurations = {\n" +
		hosts.String() + "      };\n    };\n}\n"
	if err := os.WriteFile(filepath.Join(dir, "flake.nix"), []byte(flake), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := gitCmd(ws, "add", "-A").CombinedOutput(); err != nil {
		t.Fatalf("git add: %v\n%s", err, out)
	}
	commit(t, ws)
	return dir
}

// layoutProbe measures the rendered page: the viewport's and the
// document's widths, and the boxes of the matrix's scrolling region, its
// row headers and its count cells. It writes them as JSON into a pre
// element, after measuring.
const layoutProbe = `(function () {
  "use strict";
  var d = document, root = d.documentElement;
  function measure(e) {
    var r = e.getBoundingClientRect();
    return {text: e.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom,
      scrollWidth: e.scrollWidth, clientWidth: e.clientWidth, scrollHeight: e.scrollHeight, clientHeight: e.clientHeight};
  }
  var out = {viewport: root.clientWidth, page: root.scrollWidth, matrix: measure(d.querySelector("#matrix .scroll")),
    heads: [], counts: [], headings: []};
  d.querySelectorAll(".matrix tbody th").forEach(function (e) { out.heads.push(measure(e)); });
  d.querySelectorAll(".matrix tbody td").forEach(function (e) { out.counts.push(measure(e)); });
  d.querySelectorAll(".group h3").forEach(function (e) { out.headings.push(measure(e)); });
  var p = d.createElement("pre");
  p.id = "layout";
  p.textContent = JSON.stringify(out);
  d.body.appendChild(p);
})();`

// layoutBox is an element as layoutProbe measured it, in CSS pixels.
type layoutBox struct {
	Text                       string
	Left, Right, Top, Bottom   float64
	ScrollWidth, ClientWidth   float64
	ScrollHeight, ClientHeight float64
}

// clipped says whether the element's content overflows its box, where it
// would be cut off or hidden; by more than a pixel, as both are rounded.
func (b layoutBox) clipped() bool {
	return b.ScrollWidth > b.ClientWidth+1 || b.ScrollHeight > b.ClientHeight+1
}

var domLayoutRE = regexp.MustCompile(`<pre id="layout">(.*?)</pre>`)

// checkLayout renders the page in a window as wide as the screenshots'
// and checks that long host names wrap in full rather than widen the
// page: the document does not scroll sideways, the matrix fits its
// region, every count cell lies within the region and the viewport, and
// each row header shows its whole name, no content cut off.
func checkLayout(t *testing.T, bin, page string, hosts []string) {
	t.Helper()
	b, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	dom, console := chromium(t, bin, withScript(t, b, layoutProbe), "--dump-dom", "--window-size=1400,1000")
	m := domLayoutRE.FindStringSubmatch(dom)
	if m == nil {
		t.Fatalf("the layout probe did not run:\n%s", consoleLines(console))
	}
	var got struct {
		Viewport, Page          float64
		Matrix                  layoutBox
		Heads, Counts, Headings []layoutBox
	}
	if err := json.Unmarshal([]byte(html.UnescapeString(m[1])), &got); err != nil {
		t.Fatal(err)
	}
	if got.Viewport < 1000 {
		t.Fatalf("viewport %.0f pixels wide, want the window's 1400", got.Viewport)
	}
	const slack = 0.5 // rounding of fractional boxes
	if got.Page > got.Viewport {
		t.Errorf("the document is %.0f pixels wide in a %.0f-pixel viewport: it scrolls sideways", got.Page, got.Viewport)
	}
	if got.Matrix.ScrollWidth > got.Matrix.ClientWidth {
		t.Errorf("the matrix is %.0f pixels wide in its %.0f-pixel region: it scrolls sideways", got.Matrix.ScrollWidth, got.Matrix.ClientWidth)
	}
	right := min(got.Viewport, got.Matrix.Right)
	if len(got.Counts) == 0 {
		t.Error("no count cells")
	}
	out := 0
	for _, c := range got.Counts {
		if c.Left < got.Matrix.Left-slack || c.Right > right+slack || c.Right <= c.Left || c.clipped() {
			out++
		}
	}
	if out > 0 {
		t.Errorf("%d of %d count cells are not in view (the matrix's region ends at %.0f pixels, the viewport at %.0f)",
			out, len(got.Counts), got.Matrix.Right, got.Viewport)
	}
	var names []string
	for _, h := range got.Heads {
		names = append(names, h.Text)
		if h.Right > right+slack || h.clipped() {
			t.Errorf("row header %q: box %.0f-%.0f pixels, content %.0fx%.0f in %.0fx%.0f: not all in view",
				h.Text, h.Left, h.Right, h.ScrollWidth, h.ScrollHeight, h.ClientWidth, h.ClientHeight)
		}
	}
	sorted := append([]string(nil), hosts...)
	sort.Strings(sorted)
	if strings.Join(names, "\n") != strings.Join(sorted, "\n") {
		t.Errorf("row headers %q, want the whole names %q", names, sorted)
	}
	// Each host's findings are headed by its whole name, all in view.
	for _, h := range hosts {
		n := 0
		for _, g := range got.Headings {
			if strings.HasPrefix(g.Text, h+" (") {
				n++
				if g.Right > got.Viewport+slack || g.clipped() {
					t.Errorf("the heading of %q is not all in view", h)
				}
			}
		}
		if n != 1 {
			t.Errorf("%d headings of %q, want 1", n, h)
		}
	}
}

// checkInjectionBlocked is the CSP's own test: markup that got past the
// escaping (added to a copy of the page here) can run nothing.
func checkInjectionBlocked(t *testing.T, bin, page string) {
	t.Helper()
	b, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	injected := `<script>document.body.setAttribute("data-pwned","script")</script>` +
		`<img src="x" onerror="document.body.setAttribute('data-pwned','handler')">` +
		`<a id="jslink" href="javascript:document.body.setAttribute('data-pwned','link')">x</a>`
	evil := filepath.Join(t.TempDir(), "injected.html")
	if err := os.WriteFile(evil, []byte(strings.Replace(string(b), "</main>", injected+"</main>", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	dom, console := chromium(t, bin, evil, "--dump-dom")
	if strings.Contains(dom, "data-pwned=") {
		t.Errorf("injected markup ran: %s", regexp.MustCompile(`data-pwned="[^"]*"`).FindString(dom))
	}
	if !strings.Contains(console, "Content Security Policy") {
		t.Errorf("no CSP refusal in the console:\n%s", consoleLines(console))
	}
}

// consoleLines are the page's console messages in chromium's log.
func consoleLines(log string) string {
	var out []string
	for _, l := range strings.Split(log, "\n") {
		if strings.Contains(l, "CONSOLE") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
