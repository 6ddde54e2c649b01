package systemd

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/nixsec/nixsec/internal/testenv"
)

// TestSystemdExposureDifferential scores serviceConfigs with nixsec and
// with systemd-analyze security --offline on the unit NixOS would write
// for them, and requires the same exposure to the tenth and the same
// badness for every assessor: several hundred generated from a fixed seed
// (every setting the scorer reads, with valid, odd and empty values, lists
// and combinations), the cases of exposureFixes and the serviceConfigs of
// testdata/exposure/golden.json. Where the two legitimately differ, the
// difference is in systemdDifferences, with a case that shows it.
//
// It needs systemd-analyze (any host: offline mode reads unit files and
// needs no running systemd); without it the test is skipped, or fails
// when NIXSEC_REQUIRE_SYSTEMD=1 (internal/testenv). The differences are
// documented for systemd 252 on x86-64; another version is compared and
// logged, and fails only under NIXSEC_REQUIRE_SYSTEMD=1.
func TestSystemdExposureDifferential(t *testing.T) {
	const reference = 252
	require := os.Getenv(testenv.RequireSystemdEnv) == "1"
	bin := testenv.RequireSystemdAnalyze(t)
	out, err := exec.Command(bin, "--version").Output()
	m := regexp.MustCompile(`^systemd (\d+)\b`).FindSubmatch(out)
	if err != nil || m == nil {
		t.Fatalf("systemd-analyze --version reports no version: %q, %v", out, err)
	}
	version, _ := strconv.Atoi(string(m[1]))
	t.Logf("%s (%s)", bytes.SplitN(out, []byte("\n"), 2)[0], runtime.GOARCH)
	if version < 250 {
		t.Fatalf("systemd %d: security --offline needs 250 or later", version)
	}
	strict := version == reference && runtime.GOARCH == "amd64"
	if !strict && require {
		t.Fatalf("NIXSEC_REQUIRE_SYSTEMD=1: the differences are documented for systemd %d on amd64, not %d on %s", reference, version, runtime.GOARCH)
	}
	report := t.Errorf
	if !strict {
		report = t.Logf
	}

	generated := differentialCases()
	var fixes, golden, differences []diffCase
	for i, f := range exposureFixes {
		fixes = append(fixes, diffCase{name: fmt.Sprintf("fix%02d", i), sc: f.sc})
	}
	unrenderable := 0
	for i, sc := range goldenServiceConfigs(t) {
		if renderable(sc) {
			golden = append(golden, diffCase{name: fmt.Sprintf("golden%04d", i), sc: sc})
		} else {
			unrenderable++ // holds an object, which NixOS cannot write
		}
	}
	for i, d := range systemdDifferences {
		differences = append(differences, diffCase{name: fmt.Sprintf("difference%02d", i), sc: d.sc, unit: d.unit})
	}

	start := time.Now()
	all := slices.Concat(generated, fixes, golden, differences)
	verdicts := runSystemdAnalyze(t, bin, all)
	t.Logf("systemd-analyze scored %d units in %v", len(all), time.Since(start).Round(time.Millisecond))

	// Generated cases and fixes must agree: their values avoid the
	// documented differences.
	for _, set := range []struct {
		what  string
		cases []diffCase
	}{{"generated", generated}, {"exposureFixes", fixes}} {
		agree := 0
		for _, c := range set.cases {
			if msg := compareWithSystemd(c, verdicts[c.name]); msg != "" {
				report("%s: %s\n%s", c.name, msg, renderUnit(c.sc, c.unit))
				continue
			}
			agree++
		}
		t.Logf("%s: %d/%d units agree with systemd-analyze %d", set.what, agree, len(set.cases), version)
	}

	// The golden corpus may differ only as documented.
	agree, documented := 0, map[string]int{}
	for _, c := range golden {
		msg := compareWithSystemd(c, verdicts[c.name])
		if msg == "" {
			agree++
			continue
		}
		if d := explain(c, verdicts[c.name]); d != nil {
			documented[d.name]++
			continue
		}
		report("%s: %s\n%s", c.name, msg, renderUnit(c.sc, c.unit))
	}
	t.Logf("golden corpus: %d/%d units agree with systemd-analyze %d, %d differ as documented %v; %d more hold an object NixOS cannot write",
		agree, len(golden), version, sum(documented), documented, unrenderable)

	// Every documented difference is real: its case does differ.
	for i, c := range differences {
		d, v := systemdDifferences[i], verdicts[c.name]
		msg := compareWithSystemd(c, v)
		switch {
		case msg == "":
			report("documented difference %q: its case agrees with systemd-analyze %d\n%s", d.name, version, renderUnit(c.sc, c.unit))
		case d.refused && v.refused == "":
			report("documented difference %q: systemd-analyze %d loads the unit\n%s", d.name, version, renderUnit(c.sc, c.unit))
		default:
			t.Logf("documented difference %q (%s): %s", d.name, d.why, msg)
		}
	}
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// ---- the documented differences ----

// A systemdDifference is where nixsec's score legitimately differs from
// systemd-analyze's, and why: sc (and unit, settings of [Unit]) is a case
// that shows it; applies recognizes a serviceConfig it concerns, refused
// that systemd refuses to load the unit, so it has no exposure at all.
type systemdDifference struct {
	name, why string
	sc, unit  map[string]any
	applies   func(sc map[string]any) bool
	refused   bool
}

var systemdDifferences = []systemdDifference{
	{
		name: "DefaultDependencies",
		why: "DefaultDependencies= is a [Unit] setting (unitConfig), not in the serviceConfig nixsec scores; " +
			"without it systemd leaves out PrivateTmp, ProtectHome, ProtectSystem and RootDirectory/RootImage, nixsec assumes it on",
		sc:   map[string]any{"User": "app"},
		unit: map[string]any{"DefaultDependencies": false},
	},
	{
		name: "refused unit",
		why: "systemd refuses to load a unit with an invalid DynamicUser, an invalid user or group name, or a relative " +
			"or unnormalized RootDirectory or RootImage (it will not start), so it has no exposure; nixsec still scores what it can read",
		sc:      map[string]any{"DynamicUser": "maybe", "User": "a:b", "RootDirectory": "srv"},
		refused: true,
	},
	{
		name: "newer value",
		why: "values systemd 252 does not know and ignores, that later systemd takes as on: PrivateTmp=disconnected, " +
			"PrivateUsers=self|identity|full|managed, ProtectControlGroups=private|strict, ProtectHostname=private",
		sc:      map[string]any{"PrivateTmp": "disconnected", "PrivateUsers": "self", "ProtectControlGroups": "strict", "ProtectHostname": "private"},
		applies: func(sc map[string]any) bool { return anyLine(sc, newerValues) },
	},
	{
		name: "specifier",
		why:  "systemd expands specifiers (%i, %n, %u…) per unit and host; nixsec reads the value as written",
		sc:   map[string]any{"RootDirectory": "/%i"},
		applies: func(sc map[string]any) bool {
			return anyValue(sc, func(s string) bool { return strings.Contains(s, "%") })
		},
	},
	{
		name: "line break",
		why:  "NixOS writes a value with a line break over several unit lines; nixsec reads the first as the setting and not the others",
		sc:   map[string]any{"PrivateNetwork": "no\nPrivateNetwork=yes"},
		applies: func(sc map[string]any) bool {
			return anyValue(sc, func(s string) bool { return strings.ContainsAny(s, "\n\r\x00") })
		},
	},
	{
		name: "errno name",
		why: "nixsec takes any capitalized E… word after a denied system call as an errno name; systemd ignores the entry " +
			"when it names no errno it knows",
		sc: map[string]any{"SystemCallFilter": "~@swap:EBOGUS"},
		applies: func(sc map[string]any) bool {
			return anyLine(sc, func(k, l string) bool { return k == "SystemCallFilter" && strings.Contains(l, ":E") })
		},
	},
}

// newerValues recognizes the assignments of "newer value".
func newerValues(k, l string) bool {
	newer := map[string][]string{
		"PrivateTmp": {"disconnected"}, "PrivateUsers": {"self", "identity", "full", "managed"},
		"ProtectControlGroups": {"private", "strict"}, "ProtectHostname": {"private"},
	}
	return slices.Contains(newer[strings.TrimSpace(k)], strings.TrimSpace(l))
}

// explain is the documented difference a disagreeing case falls under.
func explain(c diffCase, v systemdVerdict) *systemdDifference {
	for i, d := range systemdDifferences {
		if (d.refused && v.refused != "") || (d.applies != nil && d.applies(c.sc)) {
			return &systemdDifferences[i]
		}
	}
	return nil
}

// anyLine is whether an assignment NixOS writes for sc satisfies f.
func anyLine(sc map[string]any, f func(k, l string) bool) bool {
	for k, v := range sc {
		for _, l := range unitLines(v) {
			if f(k, l) {
				return true
			}
		}
	}
	return false
}

// anyValue is whether a string in sc satisfies f.
func anyValue(sc map[string]any, f func(string) bool) bool {
	var walk func(x any) bool
	walk = func(x any) bool {
		switch x := x.(type) {
		case string:
			return f(x)
		case []any:
			return slices.ContainsFunc(x, walk)
		}
		return false
	}
	for _, v := range sc {
		if walk(v) {
			return true
		}
	}
	return false
}

// ---- the unit NixOS writes ----

// diffCase is a serviceConfig as NixOS holds it: strings, bools, ints,
// floats (json.Number with a point), null and lists of them; unit holds
// [Unit] settings.
type diffCase struct {
	name     string
	sc, unit map[string]any
}

// nixToString is Nix's toString: a list is its elements' strings joined by
// spaces (none after an empty list), true is "1", false and null "", a
// float has six decimals.
func nixToString(x any) string {
	switch x := x.(type) {
	case string:
		return x
	case bool:
		if x {
			return "1"
		}
		return ""
	case int:
		return strconv.Itoa(x)
	case json.Number:
		if i, ok := new(big.Int).SetString(string(x), 10); ok {
			return i.String()
		}
		f, _ := strconv.ParseFloat(string(x), 64)
		return strconv.FormatFloat(f, 'f', 6, 64)
	case nil:
		return ""
	case []any:
		var b strings.Builder
		for i, e := range x {
			b.WriteString(nixToString(e))
			if l, isList := e.([]any); i < len(x)-1 && (!isList || len(l) > 0) {
				b.WriteByte(' ')
			}
		}
		return b.String()
	}
	panic(fmt.Sprintf("NixOS cannot write %#v", x))
}

// unitLines are the assignments NixOS's attrsToSection writes for a
// value: one per element of a list; true and false are "true" and
// "false", anything else its toString.
func unitLines(v any) []string {
	vals, isList := v.([]any)
	if !isList {
		vals = []any{v}
	}
	out := make([]string, len(vals))
	for i, x := range vals {
		switch x {
		case true:
			out[i] = "true"
		case false:
			out[i] = "false"
		default:
			out[i] = nixToString(x)
		}
	}
	return out
}

// renderable is whether NixOS can write sc: no object in it.
func renderable(sc map[string]any) bool {
	var ok func(x any) bool
	ok = func(x any) bool {
		switch x := x.(type) {
		case map[string]any:
			return false
		case []any:
			return !slices.ContainsFunc(x, func(e any) bool { return !ok(e) })
		}
		return true
	}
	for _, v := range sc {
		if !ok(v) {
			return false
		}
	}
	return true
}

func renderUnit(sc, unit map[string]any) string {
	var b strings.Builder
	section := func(name string, m map[string]any, first string) {
		fmt.Fprintf(&b, "[%s]\n%s", name, first)
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys) // Nix's attribute order
		for _, k := range keys {
			for _, l := range unitLines(m[k]) {
				fmt.Fprintf(&b, "%s=%s\n", k, l)
			}
		}
	}
	section("Unit", unit, "Description=nixsec differential test\n")
	section("Service", sc, "ExecStart=/bin/true\n")
	return b.String()
}

