# METADATA
# title: A service of the flake has a high systemd exposure score
# description: |
#   systemd can take most of what an attacker would use away from a service:
#   its own user, a read-only OS (ProtectSystem), no home directories, no
#   devices, no kernel tunables, a capability bounding set, a system call
#   filter, restricted socket families and namespaces. `systemd-analyze
#   security` sums what a unit leaves open into an exposure score from 0
#   (everything locked) to 10 (nothing); above 5.0 systemd no longer calls it
#   MEDIUM but EXPOSED, UNSAFE or DANGEROUS. nixsec computes the same score
#   from serviceConfig, with the weights, ranges and formula of systemd's
#   src/analyze/analyze-security.c (badness_sum += ceil(badness * weight /
#   range), weight_sum += weight, exposure = ceil(100 * badness_sum /
#   weight_sum) tenths). Scored: User/DynamicUser, SupplementaryGroups,
#   PrivateDevices, PrivateMounts, PrivateNetwork, PrivateTmp, PrivateUsers,
#   ProtectControlGroups, ProtectKernelModules, ProtectKernelTunables,
#   ProtectKernelLogs, ProtectClock, ProtectHome, ProtectHostname,
#   ProtectSystem, RootDirectory/RootImage, LockPersonality,
#   MemoryDenyWriteExecute, NoNewPrivileges, the 25 CapabilityBoundingSet
#   groups, UMask, KeyringMode, ProtectProc, ProcSubset, NotifyAccess,
#   RemoveIPC, Delegate, RestrictRealtime, RestrictSUIDSGID, the 7
#   RestrictNamespaces and 5 RestrictAddressFamilies checks,
#   SystemCallArchitectures, the 11 SystemCallFilter groups,
#   IPAddressDeny/IPAddressAllow, DevicePolicy/DeviceAllow and
#   AmbientCapabilities, with what systemd implies (DynamicUser implies
#   PrivateTmp, RemoveIPC, RestrictSUIDSGID, ProtectSystem=strict and
#   ProtectHome=read-only; PrivateDevices, ProtectKernelModules,
#   ProtectKernelLogs and ProtectClock drop their capabilities). Differences
#   from systemd: system call filters are judged by group names (a filter
#   that lists single system calls counts only through the groups it
#   names), and DefaultDependencies is assumed on. Only services whose
#   ExecStart or script is written in the flake's own files are scored.
# custom:
#   id: SVC007
#   severity: medium
#   options:
#     - systemd.services.*.enable
#     - systemd.services.*.serviceConfig
#     - systemd.services.*.serviceConfig.ExecStart
#     - systemd.services.*.script
#   remediation: |
#     systemd.services.backup.serviceConfig = {
#       DynamicUser = true;
#       NoNewPrivileges = true;
#       PrivateTmp = true;
#       PrivateDevices = true;
#       ProtectSystem = "strict";
#       ProtectHome = true;
#       ProtectKernelTunables = true;
#       ProtectKernelModules = true;
#       ProtectKernelLogs = true;
#       ProtectControlGroups = true;
#       ProtectClock = true;
#       ProtectHostname = true;
#       ProtectProc = "invisible";
#       ProcSubset = "pid";
#       RestrictNamespaces = true;
#       RestrictRealtime = true;
#       RestrictSUIDSGID = true;
#       LockPersonality = true;
#       MemoryDenyWriteExecute = true;
#       RestrictAddressFamilies = [ "AF_UNIX" "AF_INET" "AF_INET6" ];
#       CapabilityBoundingSet = "";
#       SystemCallArchitectures = "native";
#       SystemCallFilter = [ "@system-service" "~@privileged @resources" ];
#       UMask = "0077";
#     };
#     # then compare with: systemd-analyze security backup.service
#   references:
#     - https://www.freedesktop.org/software/systemd/man/latest/systemd-analyze.html#systemd-analyze%20security%20%5BUNIT...%5D
#     - https://github.com/systemd/systemd/blob/main/src/analyze/analyze-security.c
#     - https://www.freedesktop.org/software/systemd/man/latest/systemd.exec.html
#     - https://wiki.nixos.org/wiki/Systemd/Hardening
package nixsec.rules.services.svc007

import data.nixsec.lib

# systemd-analyze security's MEDIUM level ends at 5.0; above it a unit is
# EXPOSED (7.5), UNSAFE (9.0) or DANGEROUS (10).
max_exposure := 5.0

deny contains v if {
	files := object.get(input, "files", {})
	some name, service in lib.cfg(["systemd", "services"], {})
	is_object(service)
	object.get(service, "enable", true) != false
	component := lib.path([name])
	_own_service(files, component)
	sc := object.get(service, "serviceConfig", {})
	is_object(sc)
	e := _exposure(sc)
	e.tenths > max_exposure * 10
	v := {
		"path": concat("", ["systemd.services.", component, ".serviceConfig"]),
		"msg": sprintf(
			"systemd.services.%s has exposure %s (systemd-analyze security; over %.1f); missing or weak: %s",
			[component, _tenths(e.tenths), max_exposure, concat(", ", _worst_of(e.points))],
		),
	}
}

# _own_service is lib.own_service(name) for the service whose name renders
# as component (lib.path([name])): the other components of the paths it
# reads are plain identifiers, so their rendering is known and the name is
# rendered once, not once per path.
_own_service(files, component) if {
	some suffix in [".serviceConfig.ExecStart", ".script"]
	paths := object.get(files, concat("", ["systemd.services.", component, suffix]), [])
	is_array(paths)
	count(paths) > 0
}

_tenths(t) := sprintf("%d.%d", [floor(t / 10), t % 10])

