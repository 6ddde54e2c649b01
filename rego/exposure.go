package rego

import (
	"math/big"
	"strings"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/topdown/builtins"
)

// This file is systemd-analyze security's exposure score of a service,
// computed from its NixOS serviceConfig as systemd would compute it from
// the unit: the assessors, weights and ranges of systemd's
// src/analyze/analyze-security.c, in its order, and its formula:
// badness_sum += ceil(badness * weight / range), weight_sum += weight,
// exposure = ceil(100 * badness_sum / weight_sum) tenths. SVC007 decides
// which services to score and what is too exposed; this only scores.
// Differences from systemd: a system call filter is judged by the group
// names it lists (single system calls count only through the groups they
// name), and DefaultDependencies is assumed on.

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
}

// notApplicable is the badness of an assessor that does not apply
// (systemd's UINT64_MAX: SupplementaryGroups and RemoveIPC for root) or
// has no badness (a UMask that is no octal number): it is left out of the
// scores and of the weight sum.
const notApplicable = -1

type assessor struct {
	id, setting string
	weight, rng int
	badness     func(*view) int
}

// boolean assessors read the setting they are named after: 0 when it is on.
func boolean(setting string, weight int) assessor {
	return assessor{setting + "=", setting, weight, 1, func(v *view) int { return bad(!v.on[setting]) }}
}

// capability assessors cost their weight while one of caps stays in the
// bounding set.
func capability(id string, weight int, caps ...string) assessor {
	var mask uint64
	for _, c := range caps {
		capBits[c] = 1 << len(capBits)
		mask |= capBits[c]
	}
	return assessor{id, "CapabilityBoundingSet", weight, 1, func(v *view) int { return bad(v.bounded&mask != 0) }}
}

func namespace(id, ns string, weight int) assessor {
	namespaces = append(namespaces, ns)
	return assessor{id, "RestrictNamespaces", weight, 1, func(v *view) int { return bad(!v.ns[ns]) }}
}