// toAST is sc as nixsec's input holds it (a float keeps its point).
func toAST(sc map[string]any) ast.Object {
	b, err := json.Marshal(sc)
	if err == nil {
		var v ast.Value
		if v, err = ast.ValueFromReader(bytes.NewReader(b)); err == nil {
			return v.(ast.Object)
		}
	}
	panic(fmt.Sprintf("%v: %v", sc, err))
}

// goldenServiceConfigs are the serviceConfigs of the golden corpus.
func goldenServiceConfigs(t testing.TB) []map[string]any {
	t.Helper()
	var out []map[string]any
	for i, c := range loadExposureGolden(t).Cases {
		d := json.NewDecoder(bytes.NewReader(c.SC))
		d.UseNumber()
		var sc map[string]any
		if err := d.Decode(&sc); err != nil {
			t.Fatalf("golden case %d: %v", i, err)
		}
		out = append(out, sc)
	}
	return out
}

// ---- systemd-analyze ----

// systemdVerdict is what systemd-analyze security printed for one unit:
// its exposure and each assessor's badness by systemd's id (notApplicable
// when it does not apply), or why it refused the unit.
type systemdVerdict struct {
	tenths  int
	badness map[string]int
	refused string
	stderr  []string
}

var overallRe = regexp.MustCompile(`Overall exposure level for (\S+): (\d+)\.(\d)\b`)

