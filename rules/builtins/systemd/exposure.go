package systemd

import (
	"encoding/base64"
	"math/big"
	"net/netip"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/topdown/builtins"
)

// This file is systemd-analyze security's exposure score of a service,
// computed from its NixOS serviceConfig as systemd computes it from the
// unit NixOS writes: the assessors, weights and ranges of systemd's
// src/analyze/analyze-security.c, in its order, and its formula:
// badness_sum += ceil(badness * weight / range), weight_sum += weight,
// exposure = ceil(100 * badness_sum / weight_sum) tenths. SVC007 decides
// which services to score and what is too exposed; this only scores.
//
// The settings are read as systemd 252 reads the unit NixOS writes
// (exposure_systemd_test.go checks this against systemd-analyze security
// --offline): each list element is one assignment, an invalid assignment is
// ignored, an empty one resets a list, and what systemd implies
// (DynamicUser, PrivateDevices, ProtectClock…) is applied. Where nixsec
// knows less than systemd (systemdDifferences in that test):
// DefaultDependencies is assumed on (it is no serviceConfig setting),
// specifiers (%n, %i…) are not expanded, a value is read up to a line
// break, errno names are not checked, system call groups are systemd 252's
// on x86-64, and a unit systemd refuses to load (an invalid User or
// DynamicUser, a relative RootDirectory…) is still scored. Values newer
// than systemd 252 (PrivateTmp = "disconnected", PrivateUsers = "self"…)
// count as the newer systemd counts them.

// Score is one assessor's verdict on a service.
type Score struct {
	ID      string // systemd's id, e.g. "CapabilityBoundingSet=~CAP_SYS_ADMIN"
	Setting string // the directive a user sets to lower it
	Weight  int
	Badness int // 0 (fine) to the assessor's range
	Points  int // ceil(Badness * Weight / range)

	assessor int // index in assessors
}

// Exposure is a service's score: Tenths is systemd's exposure in tenths
// (96 = 9.6); Points sums the points per setting, holding only settings
// that cost points; Scores lists every assessor that applies.
type Exposure struct {
	Tenths int
	Points map[string]int
	Scores []Score

	bySetting [maxSettings]int // the points per settings[i]
}

// notApplicable is the badness of an assessor that does not apply
// (systemd's UINT64_MAX: SupplementaryGroups and RemoveIPC for root): it is
// left out of the scores and of the weight sum.
const notApplicable = -1

type assessor struct {
	id, setting string
	weight, rng int
	badness     func(*view) int
}

// boolean assessors read the setting they are named after: 0 when it is on.
func boolean(setting string, weight int) assessor {
	bit := boolBit(setting)
	return assessor{setting + "=", setting, weight, 1, func(v *view) int { return bad(v.on&bit == 0) }}
}

// capability assessors cost their weight while one of caps stays in the
// bounding set.
func capability(id string, weight int, caps ...string) assessor {
	var mask uint64
	for _, c := range caps {
		n, ok := capabilityNumber(c)
		if !ok {
			panic("unknown capability " + c)
		}
		mask |= 1 << n
	}
	return assessor{id, "CapabilityBoundingSet", weight, 1, func(v *view) int { return bad(v.bounded&mask != 0) }}
}

func namespace(id, ns string, weight int) assessor {
	bit := uint16(1) << len(namespaces)
	namespaces = append(namespaces, ns)
	return assessor{id, "RestrictNamespaces", weight, 1, func(v *view) int { return bad(v.ns&bit == 0) }}
}

func family(id, fam string, weight int) assessor {
	bit := uint16(1) << len(families)
	families = append(families, fam)
	return assessor{id, "RestrictAddressFamilies", weight, 1, func(v *view) int { return bad(v.af&bit == 0) }}
}

func syscallGroup(group string, weight int) assessor {
	return assessor{"SystemCallFilter=~@" + group, "SystemCallFilter", weight, 10, func(v *view) int { return v.syscall.badness(group) }}
}

func single(id, setting string, weight, rng int, badness func(*view) int) assessor {
	return assessor{id, setting, weight, rng, badness}
}