# scores is every assessor that applies to the service, with its badness
# and the exposure points it adds: ceil(badness * weight / range). It is
# the breakdown; the exposure and the ranking come from _exposure, which
# sums the same points per setting without listing every assessor.
scores(sc) := [{"id": a.id, "setting": a.setting, "weight": a.weight, "badness": b, "points": ceil((b * a.weight) / a.range)} |
	t := _table(_view(sc))
	some a in _assessors
	b := t[a.id]
	b >= 0
]

# exposure_tenths is systemd's exposure in tenths (96 = 9.6):
# ceil(100 * badness_sum / weight_sum).
exposure_tenths(sc) := _exposure(sc).tenths

# _exposure reads sc once and sums the points of every assessor that
# applies per setting: {"tenths": 96, "points": {setting: points}}, with
# only the settings that cost points. The
# assessors that read several settings or a set of names are summed from
# set operations on the view; only SupplementaryGroups, RemoveIPC (-1 for
# root) and UMask (none for a value that is no octal number) can leave the
# weight sum.
_exposure(sc) := {"tenths": ceil((100 * sum([p | some p in points])) / weight), "points": points} if {
	v := _view(sc)
	singles := v.singles
	single_points := _single_points # bound once: a rule referenced in a loop is looked up per element
	grouped := {
		"CapabilityBoundingSet": _cap_points(v.bounded),
		"RestrictNamespaces": sum([p | some p in object.filter(_ns_points, _namespaces - v.ns)]),
		"RestrictAddressFamilies": sum([p | some p in object.filter(_af_points, _families - v.af)]),
		"SystemCallFilter": _syscall_points(v.syscall),
	}

	# only settings that cost points (every weight is positive)
	points := object.union_n([
		{setting: single_points[setting][b] | some setting, b in singles; b > 0},
		object.filter(_bool_points, _bool_keys - v.on),
		{setting: p | some setting, p in grouped; p > 0},
	])
	weight := _all_weight - sum([w | some setting, w in _optional_weights; object.get(singles, setting, -1) < 0])
}

# _worst is the settings that cost the most points, worst first, at most 8.
_worst(sc) := _worst_of(_exposure(sc).points)

_worst_of(points) := [s | some pair in array.slice(_rank(points), 0, 8); s := pair[1]]

# _rank is [-points, setting] for every setting in points (all cost
# points), sorted: most points first, then by name.
_rank(points) := sort({[0 - p, setting] | some setting, p in points})