func family(id, fam string, weight int) assessor {
	families = append(families, fam)
	return assessor{id, "RestrictAddressFamilies", weight, 1, func(v *view) int { return bad(!v.af[fam]) }}
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

// Filled in by the constructors of the assessors below.
var (
	capBits    = map[string]uint64{} // the capabilities the assessors ask about, one bit each (39)
	namespaces []string              // the namespace types of RestrictNamespaces' assessors
	families   []string              // the families of RestrictAddressFamilies' assessors
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
	single("UMask=", "UMask", 100, 10, (*view).umaskBadness),
	single("KeyringMode=", "KeyringMode", 1000, 1, (*view).keyringBadness),
	single("ProtectProc=", "ProtectProc", 1000, 3, (*view).protectProcBadness),
	single("ProcSubset=", "ProcSubset", 10, 1, (*view).procSubsetBadness),
	single("NotifyAccess=", "NotifyAccess", 1000, 1, (*view).notifyAccessBadness),
	single("RemoveIPC=", "RemoveIPC", 100, 1, (*view).removeIPCBadness),
	single("Delegate=", "Delegate", 100, 1, (*view).delegateBadness),
	boolean("RestrictRealtime", 500),
	boolean("RestrictSUIDSGID", 1000),
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
	return SystemdExposureOf(sc).Term(), nil
}

// SystemdExposureOf scores a serviceConfig.
func SystemdExposureOf(sc ast.Object) Exposure {
	v := newView(sc)
	e := Exposure{Points: map[string]int{}, Scores: make([]Score, 0, len(assessors))}
	sum, weight := 0, 0
	for i, a := range assessors {
		b := a.badness(v)
		if b == notApplicable {
			continue
		}
		p := (b*a.weight + a.rng - 1) / a.rng // ceil; b and the weight are not negative
		e.Scores = append(e.Scores, Score{ID: a.id, Setting: a.setting, Weight: a.weight, Badness: b, Points: p, assessor: i})
		sum += p
		weight += a.weight
		if p > 0 {
			e.Points[a.setting] += p
		}
	}
	e.Tenths = (100*sum + weight - 1) / weight
	return e
}

// Term renders e as the builtin returns it.
func (e Exposure) Term() *ast.Term {
	t := exposureTerms()
	points := make([][2]*ast.Term, 0, len(e.Points))
	for s, p := range e.Points {
		points = append(points, ast.Item(t.settings[s], ast.InternedTerm(p)))
	}
	scores := make([]*ast.Term, len(e.Scores))
	for i, s := range e.Scores {
		scores[i] = t.scores[s.assessor][s.Badness]
	}
	return ast.ObjectTerm(
		ast.Item(ast.InternedTerm("tenths"), ast.InternedTerm(e.Tenths)),
		ast.Item(ast.InternedTerm("points"), ast.ObjectTerm(points...)),
		ast.Item(ast.InternedTerm("scores"), ast.ArrayTerm(scores...)),
	)
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

// ---- a service's settings, read once ----

// view is what the assessors read from a serviceConfig.
type view struct {
	sc      map[string]ast.Value // the settings as written
	on      map[string]bool      // the boolean settings that are on
	dynamic bool                 // DynamicUser
	root    bool                 // runs as root: User is root, or unset without DynamicUser
	bounded uint64               // capabilities left in the bounding set (capBits)
	ns, af  map[string]bool      // namespace types and address families restricted
	syscall syscallFilter
}

// The settings read as booleans: those of the boolean assessors and a few
// that take a boolean or a word.
var boolSettings = []string{
	"PrivateDevices", "PrivateMounts", "PrivateNetwork", "PrivateTmp", "PrivateUsers",
	"ProtectControlGroups", "ProtectKernelModules", "ProtectKernelTunables", "ProtectKernelLogs",
	"ProtectClock", "ProtectHostname", "LockPersonality", "MemoryDenyWriteExecute", "NoNewPrivileges",
	"RestrictRealtime", "RestrictSUIDSGID",
	"DynamicUser", "ProtectHome", "ProtectSystem", "RemoveIPC", "Delegate", "RestrictNamespaces",
}

// The newer non-boolean values of boolean settings that turn them on
// (PrivateTmp = "disconnected", PrivateUsers = "self", ProtectControlGroups
// = "strict", ProtectHostname = "private"…).
var onWords = map[string]bool{"disconnected": true, "self": true, "identity": true, "full": true, "managed": true, "private": true, "strict": true}

// DynamicUser implies PrivateTmp, RemoveIPC and RestrictSUIDSGID.
var dynamicImplies = []string{"PrivateTmp", "RemoveIPC", "RestrictSUIDSGID"}

// Capabilities systemd drops from the bounding set for other settings.
var impliedDrops = map[string][]string{
	"PrivateDevices":       {"CAP_MKNOD", "CAP_SYS_RAWIO"},
	"ProtectKernelModules": {"CAP_SYS_MODULE"},
	"ProtectKernelLogs":    {"CAP_SYSLOG"},
	"ProtectClock":         {"CAP_SYS_TIME", "CAP_WAKE_ALARM"},
}

func newView(sc ast.Object) *view {
	v := &view{sc: make(map[string]ast.Value, sc.Len()), on: map[string]bool{}}
	sc.Foreach(func(k, x *ast.Term) {
		if s, ok := k.Value.(ast.String); ok {
			v.sc[string(s)] = x.Value
		}
	})
	for _, key := range boolSettings {
		x := v.value(key)
		if b, ok := systemdBool(x); ok {
			v.on[key] = b
		} else if s, ok := x.(ast.String); ok && onWords[strings.ToLower(strings.TrimSpace(string(s)))] {
			v.on[key] = true
		}
	}
	b, ok := systemdBool(v.value("DynamicUser"))
	v.dynamic = ok && b
	if v.dynamic {
		for _, s := range dynamicImplies {
			v.on[s] = true
		}
	}
	switch u := v.value("User"); {
	case isString(u, "root", "0") || isNumber(u, 0):
		v.root = true
	case u == nil || isString(u, ""):
		v.root = !v.dynamic
	}
	v.bounded = keptCaps(v.raw("CapabilityBoundingSet"))
	for s, caps := range impliedDrops {
		if v.on[s] {
			for _, c := range caps {
				v.bounded &^= capBits[c]
			}
		}
	}
	v.ns = v.restrictedNamespaces()
	v.af = restrictedFamilies(v.raw("RestrictAddressFamilies"))
	v.syscall = readSyscallFilter(v.raw("SystemCallFilter"))
	return v
}

// raw is a setting as written; nil when unset or null.
func (v *view) raw(key string) ast.Value {
	if _, null := v.sc[key].(ast.Null); null {
		return nil
	}
	return v.sc[key]
}

// noValue is what systemd reads from a setting written as an empty list or
// whose last assignment is itself a list: no value any setting has.
var noValue ast.Value = ast.NewObject()

// value is a setting as systemd reads it: the last assignment of a list (a
// setting written several times), else the value; nil when unset or null.
func (v *view) value(key string) ast.Value {
	x := v.raw(key)
	arr, ok := x.(*ast.Array)
	if !ok {
		return x
	}
	if arr.Len() == 0 {
		return noValue
	}
	last := arr.Elem(arr.Len() - 1).Value
	switch last.(type) {
	case *ast.Array:
		return noValue
	case ast.Null:
		return nil
	}
	return last
}

var boolWords = map[string]bool{
	"1": true, "yes": true, "y": true, "true": true, "t": true, "on": true,
	"0": false, "no": false, "n": false, "false": false, "f": false, "off": false,
}

// systemdBool reads a value as systemd's parse_boolean does: true, "yes",
// "on", "1", 1…; false, "no", "off", "0", 0…; ok is false for any other.
func systemdBool(x ast.Value) (b, ok bool) {
	switch x := x.(type) {
	case ast.Boolean:
		return bool(x), true
	case ast.String:
		b, ok = boolWords[strings.ToLower(strings.TrimSpace(string(x)))]
		return b, ok
	case ast.Number:
		if isNumber(x, 0) || isNumber(x, 1) {
			return isNumber(x, 1), true
		}
	}
	return false, false
}

func isString(x ast.Value, vals ...string) bool {
	s, ok := x.(ast.String)
	return ok && contains(vals, string(s))
}

// isNumber compares as Rego does: 0.0 and -0 are 0.
func isNumber(x ast.Value, n int) bool {
	num, ok := x.(ast.Number)
	return ok && num.Compare(ast.InternedValue(n)) == 0
}

// lines is a setting's assignments as strings (a list is several lines).
func lines(raw ast.Value) []string {
	switch x := raw.(type) {
	case ast.String:
		return []string{string(x)}
	case *ast.Array:
		var out []string
		x.Foreach(func(t *ast.Term) {
			if s, ok := t.Value.(ast.String); ok {
				out = append(out, string(s))
			}
		})
		return out
	}
	return nil
}

// words splits a line, without its "~", at white space (the ASCII of
// regular expressions' \s) and commas.
func words(line string) []string {
	s := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "~"))
	return strings.FieldsFunc(s, func(r rune) bool {
		return r == ' ' || r == '\t' || r == '\n' || r == '\f' || r == '\r' || r == ','
	})
}