// runSystemdAnalyze writes each case as a unit file and scores them with
// systemd-analyze security --offline, a batch per CPU (one call scores
// hundreds of units in well under a second).
func runSystemdAnalyze(t *testing.T, bin string, cases []diffCase) map[string]systemdVerdict {
	t.Helper()
	dir := t.TempDir()
	files := make([]string, len(cases))
	for i, c := range cases {
		files[i] = filepath.Join(dir, c.name+".service")
		if err := os.WriteFile(files[i], []byte(renderUnit(c.sc, c.unit)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	n := min(runtime.NumCPU(), 4)
	var (
		mu  sync.Mutex
		wg  sync.WaitGroup
		all = map[string]systemdVerdict{}
	)
	for part := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			batch := files[part*len(files)/n : (part+1)*len(files)/n]
			cmd := exec.Command(bin, append([]string{"security", "--offline=yes", "--no-pager"}, batch...)...)
			// the table with each assessor's badness, plain
			cmd.Env = append(os.Environ(), "SYSTEMD_ANALYZE_DEBUG=1", "SYSTEMD_COLORS=0", "SYSTEMD_URLIFY=0", "SYSTEMD_PAGER=")
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			_ = cmd.Run() // fails when a unit is refused; the others are scored
			v, err := parseSecurity(stdout.String(), stderr.String())
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				t.Error(err)
			}
			for k, x := range v {
				all[strings.TrimSuffix(k, ".service")] = x
			}
		}()
	}
	wg.Wait()
	return all
}