# The assessors of analyze-security.c, in its order, with systemd's id.
# kind and arg select how _table computes the badness; setting is the directive
# a user sets to lower it.
_assessors := [
	{"kind": "User=/DynamicUser=", "arg": null, "id": "User=/DynamicUser=", "setting": "User/DynamicUser", "weight": 2000, "range": 10},
	{"kind": "SupplementaryGroups=", "arg": null, "id": "SupplementaryGroups=", "setting": "SupplementaryGroups", "weight": 200, "range": 1},
	{"kind": "bool", "arg": "PrivateDevices", "id": "PrivateDevices=", "setting": "PrivateDevices", "weight": 1000, "range": 1},
	{"kind": "bool", "arg": "PrivateMounts", "id": "PrivateMounts=", "setting": "PrivateMounts", "weight": 1000, "range": 1},
	{"kind": "bool", "arg": "PrivateNetwork", "id": "PrivateNetwork=", "setting": "PrivateNetwork", "weight": 2500, "range": 1},
	{"kind": "bool", "arg": "PrivateTmp", "id": "PrivateTmp=", "setting": "PrivateTmp", "weight": 1000, "range": 1},
	{"kind": "bool", "arg": "PrivateUsers", "id": "PrivateUsers=", "setting": "PrivateUsers", "weight": 1000, "range": 1},
	{"kind": "bool", "arg": "ProtectControlGroups", "id": "ProtectControlGroups=", "setting": "ProtectControlGroups", "weight": 1000, "range": 1},
	{"kind": "bool", "arg": "ProtectKernelModules", "id": "ProtectKernelModules=", "setting": "ProtectKernelModules", "weight": 1000, "range": 1},
	{"kind": "bool", "arg": "ProtectKernelTunables", "id": "ProtectKernelTunables=", "setting": "ProtectKernelTunables", "weight": 1000, "range": 1},
	{"kind": "bool", "arg": "ProtectKernelLogs", "id": "ProtectKernelLogs=", "setting": "ProtectKernelLogs", "weight": 1000, "range": 1},
	{"kind": "bool", "arg": "ProtectClock", "id": "ProtectClock=", "setting": "ProtectClock", "weight": 1000, "range": 1},
	{"kind": "ProtectHome=", "arg": null, "id": "ProtectHome=", "setting": "ProtectHome", "weight": 1000, "range": 10},
	{"kind": "bool", "arg": "ProtectHostname", "id": "ProtectHostname=", "setting": "ProtectHostname", "weight": 50, "range": 1},
	{"kind": "ProtectSystem=", "arg": null, "id": "ProtectSystem=", "setting": "ProtectSystem", "weight": 1000, "range": 10},
	{"kind": "RootDirectory=/RootImage=", "arg": null, "id": "RootDirectory=/RootImage=", "setting": "RootDirectory/RootImage", "weight": 200, "range": 1},
	{"kind": "bool", "arg": "LockPersonality", "id": "LockPersonality=", "setting": "LockPersonality", "weight": 100, "range": 1},
	{"kind": "bool", "arg": "MemoryDenyWriteExecute", "id": "MemoryDenyWriteExecute=", "setting": "MemoryDenyWriteExecute", "weight": 100, "range": 1},
	{"kind": "bool", "arg": "NoNewPrivileges", "id": "NoNewPrivileges=", "setting": "NoNewPrivileges", "weight": 1000, "range": 1},
	{"kind": "cap", "arg": ["CAP_SYS_ADMIN"], "id": "CapabilityBoundingSet=~CAP_SYS_ADMIN", "setting": "CapabilityBoundingSet", "weight": 1500, "range": 1},
	{"kind": "cap", "arg": ["CAP_SETUID", "CAP_SETGID", "CAP_SETPCAP"], "id": "CapabilityBoundingSet=~CAP_SET(UID|GID|PCAP)", "setting": "CapabilityBoundingSet", "weight": 1500, "range": 1},
	{"kind": "cap", "arg": ["CAP_SYS_PTRACE"], "id": "CapabilityBoundingSet=~CAP_SYS_PTRACE", "setting": "CapabilityBoundingSet", "weight": 1500, "range": 1},
	{"kind": "cap", "arg": ["CAP_SYS_TIME"], "id": "CapabilityBoundingSet=~CAP_SYS_TIME", "setting": "CapabilityBoundingSet", "weight": 1000, "range": 1},
	{"kind": "cap", "arg": ["CAP_NET_ADMIN"], "id": "CapabilityBoundingSet=~CAP_NET_ADMIN", "setting": "CapabilityBoundingSet", "weight": 1000, "range": 1},
	{"kind": "cap", "arg": ["CAP_SYS_RAWIO"], "id": "CapabilityBoundingSet=~CAP_SYS_RAWIO", "setting": "CapabilityBoundingSet", "weight": 1000, "range": 1},
	{"kind": "cap", "arg": ["CAP_SYS_MODULE"], "id": "CapabilityBoundingSet=~CAP_SYS_MODULE", "setting": "CapabilityBoundingSet", "weight": 1000, "range": 1},
	{"kind": "cap", "arg": ["CAP_AUDIT_CONTROL", "CAP_AUDIT_READ", "CAP_AUDIT_WRITE"], "id": "CapabilityBoundingSet=~CAP_AUDIT_*", "setting": "CapabilityBoundingSet", "weight": 500, "range": 1},
	{"kind": "cap", "arg": ["CAP_SYSLOG"], "id": "CapabilityBoundingSet=~CAP_SYSLOG", "setting": "CapabilityBoundingSet", "weight": 500, "range": 1},
	{"kind": "cap", "arg": ["CAP_SYS_NICE", "CAP_SYS_RESOURCE"], "id": "CapabilityBoundingSet=~CAP_SYS_(NICE|RESOURCE)", "setting": "CapabilityBoundingSet", "weight": 500, "range": 1},
	{"kind": "cap", "arg": ["CAP_MKNOD"], "id": "CapabilityBoundingSet=~CAP_MKNOD", "setting": "CapabilityBoundingSet", "weight": 500, "range": 1},
	{"kind": "cap", "arg": ["CAP_CHOWN", "CAP_FSETID", "CAP_SETFCAP"], "id": "CapabilityBoundingSet=~CAP_(CHOWN|FSETID|SETFCAP)", "setting": "CapabilityBoundingSet", "weight": 1000, "range": 1},
	{"kind": "cap", "arg": ["CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_IPC_OWNER"], "id": "CapabilityBoundingSet=~CAP_(DAC_*|FOWNER|IPC_OWNER)", "setting": "CapabilityBoundingSet", "weight": 1000, "range": 1},
	{"kind": "cap", "arg": ["CAP_KILL"], "id": "CapabilityBoundingSet=~CAP_KILL", "setting": "CapabilityBoundingSet", "weight": 500, "range": 1},
	{"kind": "cap", "arg": ["CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_RAW"], "id": "CapabilityBoundingSet=~CAP_NET_(BIND_SERVICE|BROADCAST|RAW)", "setting": "CapabilityBoundingSet", "weight": 500, "range": 1},
	{"kind": "cap", "arg": ["CAP_SYS_BOOT"], "id": "CapabilityBoundingSet=~CAP_SYS_BOOT", "setting": "CapabilityBoundingSet", "weight": 100, "range": 1},
	{"kind": "cap", "arg": ["CAP_MAC_ADMIN", "CAP_MAC_OVERRIDE"], "id": "CapabilityBoundingSet=~CAP_MAC_*", "setting": "CapabilityBoundingSet", "weight": 100, "range": 1},
	{"kind": "cap", "arg": ["CAP_LINUX_IMMUTABLE"], "id": "CapabilityBoundingSet=~CAP_LINUX_IMMUTABLE", "setting": "CapabilityBoundingSet", "weight": 75, "range": 1},
	{"kind": "cap", "arg": ["CAP_IPC_LOCK"], "id": "CapabilityBoundingSet=~CAP_IPC_LOCK", "setting": "CapabilityBoundingSet", "weight": 50, "range": 1},
	{"kind": "cap", "arg": ["CAP_SYS_CHROOT"], "id": "CapabilityBoundingSet=~CAP_SYS_CHROOT", "setting": "CapabilityBoundingSet", "weight": 50, "range": 1},
	{"kind": "cap", "arg": ["CAP_BLOCK_SUSPEND"], "id": "CapabilityBoundingSet=~CAP_BLOCK_SUSPEND", "setting": "CapabilityBoundingSet", "weight": 25, "range": 1},
	{"kind": "cap", "arg": ["CAP_WAKE_ALARM"], "id": "CapabilityBoundingSet=~CAP_WAKE_ALARM", "setting": "CapabilityBoundingSet", "weight": 25, "range": 1},
	{"kind": "cap", "arg": ["CAP_LEASE"], "id": "CapabilityBoundingSet=~CAP_LEASE", "setting": "CapabilityBoundingSet", "weight": 25, "range": 1},
	{"kind": "cap", "arg": ["CAP_SYS_TTY_CONFIG"], "id": "CapabilityBoundingSet=~CAP_SYS_TTY_CONFIG", "setting": "CapabilityBoundingSet", "weight": 25, "range": 1},
	{"kind": "cap", "arg": ["CAP_SYS_PACCT"], "id": "CapabilityBoundingSet=~CAP_SYS_PACCT", "setting": "CapabilityBoundingSet", "weight": 25, "range": 1},
	{"kind": "UMask=", "arg": null, "id": "UMask=", "setting": "UMask", "weight": 100, "range": 10},
	{"kind": "KeyringMode=", "arg": null, "id": "KeyringMode=", "setting": "KeyringMode", "weight": 1000, "range": 1},
	{"kind": "ProtectProc=", "arg": null, "id": "ProtectProc=", "setting": "ProtectProc", "weight": 1000, "range": 3},
	{"kind": "ProcSubset=", "arg": null, "id": "ProcSubset=", "setting": "ProcSubset", "weight": 10, "range": 1},
	{"kind": "NotifyAccess=", "arg": null, "id": "NotifyAccess=", "setting": "NotifyAccess", "weight": 1000, "range": 1},
	{"kind": "RemoveIPC=", "arg": null, "id": "RemoveIPC=", "setting": "RemoveIPC", "weight": 100, "range": 1},
	{"kind": "Delegate=", "arg": null, "id": "Delegate=", "setting": "Delegate", "weight": 100, "range": 1},
	{"kind": "bool", "arg": "RestrictRealtime", "id": "RestrictRealtime=", "setting": "RestrictRealtime", "weight": 500, "range": 1},
	{"kind": "bool", "arg": "RestrictSUIDSGID", "id": "RestrictSUIDSGID=", "setting": "RestrictSUIDSGID", "weight": 1000, "range": 1},
	{"kind": "ns", "arg": "user", "id": "RestrictNamespaces=~CLONE_NEWUSER", "setting": "RestrictNamespaces", "weight": 1500, "range": 1},
	{"kind": "ns", "arg": "mnt", "id": "RestrictNamespaces=~CLONE_NEWNS", "setting": "RestrictNamespaces", "weight": 500, "range": 1},
	{"kind": "ns", "arg": "ipc", "id": "RestrictNamespaces=~CLONE_NEWIPC", "setting": "RestrictNamespaces", "weight": 500, "range": 1},
	{"kind": "ns", "arg": "pid", "id": "RestrictNamespaces=~CLONE_NEWPID", "setting": "RestrictNamespaces", "weight": 500, "range": 1},
	{"kind": "ns", "arg": "cgroup", "id": "RestrictNamespaces=~CLONE_NEWCGROUP", "setting": "RestrictNamespaces", "weight": 500, "range": 1},
	{"kind": "ns", "arg": "net", "id": "RestrictNamespaces=~CLONE_NEWNET", "setting": "RestrictNamespaces", "weight": 500, "range": 1},
	{"kind": "ns", "arg": "uts", "id": "RestrictNamespaces=~CLONE_NEWUTS", "setting": "RestrictNamespaces", "weight": 100, "range": 1},
	{"kind": "af", "arg": "inet", "id": "RestrictAddressFamilies=~AF_(INET|INET6)", "setting": "RestrictAddressFamilies", "weight": 1500, "range": 1},
	{"kind": "af", "arg": "unix", "id": "RestrictAddressFamilies=~AF_UNIX", "setting": "RestrictAddressFamilies", "weight": 25, "range": 1},
	{"kind": "af", "arg": "netlink", "id": "RestrictAddressFamilies=~AF_NETLINK", "setting": "RestrictAddressFamilies", "weight": 200, "range": 1},
	{"kind": "af", "arg": "packet", "id": "RestrictAddressFamilies=~AF_PACKET", "setting": "RestrictAddressFamilies", "weight": 1000, "range": 1},
	{"kind": "af", "arg": "other", "id": "RestrictAddressFamilies=~…", "setting": "RestrictAddressFamilies", "weight": 1250, "range": 1},
	{"kind": "SystemCallArchitectures=", "arg": null, "id": "SystemCallArchitectures=", "setting": "SystemCallArchitectures", "weight": 1000, "range": 10},
	{"kind": "syscall", "arg": "swap", "id": "SystemCallFilter=~@swap", "setting": "SystemCallFilter", "weight": 1000, "range": 10},
	{"kind": "syscall", "arg": "obsolete", "id": "SystemCallFilter=~@obsolete", "setting": "SystemCallFilter", "weight": 250, "range": 10},
	{"kind": "syscall", "arg": "clock", "id": "SystemCallFilter=~@clock", "setting": "SystemCallFilter", "weight": 1000, "range": 10},
	{"kind": "syscall", "arg": "cpu-emulation", "id": "SystemCallFilter=~@cpu-emulation", "setting": "SystemCallFilter", "weight": 250, "range": 10},
	{"kind": "syscall", "arg": "debug", "id": "SystemCallFilter=~@debug", "setting": "SystemCallFilter", "weight": 1000, "range": 10},
	{"kind": "syscall", "arg": "mount", "id": "SystemCallFilter=~@mount", "setting": "SystemCallFilter", "weight": 1000, "range": 10},
	{"kind": "syscall", "arg": "module", "id": "SystemCallFilter=~@module", "setting": "SystemCallFilter", "weight": 1000, "range": 10},
	{"kind": "syscall", "arg": "raw-io", "id": "SystemCallFilter=~@raw-io", "setting": "SystemCallFilter", "weight": 1000, "range": 10},
	{"kind": "syscall", "arg": "reboot", "id": "SystemCallFilter=~@reboot", "setting": "SystemCallFilter", "weight": 1000, "range": 10},
	{"kind": "syscall", "arg": "privileged", "id": "SystemCallFilter=~@privileged", "setting": "SystemCallFilter", "weight": 700, "range": 10},
	{"kind": "syscall", "arg": "resources", "id": "SystemCallFilter=~@resources", "setting": "SystemCallFilter", "weight": 700, "range": 10},
	{"kind": "IPAddressDeny=", "arg": null, "id": "IPAddressDeny=", "setting": "IPAddressDeny", "weight": 1000, "range": 10},
	{"kind": "DeviceAllow=", "arg": null, "id": "DeviceAllow=", "setting": "DevicePolicy", "weight": 1000, "range": 10},
	{"kind": "AmbientCapabilities=", "arg": null, "id": "AmbientCapabilities=", "setting": "AmbientCapabilities", "weight": 500, "range": 1},
]