func negated(line string) bool { return strings.HasPrefix(strings.TrimSpace(line), "~") }

func allWords(raw ast.Value) []string {
	var out []string
	for _, l := range lines(raw) {
		out = append(out, words(l)...)
	}
	return out
}

// ---- the assessors that read one setting ----

func (v *view) userBadness() int {
	switch {
	case v.root:
		return 10
	case isString(v.value("User"), "nobody"):
		return 9
	}
	return 0
}

func (v *view) supplementaryBadness() int {
	if v.root {
		return notApplicable
	}
	for _, l := range lines(v.raw("SupplementaryGroups")) {
		if len(words(l)) > 0 {
			return 1
		}
	}
	return 0
}

// ProtectHome: true 0, "tmpfs" 1, "read-only" 5, DynamicUser 5 (it implies
// read-only), else 10.
func (v *view) protectHomeBadness() int {
	x := v.value("ProtectHome")
	b, ok := systemdBool(x)
	switch {
	case ok && b:
		return 0
	case isString(x, "tmpfs"):
		return 1
	case isString(x, "read-only"), v.dynamic:
		return 5
	}
	return 10
}

// ProtectSystem: DynamicUser 0 (it implies strict), "strict" 0, "full" 3,
// true 5, else 10.
func (v *view) protectSystemBadness() int {
	x := v.value("ProtectSystem")
	b, ok := systemdBool(x)
	switch {
	case v.dynamic, isString(x, "strict"):
		return 0
	case isString(x, "full"):
		return 3
	case ok && b:
		return 5
	}
	return 10
}