func bad(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Filled in by the constructors of the assessors below: a view's ns and
// af have bit i set when namespaces[i] or families[i] is restricted.
var (
	namespaces []string // the namespace types of RestrictNamespaces' assessors
	families   []string // the families of RestrictAddressFamilies' assessors
)

// assessors are analyze-security.c's, in its order.
var assessors = []assessor{
	single("User=/DynamicUser=", "User/DynamicUser", 2000, 10, (*view).userBadness),
	single("SupplementaryGroups=", "SupplementaryGroups", 200, 1, (*view).supplementaryBadness),
	boolean("PrivateDevices", 1000),
	boolean("PrivateMounts", 1000),
	boolean("PrivateNetwork", 2500),
	boolean("PrivateTmp", 1000),
	boolean("PrivateUsers", 1000),
	boolean("ProtectControlGroups", 1000),
	boolean("ProtectKernelModules", 1000),
	boolean("ProtectKernelTunables", 1000),
	boolean("ProtectKernelLogs", 1000),
	boolean("ProtectClock", 1000),
	single("ProtectHome=", "ProtectHome", 1000, 10, (*view).protectHomeBadness),
	boolean("ProtectHostname", 50),
	single("ProtectSystem=", "ProtectSystem", 1000, 10, (*view).protectSystemBadness),
	single("RootDirectory=/RootImage=", "RootDirectory/RootImage", 200, 1, (*view).rootDirectoryBadness),
	boolean("LockPersonality", 100),
	boolean("MemoryDenyWriteExecute", 100),
	boolean("NoNewPrivileges", 1000),
	capability("CapabilityBoundingSet=~CAP_SYS_ADMIN", 1500, "CAP_SYS_ADMIN"),
	capability("CapabilityBoundingSet=~CAP_SET(UID|GID|PCAP)", 1500, "CAP_SETUID", "CAP_SETGID", "CAP_SETPCAP"),
	capability("CapabilityBoundingSet=~CAP_SYS_PTRACE", 1500, "CAP_SYS_PTRACE"),
	capability("CapabilityBoundingSet=~CAP_SYS_TIME", 1000, "CAP_SYS_TIME"),
	capability("CapabilityBoundingSet=~CAP_NET_ADMIN", 1000, "CAP_NET_ADMIN"),
	capability("CapabilityBoundingSet=~CAP_SYS_RAWIO", 1000, "CAP_SYS_RAWIO"),
	capability("CapabilityBoundingSet=~CAP_SYS_MODULE", 1000, "CAP_SYS_MODULE"),
	capability("CapabilityBoundingSet=~CAP_AUDIT_*", 500, "CAP_AUDIT_CONTROL", "CAP_AUDIT_READ", "CAP_AUDIT_WRITE"),
	capability("CapabilityBoundingSet=~CAP_SYSLOG", 500, "CAP_SYSLOG"),
	capability("CapabilityBoundingSet=~CAP_SYS_(NICE|RESOURCE)", 500, "CAP_SYS_NICE", "CAP_SYS_RESOURCE"),
	capability("CapabilityBoundingSet=~CAP_MKNOD", 500, "CAP_MKNOD"),
	capability("CapabilityBoundingSet=~CAP_(CHOWN|FSETID|SETFCAP)", 1000, "CAP_CHOWN", "CAP_FSETID", "CAP_SETFCAP"),
	capability("CapabilityBoundingSet=~CAP_(DAC_*|FOWNER|IPC_OWNER)", 1000, "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_IPC_OWNER"),
	capability("CapabilityBoundingSet=~CAP_KILL", 500, "CAP_KILL"),
	capability("CapabilityBoundingSet=~CAP_NET_(BIND_SERVICE|BROADCAST|RAW)", 500, "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_RAW"),
	capability("CapabilityBoundingSet=~CAP_SYS_BOOT", 100, "CAP_SYS_BOOT"),
	capability("CapabilityBoundingSet=~CAP_MAC_*", 100, "CAP_MAC_ADMIN", "CAP_MAC_OVERRIDE"),
	capability("CapabilityBoundingSet=~CAP_LINUX_IMMUTABLE", 75, "CAP_LINUX_IMMUTABLE"),
	capability("CapabilityBoundingSet=~CAP_IPC_LOCK", 50, "CAP_IPC_LOCK"),
	capability("CapabilityBoundingSet=~CAP_SYS_CHROOT", 50, "CAP_SYS_CHROOT"),
	capability("CapabilityBoundingSet=~CAP_BLOCK_SUSPEND", 25, "CAP_BLOCK_SUSPEND"),
	capability("CapabilityBoundingSet=~CAP_WAKE_ALARM", 25, "CAP_WAKE_ALARM"),
	capability("CapabilityBoundingSet=~CAP_LEASE", 25, "CAP_LEASE"),
	capability("CapabilityBoundingSet=~CAP_SYS_TTY_CONFIG", 25, "CAP_SYS_TTY_CONFIG"),
	capability("CapabilityBoundingSet=~CAP_SYS_PACCT", 25, "CAP_SYS_PACCT"),
	capability("CapabilityBoundingSet=~CAP_BPF", 25, "CAP_BPF"), // in systemd 252; not in the Rego this replaced (testdata/exposure)
	single("UMask=", "UMask", 100, 10, (*view).umaskBadness),
	single("KeyringMode=", "KeyringMode", 1000, 1, (*view).keyringBadness),
	single("ProtectProc=", "ProtectProc", 1000, 3, (*view).protectProcBadness),
	single("ProcSubset=", "ProcSubset", 10, 1, (*view).procSubsetBadness),
	single("NotifyAccess=", "NotifyAccess", 1000, 1, (*view).notifyAccessBadness),
	single("RemoveIPC=", "RemoveIPC", 100, 1, (*view).removeIPCBadness),
	single("Delegate=", "Delegate", 100, 1, (*view).delegateBadness),
	boolean("RestrictRealtime", 500),
	boolean("RestrictSUIDSGID", 1000),
	// systemd 252 prints these ids as RestrictNamespaces=~user, ~mnt…
	namespace("RestrictNamespaces=~CLONE_NEWUSER", "user", 1500),
	namespace("RestrictNamespaces=~CLONE_NEWNS", "mnt", 500),
	namespace("RestrictNamespaces=~CLONE_NEWIPC", "ipc", 500),
	namespace("RestrictNamespaces=~CLONE_NEWPID", "pid", 500),
	namespace("RestrictNamespaces=~CLONE_NEWCGROUP", "cgroup", 500),
	namespace("RestrictNamespaces=~CLONE_NEWNET", "net", 500),
	namespace("RestrictNamespaces=~CLONE_NEWUTS", "uts", 100),
	family("RestrictAddressFamilies=~AF_(INET|INET6)", "inet", 1500),
	family("RestrictAddressFamilies=~AF_UNIX", "unix", 25),
	family("RestrictAddressFamilies=~AF_NETLINK", "netlink", 200),
	family("RestrictAddressFamilies=~AF_PACKET", "packet", 1000),
	family("RestrictAddressFamilies=~…", "other", 1250),
	single("SystemCallArchitectures=", "SystemCallArchitectures", 1000, 10, (*view).architecturesBadness),
	syscallGroup("swap", 1000),
	syscallGroup("obsolete", 250),
	syscallGroup("clock", 1000),
	syscallGroup("cpu-emulation", 250),
	syscallGroup("debug", 1000),
	syscallGroup("mount", 1000),
	syscallGroup("module", 1000),
	syscallGroup("raw-io", 1000),
	syscallGroup("reboot", 1000),
	syscallGroup("privileged", 700),
	syscallGroup("resources", 700),
	single("IPAddressDeny=", "IPAddressDeny", 1000, 10, (*view).ipBadness),
	single("DeviceAllow=", "DevicePolicy", 1000, 10, (*view).deviceBadness),
	single("AmbientCapabilities=", "AmbientCapabilities", 500, 1, (*view).ambientBadness),
}

// systemdExposure is the builtin's body. Any object has an exposure; any
// other value is a type error, as object.filter raised in the Rego it
// replaces: with StrictBuiltinErrors the evaluation fails, so a rule that
// passes it a non-object cannot pass by mistake.
func systemdExposure(a *ast.Term) (*ast.Term, error) {
	sc, ok := a.Value.(ast.Object)
	if !ok {
		return nil, builtins.NewOperandTypeErr(1, a.Value, "object")
	}
	return ExposureOf(sc).Term(), nil
}

// ExposureOf scores a serviceConfig.
func ExposureOf(sc ast.Object) Exposure {
	return newView(sc).exposure(true)
}

// exposure scores the view; with scores, it lists every assessor's
// (lib.own_units needs only the sums).
func (v *view) exposure(scores bool) Exposure {
	e := Exposure{}
	if scores {
		e.Points = make(map[string]int, 32)
		e.Scores = make([]Score, 0, len(assessors))
	}
	sum, weight := 0, 0
	for i, a := range assessors {
		b := a.badness(v)
		if b == notApplicable {
			continue
		}
		p := (b*a.weight + a.rng - 1) / a.rng // ceil; b and the weight are not negative
		if scores {
			e.Scores = append(e.Scores, Score{ID: a.id, Setting: a.setting, Weight: a.weight, Badness: b, Points: p, assessor: i})
		}
		sum += p
		weight += a.weight
		if p > 0 && scores {
			e.Points[a.setting] += p
		}
		e.bySetting[settingOf[i]] += p
	}
	e.Tenths = (100*sum + weight - 1) / weight
	return e
}

// settings are the assessors' distinct settings, in order; settingOf[i]
// is the index in settings of assessors[i]'s. Exposure.bySetting sums the
// points by that index without a map.
var settings, settingOf = func() (names []string, of []int) {
	at := map[string]int{}
	for _, a := range assessors {
		i, ok := at[a.setting]
		if !ok {
			i = len(names)
			at[a.setting] = i
			names = append(names, a.setting)
		}
		of = append(of, i)
	}
	return names, of
}()

const maxSettings = 64 // more than len(settings); TestSettings checks

// Term renders e as the builtin returns it.
func (e Exposure) Term() *ast.Term {
	t := exposureTerms()
	scores := make([]*ast.Term, len(e.Scores))
	for i, s := range e.Scores {
		scores[i] = t.scores[s.assessor][s.Badness]
	}
	return ast.ObjectTerm(
		ast.Item(ast.InternedTerm("tenths"), ast.InternedTerm(e.Tenths)),
		ast.Item(ast.InternedTerm("points"), e.pointsTerm()),
		ast.Item(ast.InternedTerm("scores"), ast.ArrayTerm(scores...)),
	)
}

// pointsTerm is e.Points as an object.
func (e Exposure) pointsTerm() *ast.Term {
	t := exposureTerms()
	points := make([][2]*ast.Term, 0, len(e.Points))
	for s, p := range e.Points {
		points = append(points, ast.Item(t.settings[s], ast.InternedTerm(p)))
	}
	return ast.ObjectTerm(points...)
}

// exposureTerms are the terms Term assembles a result from, built once:
// scores[i][b] is the score of assessors[i] at badness b. A score object
// costs more to build than to compute, and there are a few hundred; like
// the terms of the input, they are shared by every evaluation and never
// changed.
var exposureTerms = sync.OnceValue(func() (t struct {
	scores   [][]*ast.Term
	settings map[string]*ast.Term
}) {
	t.settings = map[string]*ast.Term{}
	for _, a := range assessors {
		setting, ok := t.settings[a.setting]
		if !ok {
			setting = ast.StringTerm(a.setting)
			t.settings[a.setting] = setting
		}
		var byBadness []*ast.Term
		for b := 0; b <= a.rng; b++ {
			byBadness = append(byBadness, ast.ObjectTerm(
				ast.Item(ast.InternedTerm("id"), ast.StringTerm(a.id)),
				ast.Item(ast.InternedTerm("setting"), setting),
				ast.Item(ast.InternedTerm("weight"), ast.InternedTerm(a.weight)),
				ast.Item(ast.InternedTerm("badness"), ast.InternedTerm(b)),
				ast.Item(ast.InternedTerm("points"), ast.InternedTerm((b*a.weight+a.rng-1)/a.rng)),
			))
		}
		t.scores = append(t.scores, byBadness)
	}
	return t
})

// ---- the unit NixOS writes ----

// assignments is a setting as NixOS's attrsToSection writes it into the
// unit: one assignment per element of a list, else one; nil when unset. An
// object, which NixOS cannot write, is left out.
func assignments(x ast.Value) []string {
	arr, ok := x.(*ast.Array)
	if !ok {
		if s, ok := assignment(x); ok {
			return []string{s}
		}
		return []string{}
	}
	out := make([]string, 0, arr.Len())
	arr.Foreach(func(t *ast.Term) {
		if s, ok := assignment(t.Value); ok {
			out = append(out, s)
		}
	})
	return out
}

// assignment is one element's assignment; ok is false for what NixOS
// cannot write.
func assignment(x ast.Value) (string, bool) {
	s, ok := nixString(x)
	switch x {
	case ast.Boolean(true):
		s = "true"
	case ast.Boolean(false):
		s = "false"
	}
	if !ok {
		return "", false
	}
	// The unit's line ends at a line break: what follows is another line,
	// not this setting's. systemd strips the value of the white space
	// around it.
	if i := strings.IndexAny(s, "\n\r\x00"); i >= 0 {
		s = s[:i]
	}
	return strings.Trim(s, " \t\n\r"), true
}

// nixString is Nix's toString: true is "1", false and null "", a float
// has six decimals, a list is its elements' strings joined by spaces (none
// after an empty list).
func nixString(x ast.Value) (string, bool) {
	switch x := x.(type) {
	case ast.String:
		return string(x), true
	case ast.Boolean:
		if x {
			return "1", true
		}
		return "", true
	case ast.Null:
		return "", true
	case ast.Number:
		if i, ok := new(big.Int).SetString(string(x), 10); ok {
			return i.String(), true
		}
		f, err := strconv.ParseFloat(string(x), 64)
		if err != nil && f == 0 {
			return "", false
		}
		return strconv.FormatFloat(f, 'f', 6, 64), true
	case *ast.Array:
		var b strings.Builder
		ok := true
		for i := range x.Len() {
			e := x.Elem(i).Value
			s, eok := nixString(e)
			ok = ok && eok
			b.WriteString(s)
			if l, isList := e.(*ast.Array); i < x.Len()-1 && (!isList || l.Len() > 0) {
				b.WriteByte(' ')
			}
		}
		return b.String(), ok
	}
	return "", false
}

// words splits a value at white space as systemd's extract_first_word does;
// with unquote, quotes group and are removed and a backslash escapes.
func words(s string, unquote bool) []string {
	var out []string
	var w strings.Builder
	in, quote, escaped := false, rune(0), false
	for _, r := range s {
		switch {
		case escaped:
			w.WriteRune(r)
			escaped = false
		case unquote && r == '\\':
			escaped, in = true, true
		case unquote && quote != 0 && r == quote:
			quote = 0
		case unquote && quote == 0 && (r == '"' || r == '\''):
			quote, in = r, true
		case quote == 0 && strings.ContainsRune(" \t\n\r", r):
			if in {
				out = append(out, w.String())
				w.Reset()
			}
			in = false
		default:
			w.WriteRune(r)
			in = true
		}
	}
	if in {
		out = append(out, w.String())
	}
	return out
}

var boolWords = map[string]bool{
	"1": true, "yes": true, "y": true, "true": true, "t": true, "on": true,
	"0": false, "no": false, "n": false, "false": false, "f": false, "off": false,
}

// parseBoolean is systemd's parse_boolean.
func parseBoolean(s string) (b, ok bool) {
	b, ok = boolWords[strings.ToLower(s)]
	return b, ok
}

// lastBool is a boolean setting: its last valid assignment, else false.
// newer are the words systemd after 252 takes as on.
func lastBool(ls []string, newer ...string) bool {
	on, _ := boolSetting(ls, newer...)
	return on
}

// boolSetting is lastBool that also tells whether an assignment was valid
// (set): systemd ignores an invalid one, and an empty one too.
func boolSetting(ls []string, newer ...string) (on, set bool) {
	for _, l := range ls {
		if b, ok := parseBoolean(l); ok {
			on, set = b, true
		} else if slices.Contains(newer, l) {
			on, set = true, true
		}
	}
	return on, set
}

// lastWord is an enumeration: its last assignment that is one of valid,
// else def; a boolean is "yes" or "no" when boolean.
func lastWord(ls []string, def string, boolean bool, valid ...string) string {
	for _, l := range ls {
		if b, ok := parseBoolean(l); ok && boolean {
			def = "no"
			if b {
				def = "yes"
			}
		} else if slices.Contains(valid, l) {
			def = l
		}
	}
	return def
}

// afterReset is a list setting's assignments after the last empty one,
// which resets it.
func afterReset(ls []string) []string {
	for i := len(ls) - 1; i >= 0; i-- {
		if ls[i] == "" {
			return ls[i+1:]
		}
	}
	return ls
}

// simplifyPath is systemd's path_simplify: no repeated slashes, no "."
// components, no trailing slash; ok is false for a relative path or one
// with "..", which systemd refuses.
func simplifyPath(p string) (string, bool) {
	if !strings.HasPrefix(p, "/") || slices.Contains(strings.Split(p, "/"), "..") {
		return p, false
	}
	return path.Clean(p), true
}

// ---- a service's settings, read once ----

// view is what the assessors read from a serviceConfig.
type view struct {
	lines map[string][]string // each scored setting's assignments (get)
	on    boolBits            // the boolean settings that are on
	identity
	bounded uint64 // the capability bounding set, by capability number
	ns, af  uint16 // namespaces[i] and families[i] restricted, by bit
	syscall syscallFilter
}

// get is a scored setting's assignments. The name must be one of
// scoredSettings: readUnit reads no other (exposure_perf_test.go checks).
func (v *view) get(name string) []string { return v.lines[name] }

// identity is who a service runs as. The User=/DynamicUser= assessor,
// SupplementaryGroups, RemoveIPC and the builtin nixsec.systemd_user
// (SVC006, lib.runs_as_root) all read it from here.
type identity struct {
	user    string // User, "" when unset
	dynamic bool   // DynamicUser
	root    bool   // runs as root: User is root, or unset without DynamicUser
}

// identityOf reads User and DynamicUser from a unit's assignments: the
// last User assignment counts and an empty one resets it. The assessor
// resolves no names: only "root" and "0" are root, and a root User wins
// over DynamicUser.
func identityOf(lines map[string][]string) identity {
	id := identity{dynamic: lastBool(lines["DynamicUser"])}
	for _, l := range lines["User"] {
		id.user = l // "" resets
	}
	id.root = id.user == "root" || id.user == "0" || (id.user == "" && !id.dynamic)
	return id
}

// The boolean settings, with the newer words that turn them on.
var boolSettings = map[string][]string{
	"PrivateDevices": nil, "PrivateMounts": nil, "PrivateNetwork": nil,
	"PrivateTmp":           {"disconnected"},
	"PrivateUsers":         {"self", "identity", "full", "managed"},
	"ProtectControlGroups": {"private", "strict"},
	"ProtectHostname":      {"private"},
	"ProtectKernelModules": nil, "ProtectKernelTunables": nil, "ProtectKernelLogs": nil, "ProtectClock": nil,
	"LockPersonality": nil, "MemoryDenyWriteExecute": nil, "NoNewPrivileges": nil,
	"RestrictRealtime": nil, "RestrictSUIDSGID": nil, "RemoveIPC": nil,
}

// boolBits is a set of boolSettings, bit i for boolNames[i]: a view's
// booleans without a map per service.
type boolBits uint32

// boolNames are boolSettings' names, sorted.
var boolNames = func() []string {
	names := make([]string, 0, len(boolSettings))
	for n := range boolSettings {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}()

// boolBit is the bit of a boolean setting.
func boolBit(name string) boolBits {
	i := slices.Index(boolNames, name)
	if i < 0 {
		panic("not a boolean setting: " + name)
	}
	return 1 << i
}

// The booleans the assessors read besides their own.
var (
	removeIPCBit      = boolBit("RemoveIPC")
	privateDevicesBit = boolBit("PrivateDevices")
	protectClockBit   = boolBit("ProtectClock")
)

// DynamicUser implies these (and ProtectSystem=strict, and read-only for
// ProtectHome=no), whatever the unit says.
var dynamicImplies = []string{"PrivateTmp", "RemoveIPC", "RestrictSUIDSGID", "NoNewPrivileges"}

// Capabilities systemd drops from the bounding set for other settings.
var impliedDrops = map[string][]string{
	"PrivateDevices":       {"CAP_MKNOD", "CAP_SYS_RAWIO"},
	"ProtectKernelModules": {"CAP_SYS_MODULE"},
	"ProtectKernelLogs":    {"CAP_SYSLOG"},
	"ProtectClock":         {"CAP_SYS_TIME", "CAP_WAKE_ALARM"},
}

// dynamicBits and dropMasks are dynamicImplies and impliedDrops as bits,
// computed once.
var (
	dynamicBits = func() (b boolBits) {
		for _, s := range dynamicImplies {
			b |= boolBit(s)
		}
		return b
	}()
	dropMasks = func() (out []capabilityDrop) {
		for s, caps := range impliedDrops {
			var mask uint64
			for _, c := range caps {
				n, _ := capabilityNumber(c)
				mask |= 1 << n
			}
			out = append(out, capabilityDrop{boolBit(s), mask})
		}
		return out
	}()
)

// capabilityDrop is an entry of impliedDrops: the capabilities (by bit)
// that the boolean on drops.
type capabilityDrop struct {
	on   boolBits
	caps uint64
}

// scoredSettings are the settings the assessors read: the boolean ones,
// and those view.get and identityOf read. readUnit reads only these: a
// unit's other settings (ExecStart, Type…) need not be converted.
var scoredSettings = func() map[string]bool {
	m := map[string]bool{}
	for _, n := range []string{
		"User", "DynamicUser", "SupplementaryGroups", "ProtectHome", "ProtectSystem", "RootDirectory", "RootImage",
		"CapabilityBoundingSet", "UMask", "KeyringMode", "ProtectProc", "ProcSubset", "NotifyAccess", "Delegate",
		"RestrictNamespaces", "RestrictAddressFamilies", "SystemCallArchitectures", "SystemCallFilter",
		"IPIngressFilterPath", "IPEgressFilterPath", "IPAddressDeny", "IPAddressAllow", "DevicePolicy",
		"DeviceAllow", "MountImages", "LoadCredentialEncrypted", "SetCredentialEncrypted", "AmbientCapabilities",
	} {
		m[n] = true
	}
	for n := range boolSettings {
		m[n] = true
	}
	return m
}()

// init interns the scored settings: the engine then lists a
// serviceConfig's keys without a string term per setting (as
// rules/builtins interns the option names of host documents).
func init() {
	for name := range scoredSettings {
		ast.InternStringTerm(name)
	}
}

// readUnit is the assignments of each setting of sc as systemd reads the
// unit NixOS writes, of the scored settings; with names, of those
// settings only. It walks sc, which converts all of it: lib.own_units
// returns each serviceConfig, whose hash converts it anyway, and once
// converted a walk allocates nothing.
func readUnit(sc ast.Object, names ...string) map[string][]string {
	lines := map[string][]string{}
	// NixOS writes the settings in the order of their names, the order
	// Foreach has them in; systemd reads a name without the white space
	// around it.
	sc.Foreach(func(k, v *ast.Term) {
		s, ok := k.Value.(ast.String)
		if !ok {
			return
		}
		name := strings.Trim(string(s), " \t\n\r")
		if len(names) == 0 && !scoredSettings[name] || len(names) > 0 && !slices.Contains(names, name) {
			return
		}
		as := assignments(v.Value)
		if prev, ok := lines[name]; ok {
			lines[name] = append(prev, as...)
		} else {
			lines[name] = as
		}
	})
	return lines
}

func newView(sc ast.Object) *view {
	v := &view{lines: readUnit(sc)}
	for i, key := range boolNames {
		if lastBool(v.get(key), boolSettings[key]...) {
			v.on |= 1 << i
		}
	}
	v.identity = identityOf(v.lines)
	if v.dynamic {
		v.on |= dynamicBits
	}
	v.bounded = capabilitySet(v.get("CapabilityBoundingSet"), ^uint64(0))
	for _, d := range dropMasks {
		if v.on&d.on != 0 {
			v.bounded &^= d.caps
		}
	}
	v.ns = restrictedNamespaces(v.get("RestrictNamespaces"))
	v.af = restrictedFamilies(v.get("RestrictAddressFamilies"))
	v.syscall = readSyscallFilter(v.get("SystemCallFilter"))
	return v
}

// ---- the assessors that read one setting ----

func (v *view) userBadness() int {
	switch {
	case v.user == "nobody":
		return 9
	case v.root:
		return 10
	}
	return 0
}

func (v *view) supplementaryBadness() int {
	if v.root {
		return notApplicable
	}
	for _, l := range afterReset(v.get("SupplementaryGroups")) {
		if len(words(l, true)) > 0 {
			return 1
		}
	}
	return 0
}

// ProtectHome: yes 0, tmpfs 1, read-only 5 (what DynamicUser makes of no),
// no 10.
func (v *view) protectHomeBadness() int {
	h := lastWord(v.get("ProtectHome"), "no", true, "read-only", "tmpfs")
	if h == "no" && v.dynamic {
		h = "read-only"
	}
	return map[string]int{"yes": 0, "tmpfs": 1, "read-only": 5, "no": 10}[h]
}

// ProtectSystem: strict 0 (DynamicUser makes it strict), full 3, yes 5,
// no 10.
func (v *view) protectSystemBadness() int {
	p := lastWord(v.get("ProtectSystem"), "no", true, "full", "strict")
	if v.dynamic {
		p = "strict"
	}
	return map[string]int{"strict": 0, "full": 3, "yes": 5, "no": 10}[p]
}

// lastPath is a path setting: its last assignment, "" when unset or reset.
func (v *view) lastPath(key string) string {
	p := ""
	for _, l := range v.get(key) {
		p = l
	}
	return p
}

func (v *view) rootDirectoryBadness() int {
	for _, key := range []string{"RootDirectory", "RootImage"} {
		if p, _ := simplifyPath(v.lastPath(key)); p != "" && p != "/" {
			return 0
		}
	}
	return 1
}

func (v *view) keyringBadness() int {
	return bad(lastWord(v.get("KeyringMode"), "private", false, "inherit", "private", "shared") != "private")
}

func (v *view) protectProcBadness() int {
	switch lastWord(v.get("ProtectProc"), "default", false, "default", "noaccess", "invisible", "ptraceable") {
	case "noaccess":
		return 1
	case "invisible", "ptraceable":
		return 0
	}
	return 3
}

func (v *view) procSubsetBadness() int {
	return bad(lastWord(v.get("ProcSubset"), "all", false, "all", "pid") != "pid")
}

func (v *view) notifyAccessBadness() int {
	return bad(lastWord(v.get("NotifyAccess"), "none", false, "none", "all", "main", "exec") == "all")
}

func (v *view) removeIPCBadness() int {
	if v.root {
		return notApplicable
	}
	return bad(v.on&removeIPCBit == 0)
}

// Delegate takes a boolean; anything else (a list of cgroup controllers,
// even an empty one) turns it on.
func (v *view) delegateBadness() int {
	on := false
	for _, l := range v.get("Delegate") {
		b, ok := parseBoolean(l)
		on = b || !ok
	}
	return bad(on)
}

// The architectures systemd 252 knows.
var architectures = []string{"native", "x86", "x86-64", "x32", "arm", "arm64", "mips", "mips64", "mips64-n32",
	"mips-le", "mips64-le", "mips64-le-n32", "ppc", "ppc64", "ppc64-le", "s390", "s390x", "riscv64", "parisc", "parisc64"}

// SystemCallArchitectures: none 10, only native 0, others 8.
func (v *view) architecturesBadness() int {
	archs := map[string]bool{}
	for _, l := range v.get("SystemCallArchitectures") {
		if l == "" {
			clear(archs)
		}
		for _, w := range words(l, true) {
			if slices.Contains(architectures, w) {
				archs[w] = true
			}
		}
	}
	switch {
	case len(archs) == 0:
		return 10
	case len(archs) == 1 && archs["native"]:
		return 0
	}
	return 8
}

// ipPrefixes is an IPAddressDeny or IPAddressAllow list: its prefixes,
// masked; invalid words are ignored.
func ipPrefixes(ls []string) []netip.Prefix {
	var out []netip.Prefix
	for _, l := range afterReset(ls) {
		for _, w := range words(l, false) {
			switch w {
			case "any":
				out = append(out, netip.MustParsePrefix("0.0.0.0/0"), netip.MustParsePrefix("::/0"))
			case "localhost":
				out = append(out, netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128"))
			case "link-local":
				out = append(out, netip.MustParsePrefix("169.254.0.0/16"), netip.MustParsePrefix("fe80::/64"))
			case "multicast":
				out = append(out, netip.MustParsePrefix("224.0.0.0/4"), netip.MustParsePrefix("ff00::/8"))
			default:
				p, err := netip.ParsePrefix(w)
				if err != nil {
					a, aerr := netip.ParseAddr(w)
					if aerr != nil || a.Zone() != "" {
						continue
					}
					p = netip.PrefixFrom(a, a.BitLen())
				}
				out = append(out, p.Masked())
			}
		}
	}
	return out
}

// validPaths is whether a list of absolute, normalized paths holds one.
func (v *view) validPaths(key string) bool {
	for _, l := range afterReset(v.get(key)) {
		if _, ok := simplifyPath(l); ok {
			return true
		}
	}
	return false
}

// IPAddressDeny: custom BPF filters 0; no deny-all 10; deny-all with
// non-localhost exceptions 5, with localhost only 2, with none 0.
func (v *view) ipBadness() int {
	if v.validPaths("IPIngressFilterPath") || v.validPaths("IPEgressFilterPath") {
		return 0
	}
	deny4, deny6 := false, false
	for _, p := range ipPrefixes(v.get("IPAddressDeny")) {
		deny4 = deny4 || (p.Bits() == 0 && p.Addr().Is4())
		deny6 = deny6 || (p.Bits() == 0 && p.Addr().Is6())
	}
	if !deny4 || !deny6 {
		return 10
	}
	localhost, other := false, false
	for _, p := range ipPrefixes(v.get("IPAddressAllow")) {
		a := p.Addr()
		if (a.Is4() && a.As4()[0] == 127) || a == netip.IPv6Loopback() {
			localhost = true
		} else {
			other = true
		}
	}
	switch {
	case other:
		return 5
	case localhost:
		return 2
	}
	return 0
}

// deviceAllowed is whether a DeviceAllow list holds a valid entry: a
// block- or char- class, or a node under /dev, then rights of "rwm".
func deviceAllowed(ls []string) bool {
	for _, l := range afterReset(ls) {
		raw := firstWord(l)
		ws := words(raw, true)
		if len(ws) != 1 {
			continue
		}
		p, ok := simplifyPath(ws[0])
		node := ok && (p == "/dev" || strings.HasPrefix(p, "/dev/"))
		class := strings.HasPrefix(ws[0], "block-") || strings.HasPrefix(ws[0], "char-")
		if rights := strings.Trim(l[len(raw):], " \t\n\r"); (node || class) && strings.Trim(rights, "rwm") == "" {
			return true
		}
	}
	return false
}

// firstWord is the first word of l as written, quotes and all.
func firstWord(l string) string {
	quote := rune(0)
	for i, r := range l {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote == 0 && (r == '"' || r == '\''):
			quote = r
		case quote == 0 && strings.ContainsRune(" \t\n\r", r):
			return l[:i]
		}
	}
	return l
}

// mountsImages is whether RootImage or MountImages (src:dst, both
// absolute) name an image, for which systemd allows loop and
// device-mapper devices.
func (v *view) mountsImages() bool {
	if _, ok := simplifyPath(v.lastPath("RootImage")); ok {
		return true
	}
	for _, l := range afterReset(v.get("MountImages")) {
		for _, w := range words(l, true) {
			src, dst, found := strings.Cut(strings.TrimPrefix(w, "-"), ":")
			dst, _, _ = strings.Cut(dst, ":")
			_, sok := simplifyPath(src)
			_, dok := simplifyPath(dst)
			if found && sok && dok {
				return true
			}
		}
	}
	return false
}

// credentialName is systemd's credential_name_valid.
func credentialName(s string) bool {
	return s != "" && s != "." && s != ".." && !strings.Contains(s, "/") && len(s) <= 255
}

// encryptedCredentials is whether the service loads or sets an encrypted
// credential, for which systemd allows the TPM device.
func (v *view) encryptedCredentials() bool {
	for _, l := range afterReset(v.get("LoadCredentialEncrypted")) {
		if id, _, _ := strings.Cut(l, ":"); credentialName(id) {
			return true
		}
	}
	for _, l := range afterReset(v.get("SetCredentialEncrypted")) {
		id, data, _ := strings.Cut(l, ":")
		data = strings.Join(strings.Fields(data), "")
		if _, err := base64.StdEncoding.DecodeString(data); credentialName(id) && data != "" && err == nil {
			return true
		}
	}
	return false
}

// DevicePolicy (systemd's DeviceAllow= assessor): PrivateDevices makes an
// auto policy closed; RootImage or MountImages (with a policy or a device
// list), ProtectClock and encrypted credentials add devices.
func (v *view) deviceBadness() int {
	policy := lastWord(v.get("DevicePolicy"), "auto", false, "auto", "closed", "strict")
	if policy == "auto" && v.on&privateDevicesBit != 0 {
		policy = "closed"
	}
	allowed := deviceAllowed(v.get("DeviceAllow"))
	switch {
	case policy == "auto":
		return 10
	case allowed, v.mountsImages(), v.on&protectClockBit != 0, v.encryptedCredentials():
		return 5
	}
	return 0
}

func (v *view) ambientBadness() int {
	return bad(capabilitySet(v.get("AmbientCapabilities"), 0) != 0)
}

// UMask: an octal mode up to 07777, else the assignment is ignored;
// systemd's default is 0022. UMask = 077 in Nix is the number 77.
func (v *view) umaskBadness() int {
	mask := uint64(0o022)
	for _, l := range v.get("UMask") {
		if m, err := strconv.ParseUint(l, 8, 64); err == nil && m <= 0o7777 && !strings.HasPrefix(l, "+") {
			mask = m
		}
	}
	switch {
	case mask&0o002 == 0:
		return 10
	case mask&0o004 == 0:
		return 5
	case mask&0o020 == 0:
		return 2
	case mask&0o040 == 0:
		return 1
	}
	return 0
}

// ---- capabilities ----

// capabilityNames are Linux's, by number, as systemd 252 knows them.
var capabilityNames = []string{
	"CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "KILL", "SETGID", "SETUID", "SETPCAP",
	"LINUX_IMMUTABLE", "NET_BIND_SERVICE", "NET_BROADCAST", "NET_ADMIN", "NET_RAW", "IPC_LOCK", "IPC_OWNER",
	"SYS_MODULE", "SYS_RAWIO", "SYS_CHROOT", "SYS_PTRACE", "SYS_PACCT", "SYS_ADMIN", "SYS_BOOT", "SYS_NICE",
	"SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "MKNOD", "LEASE", "AUDIT_WRITE", "AUDIT_CONTROL", "SETFCAP",
	"MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG", "WAKE_ALARM", "BLOCK_SUSPEND", "AUDIT_READ", "PERFMON", "BPF",
	"CHECKPOINT_RESTORE",
}

// capabilityNumber is systemd's capability_from_name: a name, in any case,
// or a number below 64.
func capabilityNumber(w string) (int, bool) {
	if n, err := strconv.Atoi(w); err == nil {
		return n, n >= 0 && n < 64 && !strings.HasPrefix(w, "-")
	}
	if name, ok := strings.CutPrefix(strings.ToUpper(w), "CAP_"); ok {
		if i := indexOf(capabilityNames, name); i >= 0 {
			return i, true
		}
	}
	return 0, false
}

func indexOf(xs []string, x string) int {
	for i, y := range xs {
		if x == y {
			return i
		}
	}
	return -1
}

// capabilitySet is CapabilityBoundingSet (initially every capability) or
// AmbientCapabilities (initially none) as systemd's
// config_parse_capability_set builds it: an assignment naming no known
// capability, or the first one, replaces the set (with its complement for
// "~"); any other adds to it, or removes from it for "~".
func capabilitySet(ls []string, initial uint64) uint64 {
	set := initial
	for _, l := range ls {
		rest, invert := strings.CutPrefix(l, "~")
		var sum uint64
		for _, w := range words(rest, true) {
			if n, ok := capabilityNumber(w); ok {
				sum |= 1 << n
			}
		}
		switch {
		case sum == 0 || set == initial:
			set = sum
			if invert {
				set = ^sum
			}
		case invert:
			set &^= sum
		default:
			set |= sum
		}
	}
	return set
}

// ---- namespaces and address families ----

// namespaceTypes are the types systemd 252 knows.
var namespaceTypes = []string{"cgroup", "ipc", "net", "mnt", "pid", "user", "uts", "time"}

// restrictedNamespaces is RestrictNamespaces as systemd builds it: a
// boolean restricts all or none; the first list (after a reset) allows
// only its types ("~": all but them); later lists allow ("~": forbid)
// theirs too. An assignment naming an unknown type is ignored.
func restrictedNamespaces(ls []string) (restricted uint16) {
	all := uint16(1)<<len(namespaceTypes) - 1
	allowed := all // bit i: namespaceTypes[i] allowed
	initial := true
	for _, l := range ls {
		if l == "" {
			allowed, initial = all, true
			continue
		}
		if b, ok := parseBoolean(l); ok {
			allowed, initial = all, false
			if b {
				allowed = 0
			}
			continue
		}
		rest, invert := strings.CutPrefix(l, "~")
		var types uint16
		known := true
		for _, w := range words(rest, false) {
			i := slices.Index(namespaceTypes, w)
			if i < 0 {
				known = false
				break
			}
			types |= 1 << i
		}
		if !known {
			continue
		}
		if initial {
			allowed, initial = 0, false
			if invert {
				allowed = all
			}
		}
		if invert {
			allowed &^= types
		} else {
			allowed |= types
		}
	}
	for i, n := range namespaces {
		if t := slices.Index(namespaceTypes, n); t < 0 || allowed&(1<<t) == 0 {
			restricted |= 1 << i
		}
	}
	return restricted
}

// addressFamilies are the names systemd 252 knows (in any case), by
// assessor family; familyAliases name the same families.
var (
	addressFamilies = func() map[string]string {
		m := map[string]string{"AF_UNIX": "unix", "AF_INET": "inet", "AF_INET6": "inet", "AF_NETLINK": "netlink", "AF_PACKET": "packet"}
		for _, af := range strings.Fields(`AF_AX25 AF_IPX AF_APPLETALK AF_NETROM AF_BRIDGE AF_ATMPVC AF_X25 AF_ROSE
			AF_DECNET AF_NETBEUI AF_SECURITY AF_KEY AF_ASH AF_ECONET AF_ATMSVC AF_RDS AF_SNA AF_IRDA AF_PPPOX
			AF_WANPIPE AF_LLC AF_IB AF_MPLS AF_CAN AF_TIPC AF_BLUETOOTH AF_IUCV AF_RXRPC AF_ISDN AF_PHONET
			AF_IEEE802154 AF_CAIF AF_ALG AF_NFC AF_VSOCK AF_KCM AF_QIPCRTR AF_SMC AF_XDP AF_MCTP`) {
			m[af] = "other"
		}
		return m
	}()
	familyAliases = map[string]string{"AF_LOCAL": "AF_UNIX", "AF_FILE": "AF_UNIX", "AF_ROUTE": "AF_NETLINK"}
)

// familyBit numbers addressFamilies (a list a bit each, fewer than 64);
// familyGroups[i] are the bits of the names in families[i].
var familyBit, familyGroups = func() (map[string]uint64, []uint64) {
	_ = assessors // whose constructors fill in families: initialized first
	names := make([]string, 0, len(addressFamilies))
	for af := range addressFamilies {
		names = append(names, af)
	}
	slices.Sort(names)
	bits := map[string]uint64{}
	for i, af := range names {
		bits[af] = 1 << i // panics past 64 names
	}
	groups := make([]uint64, len(families))
	for i, f := range families {
		for af, g := range addressFamilies {
			if g == f {
				groups[i] |= bits[af]
			}
		}
	}
	return bits, groups
}()

// restrictedFamilies is RestrictAddressFamilies as systemd builds it:
// "none" forbids all; the first list (after a reset or "none") allows only
// its families ("~": forbids only them); later lists add to it or take
// from it. Unknown names are ignored.
func restrictedFamilies(ls []string) (restricted uint16) {
	var set uint64 // the names listed, by familyBit
	list := false  // a list was given since the last reset or "none"
	allowList := false
	for _, l := range ls {
		switch l {
		case "":
			set, list, allowList = 0, false, false
			continue
		case "none":
			set, list, allowList = 0, false, true
			continue
		}
		rest, invert := strings.CutPrefix(l, "~")
		if !list {
			set, list, allowList = 0, true, !invert
		}
		for _, w := range words(rest, true) {
			af := strings.ToUpper(w)
			if alias, ok := familyAliases[af]; ok {
				af = alias
			}
			bit, ok := familyBit[af]
			if !ok {
				continue
			}
			if invert != allowList {
				set |= bit
			} else {
				set &^= bit
			}
		}
	}
	for i, g := range familyGroups {
		if allowList != (set&g != 0) {
			restricted |= 1 << i
		}
	}
	return restricted
}

// ---- system call filter ----

// syscallGroups are systemd 252's groups on x86-64, each with the system
// calls of the assessed groups it holds (those x86-64 has): the other
// groups and calls cannot change a badness. A single call counts through
// the groups that hold it.
var syscallGroups = map[string]string{
	"@chown":         "chown fchown fchownat lchown",
	"@clock":         "adjtimex clock_adjtime clock_settime settimeofday",
	"@cpu-emulation": "modify_ldt",
	"@debug":         "lookup_dcookie perf_event_open pidfd_getfd ptrace",
	"@module":        "delete_module finit_module init_module",
	"@mount":         "chroot fsconfig fsmount fsopen fspick mount mount_setattr move_mount open_tree pivot_root umount2",
	"@obsolete":      "_sysctl afs_syscall create_module get_kernel_syms getpmsg putpmsg query_module security sysfs tuxcall uselib ustat vserver",
	"@raw-io":        "ioperm iopl",
	"@reboot":        "kexec_file_load kexec_load reboot",
	"@resources":     "ioprio_set mbind migrate_pages move_pages sched_setaffinity sched_setattr sched_setparam sched_setscheduler set_mempolicy set_mempolicy_home_node setpriority setrlimit",
	"@setuid":        "setgroups setresuid setreuid setuid",
	"@swap":          "swapoff swapon",
	"@privileged": "@chown @clock @module @raw-io @reboot @swap @setuid _sysctl acct bpf capset chroot fanotify_init fanotify_mark " +
		"nfsservctl open_by_handle_at pivot_root quotactl quotactl_fd setdomainname setfsuid sethostname vhangup",
	"@system-service": "@chown @resources @setuid capset setfsuid",
	// every call systemd 252 knows but nfsservctl
	"@known": "@chown @clock @cpu-emulation @debug @module @mount @obsolete @raw-io @reboot @resources @setuid @swap " +
		"acct bpf capset fanotify_init fanotify_mark open_by_handle_at quotactl quotactl_fd setdomainname setfsuid sethostname vhangup",
}

// syscallBits is a set of the calls syscallGroups names, a bit each.
type syscallBits [2]uint64

func (b syscallBits) and(c syscallBits) syscallBits { return syscallBits{b[0] & c[0], b[1] & c[1]} }
func (b syscallBits) andNot(c syscallBits) syscallBits {
	return syscallBits{b[0] &^ c[0], b[1] &^ c[1]}
}
func (b syscallBits) or(c syscallBits) syscallBits { return syscallBits{b[0] | c[0], b[1] | c[1]} }
func (b syscallBits) empty() bool                  { return b == syscallBits{} }

// syscallSets are the calls of each group and of each call syscallGroups
// names; any other name holds none.
var syscallSets = sync.OnceValue(func() map[string]syscallBits {
	sets := map[string]syscallBits{}
	for _, ms := range syscallGroups {
		for _, m := range strings.Fields(ms) {
			if _, seen := sets[m]; !seen && !strings.HasPrefix(m, "@") {
				var b syscallBits
				b[len(sets)/64] = 1 << (len(sets) % 64) // panics past 128 calls
				sets[m] = b
			}
		}
	}
	var expand func(g string) syscallBits
	expand = func(g string) syscallBits {
		var b syscallBits
		for _, m := range strings.Fields(syscallGroups[g]) {
			if strings.HasPrefix(m, "@") {
				b = b.or(expand(m))
			} else {
				b = b.or(sets[m])
			}
		}
		return b
	}
	for g := range syscallGroups {
		sets[g] = expand(g)
	}
	return sets
})

// syscallFilter is SystemCallFilter: none, an allow list or a deny list,
// and the calls (of syscallSets) it lists.
type syscallFilter struct {
	mode  byte // 0 none, 'a' allow, 'd' deny
	calls syscallBits
}

// errnoSuffix is whether s is what systemd takes after "call:": an errno
// name (approximated as E and capitals), a number up to 4095, or "kill".
func errnoSuffix(s string) bool {
	if n, err := strconv.Atoi(s); err == nil {
		return n >= 0 && n <= 4095
	}
	return s == "kill" || (len(s) > 1 && s[0] == 'E' && strings.Trim(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") == "")
}

// readSyscallFilter builds SystemCallFilter as systemd's
// config_parse_syscall_filter: the first assignment (after a reset) makes
// an allow list, or a deny list with "~"; then an entry adds its calls when
// its "~" matches the list's kind and removes them otherwise. An allow
// list takes no ":errno"; a deny list's entry may.
func readSyscallFilter(ls []string) syscallFilter {
	var f syscallFilter
	sets := syscallSets()
	for _, l := range ls {
		if l == "" {
			f = syscallFilter{}
			continue
		}
		rest, invert := strings.CutPrefix(l, "~")
		if f.mode == 0 {
			f.mode = 'a'
			if invert {
				f.mode = 'd'
			}
		}
		for _, w := range words(rest, false) {
			name, errno, hasErrno := strings.Cut(w, ":")
			if hasErrno && (f.mode == 'a' || !errnoSuffix(errno)) {
				continue
			}
			if invert == (f.mode == 'd') {
				f.calls = f.calls.or(sets[name])
			} else {
				f.calls = f.calls.andNot(sets[name])
			}
		}
	}
	return f
}

// badness is a group's: 10 without a filter; for an allow list 9 when it
// allows one of the group's calls, else 0; for a deny list 0 when it
// denies all of them, else 10.
func (f syscallFilter) badness(group string) int {
	g := syscallSets()["@"+group]
	switch f.mode {
	case 'a':
		return 9 * bad(!f.calls.and(g).empty())
	case 'd':
		return 10 * bad(!g.andNot(f.calls).empty())
	}
	return 10
}