# ---- the assessors, indexed (each computed once per evaluation) ----

# _of_kind is the assessors of each kind.
_of_kind := {kind: [a | some a in _assessors; a.kind == kind] | some kind in {a.kind | some a in _assessors}}

# The kinds with one assessor per name; the others read one setting each.
_vector_kinds := {"bool", "cap", "ns", "af", "syscall"}

# The assessors that read one setting each; their kind is their id.
_singles := [a | some kind, of_kind in _of_kind; not kind in _vector_kinds; some a in of_kind]

# _single_points[setting][b] is the points of the single-setting assessor
# of setting at badness b: ceil(b * weight / range).
_single_points := {a.setting: [p | some b in numbers.range(0, a.range); p := ceil((b * a.weight) / a.range)] | some a in _singles}

# The weights of the assessors that may not apply: SupplementaryGroups and
# RemoveIPC (-1 for root) and UMask (none for a value that is no octal
# number).
_optional_weights := {a.setting: a.weight | some id in ["SupplementaryGroups=", "RemoveIPC=", "UMask="]; some a in _of_kind[id]}

_all_weight := sum([a.weight | some a in _assessors])

# The assessors of kind bool, cap, ns and af have range 1 and badness 0 or
# 1: they cost their weight, ceil(1 * weight / 1), or nothing.
# A boolean assessor's setting is the setting it reads.
_bool_keys := {a.arg | some a in _of_kind.bool}