// parseSecurity reads systemd-analyze security's output with
// SYSTEMD_ANALYZE_DEBUG=1: each unit's table (mark, id, description,
// weight, badness, range, exposure) and then its overall level; and its
// warnings, which name the unit file.
func parseSecurity(stdout, stderr string) (map[string]systemdVerdict, error) {
	res := map[string]systemdVerdict{}
	cur := map[string]int{}
	for _, line := range strings.Split(stdout, "\n") {
		if m := overallRe.FindStringSubmatch(line); m != nil {
			a, _ := strconv.Atoi(m[2])
			b, _ := strconv.Atoi(m[3])
			res[m[1]] = systemdVerdict{tenths: 10*a + b, badness: cur}
			cur = map[string]int{}
			continue
		}
		f := strings.Fields(line)
		i := slices.IndexFunc(f, func(s string) bool { return strings.Contains(s, "=") })
		if i < 0 || i > 1 {
			continue // the header, or a blank line
		}
		if strings.Contains(f[len(f)-1], ".") {
			f = f[:len(f)-1] // the exposure column
		}
		b, err := strconv.ParseUint(f[len(f)-2], 10, 64)
		if len(f) < i+4 || err != nil {
			return nil, fmt.Errorf("unreadable row %q", line)
		}
		cur[f[i]] = int(min(b, 1000))
		if b > 1000 { // UINT64_MAX
			cur[f[i]] = notApplicable
		}
	}
	unitRe := regexp.MustCompile(`\b([\w-]+)\.service\b`)
	for _, line := range strings.Split(stderr, "\n") {
		m := unitRe.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		v := res[m[1]+".service"]
		v.stderr = append(v.stderr, line)
		if strings.Contains(line, "bad unit file setting") {
			v.refused = line
		}
		res[m[1]+".service"] = v
	}
	return res, nil
}