func (v *view) rootDirectoryBadness() int {
	for _, key := range []string{"RootDirectory", "RootImage"} {
		if s, ok := v.value(key).(ast.String); ok && !contains([]string{"", "/"}, strings.TrimSpace(string(s))) {
			return 0
		}
	}
	return 1
}

func (v *view) keyringBadness() int {
	if x := v.value("KeyringMode"); x == nil || isString(x, "private") {
		return 0
	}
	return 1
}

func (v *view) protectProcBadness() int {
	switch x := v.value("ProtectProc"); {
	case isString(x, "noaccess"):
		return 1
	case isString(x, "invisible", "ptraceable"):
		return 0
	}
	return 3
}

func (v *view) procSubsetBadness() int { return bad(!isString(v.value("ProcSubset"), "pid")) }

func (v *view) notifyAccessBadness() int { return bad(isString(v.value("NotifyAccess"), "all")) }

func (v *view) removeIPCBadness() int {
	if v.root {
		return notApplicable
	}
	return bad(!v.on["RemoveIPC"])
}

// Delegate takes a boolean or a list of cgroup controllers (delegating them).
func (v *view) delegateBadness() int {
	x := v.value("Delegate")
	b, ok := systemdBool(x)
	if ok {
		return bad(b)
	}
	s, isStr := x.(ast.String)
	return bad(isStr && strings.TrimSpace(string(s)) != "")
}

func (v *view) architecturesBadness() int {
	ws := allWords(v.raw("SystemCallArchitectures"))
	switch {
	case len(ws) == 0:
		return 10
	case contains(ws, "native"):
		return 0
	}
	return 8
}

var localhost = []string{"localhost", "127.0.0.0/8", "::1", "::1/128"}

func (v *view) ipBadness() int {
	set := false
	for _, key := range []string{"IPIngressFilterPath", "IPEgressFilterPath", "IPAddressDeny", "IPAddressAllow"} {
		_, written := v.sc[key] // null counts as set
		set = set || written
	}
	if !set {
		return 10
	}
	if len(allWords(v.raw("IPIngressFilterPath"))) > 0 || len(allWords(v.raw("IPEgressFilterPath"))) > 0 {
		return 0
	}
	deny := allWords(v.raw("IPAddressDeny"))
	denyAll := contains(deny, "any") || (contains(deny, "0.0.0.0/0") && contains(deny, "::/0"))
	if !denyAll {
		return 10
	}
	allow := allWords(v.raw("IPAddressAllow"))
	for _, a := range allow {
		if !contains(localhost, a) {
			return 5
		}
	}
	if len(allow) > 0 {
		return 2
	}
	return 0
}

// DevicePolicy (systemd's DeviceAllow= assessor): PrivateDevices makes the
// policy closed; ProtectClock adds DeviceAllow=char-rtc r.
func (v *view) deviceBadness() int {
	x := v.value("DevicePolicy")
	policy, _ := x.(ast.String) // any other value is auto
	if (x == nil || policy == "auto") && v.on["PrivateDevices"] {
		policy = "closed"
	}
	switch {
	case policy != "strict" && policy != "closed":
		return 10
	case len(lines(v.raw("DeviceAllow"))) > 0, v.on["ProtectClock"]:
		return 5
	}
	return 0
}