_bool_points := {a.arg: a.weight | some a in _of_kind.bool}

_cap_groups := [{"id": a.id, "caps": {c | some c in a.arg}, "points": a.weight} | some a in _of_kind.cap]

# The capabilities the assessors ask about.
_all_caps := {c | some g in _cap_groups; some c in g.caps}

_cap_all_points := sum([g.points | some g in _cap_groups])

_namespaces := {a.arg | some a in _of_kind.ns}

_ns_points := {a.arg: a.weight | some a in _of_kind.ns}

_families := {a.arg | some a in _of_kind.af}

_af_points := {a.arg: a.weight | some a in _of_kind.af}

_syscall_groups := {a.arg | some a in _of_kind.syscall}

_syscall_all_points := sum([p | some p in _syscall_points_at[10]])

# _syscall_points_at[b] is each group's points at badness b (9 or 10).
_syscall_points_at := {b: {a.arg: p | some a in _of_kind.syscall; p := ceil((b * a.weight) / a.range)} | some b in [9, 10]}

# ---- a service's settings, read once ----

# _view is what the assessors read from serviceConfig sc, parsed once: the
# settings that are on, the capabilities left in the bounding set, the
# namespace types and address families restricted, the system call filter,
# and the badness of the assessors that read one setting each (every kind
# but bool, cap, ns, af and syscall), by setting. It reads each setting's value
# as systemd does (vals: the last assignment of a list; _no_value for an
# empty list) and as a boolean (bools); the helpers take the values they
# read, not sc.
_view(sc) := {
	"on": on,
	"bounded": lists.bounded - {c | some caps in object.filter(_implied_drops, on); some c in caps},
	"ns": lists.ns,
	"af": lists.af,
	"syscall": lists.syscall,
	"singles": object.union(
		{
			"User/DynamicUser": object.get({true: 10}, root, object.get({"nobody": 9}, object.get(vals, "User", null), 0)),
			"SupplementaryGroups": _supplementary_badness(root, object.get(sc, "SupplementaryGroups", null)),
			# true: 0, "tmpfs": 1, "read-only": 5, DynamicUser: 5, else 10
			"ProtectHome": object.get({true: 0}, object.get(bools, "ProtectHome", null), object.get(
				{"tmpfs": 1, "read-only": 5}, object.get(vals, "ProtectHome", null),
				object.get({true: 5}, dynamic, 10),
			)),
			# DynamicUser: 0, "strict": 0, "full": 3, true: 5, else 10
			"ProtectSystem": object.get({true: 0}, dynamic, object.get(
				{"strict": 0, "full": 3}, object.get(vals, "ProtectSystem", null),
				object.get({true: 5}, object.get(bools, "ProtectSystem", null), 10),
			)),
			"RootDirectory/RootImage": _root_directory_badness(object.filter(vals, {"RootDirectory", "RootImage"})),
			"KeyringMode": object.get({null: 0, "private": 0}, object.get(vals, "KeyringMode", null), 1), # null: unset
			"ProtectProc": object.get({"noaccess": 1, "invisible": 0, "ptraceable": 0}, object.get(vals, "ProtectProc", null), 3),
			"ProcSubset": object.get({"pid": 0}, object.get(vals, "ProcSubset", null), 1),
			"NotifyAccess": object.get({"all": 1}, object.get(vals, "NotifyAccess", null), 0),
			"RemoveIPC": object.get({true: -1}, root, 1 - count({"RemoveIPC"} & on)),
			"Delegate": _delegate_badness(object.get(vals, "Delegate", null), object.get(bools, "Delegate", null)),
			"SystemCallArchitectures": _architectures_badness(object.get(sc, "SystemCallArchitectures", null)),
			"IPAddressDeny": _ip_badness(object.filter(sc, _ip_keys)),
			"DevicePolicy": _device_badness(object.get(vals, "DevicePolicy", null), object.get(sc, "DeviceAllow", null), on),
			"AmbientCapabilities": _ambient_badness(object.get(sc, "AmbientCapabilities", null)),
		},
		{"UMask": b | b := _umask_badness(object.get(vals, "UMask", null))},
	),
} if {
	read := object.filter(sc, _value_keys)
	vals := object.union(read, {key: x | some key, raw in read; is_array(raw); x := _last_value(raw)})
	bool_vals := object.filter(vals, _bool_read_keys)
	bools := object.union(
		{key: x | some key, x in bool_vals; is_boolean(x)},
		{key: b | some key, x in bool_vals; not is_boolean(x); b := lib.systemd_bool(x)},
	)
	dynamic := object.get(bools, "DynamicUser", null) == true
	root := _runs_as_root(object.get(vals, "User", null), dynamic)
	lists := _lists(object.filter(sc, _list_keys), bools)
	on_words := _on_words
	on := ({key | some key, b in bools; b == true} | {key |
		some key, x in bool_vals
		is_string(x)
		object.get(bools, key, null) != false
		lower(trim_space(x)) in on_words
	}) | {key | dynamic; some key in _dynamic_implies}
}