// systemdID is the id systemd 252 prints for one of the assessors.
func systemdID(id string) string {
	if ns, ok := strings.CutPrefix(id, "RestrictNamespaces=~CLONE_NEW"); ok {
		return "RestrictNamespaces=~" + map[string]string{"USER": "user", "NS": "mnt", "IPC": "ipc", "PID": "pid", "CGROUP": "cgroup", "NET": "net", "UTS": "uts"}[ns]
	}
	return id
}

// compareWithSystemd is "" when nixsec scores c as systemd did, else what
// differs.
func compareWithSystemd(c diffCase, v systemdVerdict) string {
	if v.badness == nil {
		return fmt.Sprintf("systemd-analyze printed no exposure: %q", v.stderr)
	}
	got := ExposureOf(toAST(c.sc))
	var diffs []string
	seen := map[string]bool{}
	for _, s := range got.Scores {
		id := systemdID(s.ID)
		seen[id] = true
		if b, ok := v.badness[id]; !ok || b != s.Badness {
			diffs = append(diffs, fmt.Sprintf("%s nixsec %d systemd %s", id, s.Badness, badnessString(b, ok)))
		}
	}
	for id, b := range v.badness {
		if !seen[id] && b != notApplicable {
			diffs = append(diffs, fmt.Sprintf("%s nixsec n/a systemd %d", id, b))
		}
	}
	if got.Tenths == v.tenths && len(diffs) == 0 {
		return ""
	}
	sort.Strings(diffs)
	return fmt.Sprintf("nixsec %d.%d, systemd %d.%d; %s", got.Tenths/10, got.Tenths%10, v.tenths/10, v.tenths%10, strings.Join(diffs, "; "))
}

func badnessString(b int, ok bool) string {
	switch {
	case !ok:
		return "none"
	case b == notApplicable:
		return "n/a"
	}
	return strconv.Itoa(b)
}

// ---- the generated cases ----

// float is a Nix float as nixsec's input holds it.
func float(s string) json.Number { return json.Number(s) }

// diffBools are values of a boolean setting; none makes the unit
// unloadable, as an invalid DynamicUser would.
var diffBools = []any{
	true, false, "yes", "no", "on", "off", "1", "0", 1, 0, "true", "false", "TRUE", "Off", "y", "n", "t", "f",
	" yes ", "bogus", "", 2, float("1.0"), nil, []any{}, []any{true}, []any{true, false}, []any{false, true},
	[]any{"yes", ""}, []any{"yes", "bogus"}, []any{[]any{true}}, []any{"no", nil}, []any{[]any{}, "on"},
}

var diffValidBools = []any{true, false, "yes", "no", "on", "off", 1, 0, " true ", []any{true, false}, []any{"no", "yes"}, []any{}}

var diffBoolSettings = []string{
	"PrivateDevices", "PrivateMounts", "PrivateNetwork", "PrivateTmp", "PrivateUsers",
	"ProtectControlGroups", "ProtectKernelModules", "ProtectKernelTunables", "ProtectKernelLogs",
	"ProtectClock", "ProtectHostname", "LockPersonality", "MemoryDenyWriteExecute", "NoNewPrivileges",
	"RestrictRealtime", "RestrictSUIDSGID", "RemoveIPC",
}