func (v *view) ambientBadness() int {
	for _, l := range lines(v.raw("AmbientCapabilities")) {
		if strings.TrimSpace(l) != "" {
			return 1
		}
	}
	return 0
}

// UMask: systemd's default is 0022; a value that is no octal number has
// no badness. UMask = 077 in Nix is the number 77.
func (v *view) umaskBadness() int {
	var s string
	switch x := v.value("UMask").(type) {
	case nil:
		s = "0022"
	case ast.String:
		s = strings.TrimSpace(string(x))
	case ast.Number:
		s = formatInt(x)
	default:
		return notApplicable
	}
	if len(s) < 1 || len(s) > 4 || strings.Trim(s, "01234567") != "" {
		return notApplicable
	}
	d := ("000" + s)[len(s):]
	group, other := d[1]-'0', d[2]-'0'
	switch {
	case other&2 == 0:
		return 10
	case other&4 == 0:
		return 5
	case group&2 == 0:
		return 2
	case group&4 == 0:
		return 1
	}
	return 0
}

// formatInt is Rego's format_int(n, 10): an integer as written, else
// truncated towards zero.
func formatInt(n ast.Number) string {
	if i, ok := new(big.Int).SetString(string(n), 10); ok {
		return i.String()
	}
	f, ok := new(big.Float).SetString(string(n))
	if !ok || f.IsInf() {
		return ""
	}
	i, _ := f.Int(nil)
	return i.String()
}

// ---- capabilities ----

// keptCaps is the capabilities of capBits that stay in the bounding set.
// Assignments add (CAP_X …) or remove (~CAP_X …) in order: the last one
// naming a capability decides; the first one starts from the empty set, or
// from every capability when it is negated; none leaves every capability.
func keptCaps(raw ast.Value) uint64 {
	ls := lines(raw)
	var kept uint64
	if len(ls) == 0 || negated(ls[0]) {
		kept = 1<<len(capBits) - 1
	}
	for _, l := range ls {
		neg := negated(l)
		for _, w := range words(l) {
			if bit := capBits[strings.ToUpper(w)]; neg {
				kept &^= bit
			} else {
				kept |= bit
			}
		}
	}
	return kept
}

// ---- namespaces and address families ----

// restrictedNamespaces: true restricts all; false (or unset) none; a list
// of types allows only those; a "~" list forbids those.
func (v *view) restrictedNamespaces() map[string]bool {
	if b, ok := systemdBool(v.value("RestrictNamespaces")); ok {
		out := map[string]bool{}
		for _, n := range namespaces {
			out[n] = b
		}
		return out
	}
	var ls []namedLine
	for _, l := range lines(v.raw("RestrictNamespaces")) {
		ls = append(ls, namedLine{negated(l), words(l)})
	}
	return restricted(ls, namespaces)
}

// familyOf is the assessor family of an address family; "" for none.
func familyOf(af string) string {
	switch af {
	case "AF_INET", "AF_INET6":
		return "inet"
	case "AF_UNIX":
		return "unix"
	case "AF_NETLINK":
		return "netlink"
	case "AF_PACKET":
		return "packet"
	case "NONE": // "none" allows no family
		return ""
	}
	return "other"
}

func restrictedFamilies(raw ast.Value) map[string]bool {
	var ls []namedLine
	for _, l := range lines(raw) {
		if strings.TrimSpace(l) == "" {
			continue
		}
		var names []string
		for _, w := range words(l) {
			if f := familyOf(strings.ToUpper(w)); f != "" {
				names = append(names, f)
			}
		}
		ls = append(ls, namedLine{negated(l), names})
	}
	return restricted(ls, families)
}

type namedLine struct {
	negated bool
	names   []string
}