# _lists is what the list settings (_list_keys, as written) leave: the
# capabilities kept in the bounding set, the namespace types and address
# families restricted, the system call filter.
_lists(lists, bools) := _unset_lists if {
	count(lists) == 0
} else := {
	"bounded": _kept_caps(object.get(lists, "CapabilityBoundingSet", null)),
	"ns": _ns_restricted(object.get(lists, "RestrictNamespaces", null), bools),
	"af": _family_restricted(object.get(lists, "RestrictAddressFamilies", null)),
	"syscall": _syscall_filter(object.get(lists, "SystemCallFilter", null)),
}

_list_keys := {"CapabilityBoundingSet", "RestrictNamespaces", "RestrictAddressFamilies", "SystemCallFilter"}

_unset_lists := {
	"bounded": _kept_caps(null),
	"ns": _ns_restricted(null, {}),
	"af": _family_restricted(null),
	"syscall": _syscall_filter(null),
}

# The settings read through vals, and those of them read as booleans
# (bools, on) too.
_value_keys := _bool_read_keys | {
	"User", "RootDirectory", "RootImage", "UMask", "KeyringMode",
	"ProtectProc", "ProcSubset", "NotifyAccess", "DevicePolicy",
}

_bool_read_keys := _bool_keys | {"DynamicUser", "ProtectHome", "ProtectSystem", "RemoveIPC", "Delegate", "RestrictNamespaces"}

# A value that no setting has: what vals holds for a setting written as an
# empty list (lib.systemd_value is undefined) or whose last assignment is
# itself a list, so that a value of vals is never a list (object.get reads
# a list as a path) and compares unequal to every setting value.
_no_value := {"nixsec_no_value": true}

_last_value(raw) := x if {
	x := lib.systemd_value(raw)
	not is_array(x)
} else := _no_value

# _runs_as_root is lib.runs_as_root read from the view: User is root
# ("root" or "0"), or User is unset and DynamicUser is not on. user is
# User's value (vals).
_runs_as_root(user, dynamic) if {
	user in {"root", "0", 0}
} else if {
	user in {null, ""}
	not dynamic
} else := false

# A boolean setting is on when true; the newer non-boolean values
# (PrivateTmp = "disconnected", PrivateUsers = "self",
# ProtectControlGroups = "strict", ProtectHostname = "private"…) are on too.
_on_words := {"disconnected", "self", "identity", "full", "managed", "private", "strict"}

# DynamicUser implies PrivateTmp, RemoveIPC and RestrictSUIDSGID.
_dynamic_implies := {"PrivateTmp", "RemoveIPC", "RestrictSUIDSGID"}

# _table is the badness of every assessor, by id; -1 is "does not apply"
# (systemd's UINT64_MAX). An assessor without a badness (a UMask that is
# no octal number) is left out.
_table(v) := object.union_n([
	{ids[setting]: b | some setting, b in v.singles},
	{a.id: b | some a in _of_kind.bool; b := 1 - count({a.arg} & v.on)},
	{g.id: b | some g in _cap_groups; b := min([1, count(g.caps & v.bounded)])},
	{a.id: b | some a in _of_kind.ns; b := 1 - count({a.arg} & v.ns)},
	{a.id: b | some a in _of_kind.af; b := 1 - count({a.arg} & v.af)},
	{a.id: b | some a in _of_kind.syscall; b := _syscall_badness(v.syscall, a.arg)},
]) if {
	ids := {a.setting: a.id | some a in _singles}
}

# _badness is one assessor's badness for serviceConfig sc, as scores reads
# it; undefined for an assessor that is not in _assessors.
_badness(kind, arg, sc) := _table(_view(sc))[a.id] if {
	some a in _assessors
	a.kind == kind
	a.arg == arg
}

# ---- reading serviceConfig ----

# _lines_of is a setting's assignments as strings (a list is several lines).
_lines_of(x) := [l | some l in x; is_string(l)] if {
	is_array(x)
} else := [x] if {
	is_string(x)
} else := []

_words(line) := [w | some w in regex.split(`[\s,]+`, trim_space(trim_prefix(trim_space(line), "~"))); w != ""]

_negated(line) if startswith(trim_space(line), "~")

_is_negated(line) if {
	_negated(line)
} else := false

_all_words(raw) := [w | some l in _lines_of(raw); some w in _words(l)]

# ---- badness of the assessors that read one setting ----

# raw is SupplementaryGroups as written.
_supplementary_badness(true, _) := -1

_supplementary_badness(false, raw) := 0 if {
	raw == null
} else := 1 if {
	some l in _lines_of(raw)
	count(_words(l)) > 0
} else := 0

# dirs is RootDirectory and RootImage as set (vals).
_root_directory_badness(dirs) := 0 if {
	some x in dirs
	is_string(x)
	not trim_space(x) in {"", "/"}
} else := 1