var diffPools = map[string][]any{
	"DynamicUser": diffValidBools,
	"User": {"root", "0", 0, "app", "nobody", "", 1000, "65534", nil, "Root", " 0 ", "-x", "bad user!", float("0.0"),
		[]any{"app", "root"}, []any{"root", "app"}, []any{}, []any{"app", ""}},
	"SupplementaryGroups": {"wheel", []any{"a", "b"}, "", []any{}, []any{"a", ""}, []any{"", "a"}, "a b", "a,b", `"a"`},
	"ProtectHome": {true, false, "yes", "no", "read-only", "tmpfs", "bogus", "", " tmpfs", "Read-Only", 1,
		[]any{"tmpfs", "yes"}, []any{"yes", "bogus"}, []any{"read-only", ""}, []any{"yes", "read-only"}, []any{}},
	"ProtectSystem": {true, false, "yes", "no", "full", "strict", "bogus", "", " strict", "Strict", 0,
		[]any{"strict", "full"}, []any{"full", "bogus"}, []any{"strict", ""}, []any{}},
	"RootDirectory": {"/srv/root", "/", "", " / ", "//", "/./", "/srv/", "/srv/./x",
		[]any{"/srv", "/"}, []any{"/", "/srv"}, []any{"/srv", ""}},
	"RootImage":   {"/srv/img.raw", "/", "", []any{"/img.raw", ""}},
	"MountImages": {"/x.raw:/mnt", "-/x.raw:/mnt", "/x.raw:/mnt:ro", "/x.raw", "x.raw:/mnt", "", []any{"/x.raw:/mnt", ""}},
	"CapabilityBoundingSet": {
		"", "~", "CAP_NET_ADMIN", "~CAP_SYS_ADMIN", "CAP_SYS_ADMIN CAP_NET_RAW", "cap_sys_admin", "Cap_Bpf", "CAP_BPF", "~CAP_BPF",
		"CAP_BOGUS", "~CAP_BOGUS", "CAP_CHOWN,CAP_KILL", "~CAP_SYS_ADMIN,CAP_KILL", " ~CAP_KILL", "~ CAP_KILL", "21", "+1", "63",
		"CAP_KILL CAP_BOGUS", `"CAP_KILL"`, "sys_admin",
		[]any{"CAP_CHOWN", "~CAP_CHOWN"}, []any{"~CAP_SYS_ADMIN", "CAP_SYS_ADMIN"}, []any{"CAP_KILL", ""},
		[]any{"", "CAP_KILL"}, []any{"~", "CAP_KILL"}, []any{"CAP_KILL", "CAP_CHOWN"}, []any{"~CAP_KILL", "~CAP_CHOWN"},
		[]any{"CAP_KILL", "~CAP_KILL CAP_CHOWN"}, []any{"CAP_KILL", "CAP_BOGUS"}, []any{"~CAP_KILL", "CAP_BOGUS"},
		[]any{"~41", "CAP_KILL"}, []any{"~CAP_KILL", "CAP_KILL", "CAP_CHOWN"}, []any{},
	},
	"AmbientCapabilities": {"", "CAP_NET_BIND_SERVICE", "~CAP_NET_BIND_SERVICE", "CAP_BOGUS", "~CAP_BOGUS", "~",
		[]any{"CAP_KILL", ""}, []any{"", "CAP_KILL"}, []any{"CAP_KILL", "~CAP_KILL"}, []any{"CAP_KILL", "CAP_BOGUS"}, []any{}},
	"UMask": {"0077", "077", 77, 22, "0022", "0027", "0002", "0000", "0007", "0070", "0067", "7777", 7777, "00077", "000077",
		"-1", -7, "8", "", "bogus", float("7.9"), float("77.0"), " 0077", "0o77", "+077", "0x3f", "12345", 77777, 0,
		[]any{"0077", "0022"}, []any{"0022", "bogus"}, []any{}, true},
	"KeyringMode":  {"private", "shared", "inherit", "bogus", "", "Shared", " shared ", []any{"shared", "private"}, []any{"shared", "bogus"}, []any{}},
	"ProtectProc":  {"noaccess", "invisible", "ptraceable", "default", "bogus", "", []any{"invisible", "bogus"}, []any{"invisible", ""}},
	"ProcSubset":   {"pid", "all", "bogus", "", []any{"pid", "bogus"}, []any{"pid", ""}},
	"NotifyAccess": {"all", "main", "exec", "none", "bogus", "", "ALL", []any{"all", "bogus"}, []any{"all", ""}},
	"Delegate":     {true, false, "yes", "no", "cpu memory", "", "bogus", nil, []any{"cpu", ""}, []any{"yes", "no"}, []any{"no", "cpu"}, []any{}},
	"RestrictNamespaces": {true, false, "yes", "no", "", "net", "~net", "user mnt", "~user mnt", "bogus", "~", " ~net", "~ net",
		"cgroup ipc net mnt pid user uts", "time", "net time", "net bogus", "NET", "net,mnt",
		[]any{"net", "~ipc"}, []any{"~net", "ipc"}, []any{"", "net"}, []any{"net", ""}, []any{true, "net"}, []any{false, "~net"},
		[]any{"net", false}, []any{"~net", true}, []any{"net", "bogus"}, []any{"net", "net mnt"}, []any{"~net", "~"}, []any{"net", "~"}},
	"RestrictAddressFamilies": {"AF_INET AF_INET6", "~AF_PACKET", "none", " none ", "NONE", "AF_UNIX", "", "af_inet", "AF_BOGUS",
		"~AF_NETLINK AF_PACKET", "AF_INET,AF_INET6", "AF_BLUETOOTH", "~AF_BLUETOOTH", "AF_LOCAL", "AF_ROUTE", "AF_DECnet",
		"none AF_INET", "~", "~AF_BOGUS", `"AF_UNIX"`,
		[]any{"AF_UNIX", "~AF_INET"}, []any{"AF_INET", ""}, []any{"none", "AF_INET"}, []any{"none", "~AF_INET"},
		[]any{"~AF_INET", "AF_INET"}, []any{"AF_UNIX", "none"}, []any{"AF_INET AF_INET6", "~AF_INET"}, []any{"~AF_UNIX", "", "AF_INET"}},
	"SystemCallArchitectures": {"native", "x86-64", "x86 x86-64", "native x86", "native x86-64", "", "bogus", "bogus native",
		"NATIVE", "loongarch64", []any{"x86", "native"}, []any{"native", ""}, []any{"native", "bogus"}, []any{"native", "native"}},
	"SystemCallFilter": {"@system-service", "~@mount", "~@privileged @resources", "@default", "@known", "~@known",
		"@basic-io", "@file-system", "@process", "@obsolete", "@clock", "@privileged", "@raw-io", "@swap", "@reboot", "@module",
		"@debug", "@cpu-emulation", "@resources", "@chown", "@setuid", "@network-io", "@io-event", "@ipc", "@keyring",
		"@memlock", "@aio", "@signal", "@sync", "@timer", "@pkey", "@mount", "~@clock", "~@swap", "~@chown", "~@setuid",
		"~@obsolete", "~@debug", "~@cpu-emulation", "~@raw-io", "~@reboot", "~@module", "~@resources", "~@privileged",
		"~@system-service", "", "~", "@system-service:EPERM", "~@mount:EPERM", "~@mount:kill", "~@swap:0", "~@swap:4096",
		"~@mount:bogus", "@bogus", "@CLOCK", "@clock,@swap", "bogus_call", "swapon", "~swapon swapoff", "chown",
		"~chown fchown fchownat lchown", "read write", "_sysctl", "nfsservctl", "chown32", `"@swap"`,
		[]any{"@system-service", "~@privileged @resources"}, []any{"@privileged", "~@clock"}, []any{"~@mount", "@mount"},
		[]any{"@system-service", ""}, []any{"", "@system-service"}, []any{"~@mount @debug:EPERM", "~@privileged"},
		[]any{"@system-service", "~@setuid @chown"}, []any{"@clock", "~"}, []any{"~", "@clock"}, []any{"@clock", "~@clock", "@clock"},
		[]any{"~@privileged", "@clock"}, []any{"@obsolete", "~@privileged"}, []any{"@mount", "~@privileged"}},
	"IPAddressDeny": {"any", "0.0.0.0/0 ::/0", "0.0.0.0/0", "::/0", "localhost", "10.0.0.0/8", "", "bogus", "any bogus",
		"0.0.0.0 ::", "1.2.3.4/0 ::1/0", "ANY", "0.0.0.0/0,::/0", "link-local multicast",
		[]any{"0.0.0.0/0", "::/0"}, []any{"any", ""}, []any{"", "any"}},
	"IPAddressAllow": {"localhost", "127.0.0.1", "::1", "127.0.0.0/8", "127.1.2.3/32", "127.0.0.0/1", "::1/0", "::ffff:127.0.0.1",
		"10.0.0.0/8", "link-local", "multicast", "any", "0.0.0.0", "", "bogus",
		[]any{"localhost", "10.0.0.0/8"}, []any{"10.0.0.0/8", ""}},
	"IPIngressFilterPath":     {"/sys/fs/bpf/x", "", "x", "/foo/../bar", []any{"/sys/fs/bpf/x", ""}},
	"IPEgressFilterPath":      {"/sys/fs/bpf/y", ""},
	"DevicePolicy":            {"strict", "closed", "auto", "bogus", "", "Closed", []any{"strict", "bogus"}, []any{"closed", ""}},
	"DeviceAllow":             {"/dev/null rw", "char-rtc r", "block-loop rwm", "/dev/null", "/dev", "", "bogus rw", "/devx r", "/dev/null xyz", "/dev/null r w", `"/dev/null" r`, "/dev/../x r", []any{"/dev/null rw", ""}, []any{"", "/dev/null rw"}},
	"LoadCredentialEncrypted": {"foo:/x", "foo", "", "bad/id:/x", []any{"foo:/x", ""}},
	"SetCredentialEncrypted":  {"foo:YWJj", "foo: YWJj", "foo:/x", "foo:", ""},
}