// restricted is the names of universe that an allow or deny list
// restricts; the first assignment decides which.
func restricted(ls []namedLine, universe []string) map[string]bool {
	out := map[string]bool{}
	if len(ls) == 0 {
		return out
	}
	allowList := !ls[0].negated
	allowed, denied := map[string]bool{}, map[string]bool{}
	for _, l := range ls {
		for _, n := range l.names {
			if l.negated {
				denied[n] = true
			} else {
				allowed[n] = true
			}
		}
	}
	for _, u := range universe {
		if denied[u] || (allowList && !allowed[u]) {
			out[u] = true
		}
	}
	return out
}

// ---- system call filter, judged by group names ----

// Groups an allowed name lets through, in part or whole: @system-service
// holds @resources and, through @chown and @setuid, calls of @privileged;
// @privileged holds @clock, @module, @raw-io, @reboot and @swap.
var syscallAllows = map[string][]string{
	"@system-service": {"privileged", "resources"},
	"@privileged":     {"privileged", "clock", "module", "raw-io", "reboot", "swap"},
	"@known":          {"privileged", "resources", "clock", "module", "raw-io", "reboot", "swap", "obsolete", "cpu-emulation", "debug", "mount"},
	"@clock":          {"clock", "privileged"},
	"@module":         {"module", "privileged"},
	"@raw-io":         {"raw-io", "privileged"},
	"@reboot":         {"reboot", "privileged"},
	"@swap":           {"swap", "privileged"},
	"@chown":          {"privileged"},
	"@setuid":         {"privileged"},
	"@resources":      {"resources"},
	"@obsolete":       {"obsolete"},
	"@cpu-emulation":  {"cpu-emulation"},
	"@debug":          {"debug"},
	"@mount":          {"mount"},
}

// Groups a denied name covers completely.
var syscallCovers = map[string][]string{
	"@privileged":    {"privileged", "clock", "module", "raw-io", "reboot", "swap"},
	"@known":         {"privileged", "resources", "clock", "module", "raw-io", "reboot", "swap", "obsolete", "cpu-emulation", "debug", "mount"},
	"@clock":         {"clock"},
	"@module":        {"module"},
	"@raw-io":        {"raw-io"},
	"@reboot":        {"reboot"},
	"@swap":          {"swap"},
	"@resources":     {"resources"},
	"@obsolete":      {"obsolete"},
	"@cpu-emulation": {"cpu-emulation"},
	"@debug":         {"debug"},
	"@mount":         {"mount"},
}

// syscallFilter is SystemCallFilter as a mode: none (no filter), an allow
// list (the first assignment is not negated: allowed is the groups it lets
// through) or a deny list; covered is the groups denied entries cover.
type syscallFilter struct {
	mode             byte // 0 none, 'a' allow, 'd' deny
	allowed, covered map[string]bool
}

func readSyscallFilter(raw ast.Value) syscallFilter {
	f := syscallFilter{allowed: map[string]bool{}, covered: map[string]bool{}}
	for _, l := range lines(raw) {
		if strings.TrimSpace(l) == "" {
			continue
		}
		neg := negated(l)
		if f.mode == 0 {
			f.mode = 'a'
			if neg {
				f.mode = 'd'
			}
		}
		for _, w := range words(l) {
			name, _, _ := strings.Cut(w, ":") // an entry may end in :errno (@mount:EPERM)
			if neg {
				for _, g := range syscallCovers[name] {
					f.covered[g] = true
				}
			} else {
				for _, g := range syscallAllows[name] {
					f.allowed[g] = true
				}
			}
		}
	}
	return f
}

// badness is a group's: 10 without a filter; for an allow list 9 when it
// lets the group through and no denied entry covers it, else 0; for a deny
// list 0 when it covers the group, else 10.
func (f syscallFilter) badness(group string) int {
	switch f.mode {
	case 'a':
		return 9 * bad(f.allowed[group] && !f.covered[group])
	case 'd':
		return 10 * bad(!f.covered[group])
	}
	return 10
}