# Delegate takes a boolean or a list of cgroup controllers (delegating
# them); x is the value (vals), b the boolean (bools; null when none).
_delegate_badness(x, b) := 1 if {
	b == true
} else := 1 if {
	is_string(x)
	b != false
	trim_space(x) != ""
} else := 0

# raw is SystemCallArchitectures as written.
_architectures_badness(raw) := 10 if {
	raw == null
} else := _words_architectures_badness(_all_words(raw))

_words_architectures_badness(words) := 10 if {
	count(words) == 0
} else := 0 if {
	"native" in words
} else := 8

# ip is the IP settings as written (_ip_keys).
_ip_badness(ip) := 10 if {
	count(ip) == 0
} else := 0 if {
	some key in ["IPIngressFilterPath", "IPEgressFilterPath"]
	count(_all_words(object.get(ip, key, null))) > 0
} else := 10 if {
	not _deny_all(_all_words(object.get(ip, "IPAddressDeny", null)))
} else := 5 if {
	some a in _all_words(object.get(ip, "IPAddressAllow", null))
	not a in _localhost
} else := 2 if {
	count(_all_words(object.get(ip, "IPAddressAllow", null))) > 0
} else := 0

# policy is DevicePolicy's value (vals), allow DeviceAllow as written.
_device_badness(policy, allow, on) := 10 if {
	not _device_policy(policy, on) in {"strict", "closed"}
} else := 5 if {
	count(_lines_of(allow)) > 0
} else := 5 if {
	"ProtectClock" in on # adds DeviceAllow=char-rtc r
} else := 0

# raw is AmbientCapabilities as written.
_ambient_badness(raw) := 0 if {
	raw == null
} else := 1 if {
	some l in _lines_of(raw)
	trim_space(l) != ""
} else := 0

# ---- capabilities ----

# Capabilities systemd drops from the bounding set for other settings.
_implied_drops := {
	"PrivateDevices": {"CAP_MKNOD", "CAP_SYS_RAWIO"},
	"ProtectKernelModules": {"CAP_SYS_MODULE"},
	"ProtectKernelLogs": {"CAP_SYSLOG"},
	"ProtectClock": {"CAP_SYS_TIME", "CAP_WAKE_ALARM"},
}

# _cap_lines is CapabilityBoundingSet's assignments as [negated, names].
_cap_lines(raw) := [[_is_negated(l), {upper(w) | some w in _words(l)}] | some l in _lines_of(raw)]

# _kept_caps is the capabilities of _all_caps (and any others named) that
# stay in the bounding set. Assignments add (CAP_X …) or remove (~CAP_X …)
# in order: the last one naming a capability decides; the first one starts
# from the empty set, or from every capability when it is negated; none
# leaves every capability. raw is CapabilityBoundingSet as written.
_kept_caps(raw) := _all_caps if {
	raw == null
} else := _kept_caps_of(_cap_lines(raw))

_kept_caps_of(lines) := _all_caps if {
	count(lines) == 0
} else := _unnamed_kept(lines[0][0], _all_caps - named) | {c | some c, negated in last; not negated} if {
	named := {c | some l in lines; some c in l[1]}
	last := {c: lines[max(is)][0] | some c in named; is := [i | some i, l in lines; c in l[1]]}
}

_unnamed_kept(true, caps) := caps

_unnamed_kept(false, _) := set()

# _cap_points is the points of the CapabilityBoundingSet assessors: each
# group of capabilities costs its points while one of them is bounded.
_cap_points(bounded) := _cap_all_points if {
	count(_all_caps - bounded) == 0
} else := 0 if {
	count(_all_caps & bounded) == 0
} else := sum([g.points | some g in _cap_groups; count(g.caps & bounded) > 0])

# ---- UMask ----

# x is UMask's value (vals).
_umask_badness(x) := _umask_unset if {
	x == null
} else := _umask_badness_of(x)

_umask_unset := _umask_badness_of(null)

_umask_badness_of(x) := b if {
	digits := _umask_digits(x)
	other := to_number(substring(digits, 2, 1))
	group := to_number(substring(digits, 1, 1))
	b := _umask_bits_badness(group, other)
}

_umask_digits(v) := d if {
	s := _umask_string(v)
	regex.match(`^[0-7]{1,4}$`, s)
	d := substring(concat("", ["000", s]), count(s), 3)
}

_umask_string(null) := "0022" # systemd's default

_umask_string(v) := trim_space(v) if is_string(v)

_umask_string(v) := format_int(v, 10) if is_number(v) # UMask = 077 in Nix is the number 77

_umask_bits_badness(_, other) := 10 if bits.and(other, 2) == 0

_umask_bits_badness(_, other) := 5 if {
	bits.and(other, 2) != 0
	bits.and(other, 4) == 0
}

_umask_bits_badness(group, other) := 2 if {
	bits.and(other, 6) == 6
	bits.and(group, 2) == 0
}

_umask_bits_badness(group, other) := 1 if {
	bits.and(other, 6) == 6
	bits.and(group, 2) != 0
	bits.and(group, 4) == 0
}

_umask_bits_badness(group, other) := 0 if {
	bits.and(other, 6) == 6
	bits.and(group, 6) == 6
}

# ---- namespaces and address families ----

# _ns_restricted is the namespace types RestrictNamespaces restricts: true
# restricts all; false (or unset) none; a list of types allows only those;
# a "~" list forbids those. raw is RestrictNamespaces as written.
_ns_restricted(raw, bools) := _namespaces if {
	bools.RestrictNamespaces == true
} else := set() if {
	bools.RestrictNamespaces == false
} else := set() if {
	raw == null
} else := _listed_restricted(
	[[_is_negated(l), {n | some n in _words(l)}] | some l in _lines_of(raw)],
	_namespaces,
)