// differentialCases: {}, every value of every pool alone (under a user of
// its own, so that SupplementaryGroups and RemoveIPC count; User also under
// DynamicUser), then random combinations from a fixed seed, weighted
// towards the settings that interact (DynamicUser, User, PrivateDevices,
// ProtectClock, DevicePolicy, RootImage).
func differentialCases() []diffCase {
	pools := map[string][]any{}
	for k, v := range diffPools {
		pools[k] = v
	}
	for _, k := range diffBoolSettings {
		pools[k] = diffBools
	}
	keys := make([]string, 0, len(pools))
	for k := range pools {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var cases []diffCase
	add := func(sc map[string]any) {
		cases = append(cases, diffCase{name: fmt.Sprintf("gen%04d", len(cases)), sc: sc})
	}
	add(map[string]any{})
	for _, k := range keys {
		for _, v := range pools[k] {
			switch k {
			case "User":
				add(map[string]any{k: v})
				add(map[string]any{k: v, "DynamicUser": true})
			case "DynamicUser":
				add(map[string]any{k: v})
			default:
				add(map[string]any{k: v, "User": "app"})
			}
		}
	}
	interacting := []string{"DynamicUser", "User", "PrivateDevices", "ProtectClock", "DevicePolicy", "DeviceAllow", "RootImage"}
	rng := rand.New(rand.NewPCG(13, 5))
	for range 500 {
		sc := map[string]any{}
		for range 1 + rng.IntN(12) {
			k := keys[rng.IntN(len(keys))]
			if rng.IntN(4) == 0 {
				k = interacting[rng.IntN(len(interacting))]
			}
			sc[k] = pools[k][rng.IntN(len(pools[k]))]
		}
		add(sc)
	}
	return cases
}