_family(w) := "inet" if w in {"AF_INET", "AF_INET6"}

_family(w) := "unix" if w == "AF_UNIX"

_family(w) := "netlink" if w == "AF_NETLINK"

_family(w) := "packet" if w == "AF_PACKET"

_family(w) := "other" if not w in {"AF_INET", "AF_INET6", "AF_UNIX", "AF_NETLINK", "AF_PACKET", "NONE"}

# _family_restricted is the families RestrictAddressFamilies restricts;
# "none" allows no family. raw is RestrictAddressFamilies as written.
_family_restricted(raw) := set() if {
	raw == null
} else := _listed_restricted(
	[[_is_negated(l), {f | some w in _words(l); f := _family(upper(w))}] |
		some l in _lines_of(raw)
		trim_space(l) != ""
	],
	_families,
)

# _listed_restricted is the names of universe that an allow or deny list
# restricts (the first assignment decides which); lines are
# [negated, names] pairs.
_listed_restricted(lines, universe) := set() if {
	count(lines) == 0
} else := (universe - allowed) | (denied & universe) if {
	not lines[0][0]
	allowed := {n | some l in lines; not l[0]; some n in l[1]}
	denied := {n | some l in lines; l[0]; some n in l[1]}
} else := denied & universe if {
	denied := {n | some l in lines; l[0]; some n in l[1]}
}

# ---- system call filter, judged by group names ----

# Groups an allowed name lets through, in part or whole: @system-service
# holds @resources and, through @chown and @setuid, calls of @privileged;
# @privileged holds @clock, @module, @raw-io, @reboot and @swap.
_allows := {
	"@system-service": {"privileged", "resources"},
	"@privileged": {"privileged", "clock", "module", "raw-io", "reboot", "swap"},
	"@known": {"privileged", "resources", "clock", "module", "raw-io", "reboot", "swap", "obsolete", "cpu-emulation", "debug", "mount"},
	"@clock": {"clock", "privileged"},
	"@module": {"module", "privileged"},
	"@raw-io": {"raw-io", "privileged"},
	"@reboot": {"reboot", "privileged"},
	"@swap": {"swap", "privileged"},
	"@chown": {"privileged"},
	"@setuid": {"privileged"},
	"@resources": {"resources"},
	"@obsolete": {"obsolete"},
	"@cpu-emulation": {"cpu-emulation"},
	"@debug": {"debug"},
	"@mount": {"mount"},
}

# Groups a denied name covers completely.
_covers := {
	"@privileged": {"privileged", "clock", "module", "raw-io", "reboot", "swap"},
	"@known": {"privileged", "resources", "clock", "module", "raw-io", "reboot", "swap", "obsolete", "cpu-emulation", "debug", "mount"},
	"@clock": {"clock"},
	"@module": {"module"},
	"@raw-io": {"raw-io"},
	"@reboot": {"reboot"},
	"@swap": {"swap"},
	"@resources": {"resources"},
	"@obsolete": {"obsolete"},
	"@cpu-emulation": {"cpu-emulation"},
	"@debug": {"debug"},
	"@mount": {"mount"},
}

# _syscall_lines is SystemCallFilter's non-empty assignments as
# [negated, names]; a filter entry may end in :errno (@mount:EPERM).
_syscall_lines(raw) := [[_is_negated(l), {split(w, ":")[0] | some w in _words(l)}] |
	some l in _lines_of(raw)
	trim_space(l) != ""
]

# _syscall_filter is the filter as a mode: "none" (no filter), "allow" (the
# first assignment is an allow list: allowed is the groups it lets through,
# in part or whole) or "deny"; covered is the groups denied entries cover.
# raw is SystemCallFilter as written.
_syscall_filter(raw) := {"mode": "none"} if {
	raw == null
} else := _syscall_filter_of(_syscall_lines(raw))

_syscall_filter_of(lines) := {"mode": "none"} if {
	count(lines) == 0
} else := {"mode": "allow", "allowed": allowed, "covered": _covered(lines)} if {
	not lines[0][0]
	allowed := {g | some l in lines; not l[0]; some n in l[1]; some g in object.get(_allows, n, set())}
} else := {"mode": "deny", "covered": _covered(lines)}

_covered(lines) := {g | some l in lines; l[0]; some n in l[1]; some g in object.get(_covers, n, set())}

# _syscall_badness is a group's badness: 10 without a filter; for an allow
# list 9 when it lets the group through and no denied entry covers it,
# else 0; for a deny list 0 when it covers the group, else 10.
_syscall_badness(f, _) := 10 if f.mode == "none"

_syscall_badness(f, group) := 9 * count(({group} & f.allowed) - f.covered) if f.mode == "allow"

_syscall_badness(f, group) := 10 - (10 * count({group} & f.covered)) if f.mode == "deny"

# _syscall_points is the points of the SystemCallFilter assessors.
_syscall_points(f) := _syscall_all_points if f.mode == "none"

_syscall_points(f) := sum([p | some p in object.filter(_syscall_points_at[9], f.allowed - f.covered)]) if f.mode == "allow"

_syscall_points(f) := sum([p | some p in object.filter(_syscall_points_at[10], _syscall_groups - f.covered)]) if f.mode == "deny"

# ---- IP addresses and devices ----

# words is IPAddressDeny's words.
_deny_all(words) if "any" in words

_deny_all(words) if {
	"0.0.0.0/0" in words
	"::/0" in words
}

_ip_keys := {"IPIngressFilterPath", "IPEgressFilterPath", "IPAddressDeny", "IPAddressAllow"}

_localhost := {"localhost", "127.0.0.0/8", "::1", "::1/128"}

_device_policy(policy, on) := "closed" if {
	policy in {null, "auto"}
	"PrivateDevices" in on
} else := policy if {
	is_string(policy)
} else := "auto"
