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
	some name, service in lib.cfg(["systemd", "services"], {})
	is_object(service)
	object.get(service, "enable", true) != false
	lib.own_service(name)
	sc := object.get(service, "serviceConfig", {})
	is_object(sc)
	tenths := exposure_tenths(sc)
	tenths > max_exposure * 10
	v := {
		"path": lib.path(["systemd", "services", name, "serviceConfig"]),
		"msg": sprintf(
			"systemd.services.%s has exposure %s (systemd-analyze security; over %.1f); missing or weak: %s",
			[lib.path([name]), _tenths(tenths), max_exposure, concat(", ", _worst(sc))],
		),
	}
}

_tenths(t) := sprintf("%d.%d", [floor(t / 10), t % 10])

# scores is every assessor that applies to the service, with its badness
# and the exposure points it adds: ceil(badness * weight / range).
scores(sc) := [{"id": a.id, "setting": a.setting, "weight": a.weight, "badness": b, "points": ceil((b * a.weight) / a.range)} |
	some a in _assessors
	b := _badness(a.kind, a.arg, sc)
	b >= 0
]

# exposure_tenths is systemd's exposure in tenths (96 = 9.6):
# ceil(100 * badness_sum / weight_sum).
exposure_tenths(sc) := ceil((100 * sum([s.points | some s in ss])) / sum([s.weight | some s in ss])) if {
	ss := scores(sc)
}

# _worst is the settings that cost the most points, worst first, at most 8.
_worst(sc) := [s | some pair in array.slice(_ranked(sc), 0, 8); s := pair[1]]

_ranked(sc) := _rank(scores(sc))

_rank(ss) := sort({[0 - points, setting] |
	some setting in {s.setting | some s in ss}
	points := sum([s.points | some s in ss; s.setting == setting])
	points > 0
})

# The assessors of analyze-security.c, in its order, with systemd's id.
# kind and arg select the badness function below; setting is the directive
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

# ---- reading serviceConfig ----

_get(sc, key) := object.get(sc, key, null)

_value(sc, key) := lib.systemd_value(_get(sc, key))

# _lines is a setting's assignments as strings (a list is several lines).
_lines(sc, key) := [l | some l in _get(sc, key); is_string(l)] if {
	is_array(_get(sc, key))
} else := [_get(sc, key)] if {
	is_string(_get(sc, key))
} else := []

_words(line) := [w | some w in regex.split(`[\s,]+`, trim_space(trim_prefix(trim_space(line), "~"))); w != ""]

_negated(line) if startswith(trim_space(line), "~")

_is_negated(line) if {
	_negated(line)
} else := false

# _on is true when a boolean setting is on; the newer non-boolean values
# (PrivateTmp = "disconnected", PrivateUsers = "self",
# ProtectControlGroups = "strict", ProtectHostname = "private"…) are on too.
_on(sc, key) if lib.systemd_true(_get(sc, key))

_on(sc, key) if {
	v := _value(sc, key)
	is_string(v)
	not lib.systemd_false(v)
	lower(trim_space(v)) in {"disconnected", "self", "identity", "full", "managed", "private", "strict"}
}

_on(sc, key) if {
	_dynamic(sc)
	key in {"PrivateTmp", "RemoveIPC", "RestrictSUIDSGID"}
}

_dynamic(sc) if lib.systemd_true(_get(sc, "DynamicUser"))

_bad_unless_on(sc, key) := 0 if {
	_on(sc, key)
} else := 1

# ---- badness per assessor; -1 is "does not apply" (systemd's UINT64_MAX) ----

_badness("User=/DynamicUser=", _, sc) := 10 if {
	lib.runs_as_root(sc)
} else := 9 if {
	_value(sc, "User") == "nobody"
} else := 0

_badness("SupplementaryGroups=", _, sc) := -1 if {
	lib.runs_as_root(sc)
} else := 1 if {
	some l in _lines(sc, "SupplementaryGroups")
	count(_words(l)) > 0
} else := 0

_badness("bool", key, sc) := _bad_unless_on(sc, key)

_badness("ProtectHome=", _, sc) := 0 if {
	lib.systemd_true(_get(sc, "ProtectHome"))
} else := 1 if {
	_value(sc, "ProtectHome") == "tmpfs"
} else := 5 if {
	_value(sc, "ProtectHome") == "read-only"
} else := 5 if {
	_dynamic(sc)
} else := 10

_badness("ProtectSystem=", _, sc) := 0 if {
	_dynamic(sc)
} else := 0 if {
	_value(sc, "ProtectSystem") == "strict"
} else := 3 if {
	_value(sc, "ProtectSystem") == "full"
} else := 5 if {
	lib.systemd_true(_get(sc, "ProtectSystem"))
} else := 10

_badness("RootDirectory=/RootImage=", _, sc) := 0 if {
	some key in ["RootDirectory", "RootImage"]
	v := _value(sc, key)
	is_string(v)
	not trim_space(v) in {"", "/"}
} else := 1

_badness("cap", caps, sc) := 1 if {
	some cap in caps
	_cap_bounded(sc, cap)
} else := 0

_badness("UMask=", _, sc) := b if {
	digits := _umask_digits(sc)
	other := to_number(substring(digits, 2, 1))
	group := to_number(substring(digits, 1, 1))
	b := _umask_badness(group, other)
}

_badness("KeyringMode=", _, sc) := 0 if {
	_value(sc, "KeyringMode") in {null, "private"}
} else := 1

_badness("ProtectProc=", _, sc) := 1 if {
	_value(sc, "ProtectProc") == "noaccess"
} else := 0 if {
	_value(sc, "ProtectProc") in {"invisible", "ptraceable"}
} else := 3

_badness("ProcSubset=", _, sc) := 0 if {
	_value(sc, "ProcSubset") == "pid"
} else := 1

_badness("NotifyAccess=", _, sc) := 1 if {
	_value(sc, "NotifyAccess") == "all"
} else := 0

_badness("RemoveIPC=", _, sc) := -1 if {
	lib.runs_as_root(sc)
} else := _bad_unless_on(sc, "RemoveIPC")

# Delegate takes a boolean or a list of cgroup controllers (delegating them).
_badness("Delegate=", _, sc) := 1 if {
	lib.systemd_true(_get(sc, "Delegate"))
} else := 1 if {
	v := _value(sc, "Delegate")
	is_string(v)
	not lib.systemd_false(v)
	trim_space(v) != ""
} else := 0

_badness("ns", ns, sc) := 0 if {
	_ns_restricted(sc, ns)
} else := 1

_badness("af", family, sc) := 0 if {
	_family_restricted(sc, family)
} else := 1

_badness("SystemCallArchitectures=", _, sc) := 10 if {
	count(_all_words(sc, "SystemCallArchitectures")) == 0
} else := 0 if {
	"native" in _all_words(sc, "SystemCallArchitectures")
} else := 8

_badness("syscall", group, sc) := _syscall_badness(sc, group)

_badness("IPAddressDeny=", _, sc) := 0 if {
	some key in ["IPIngressFilterPath", "IPEgressFilterPath"]
	count(_all_words(sc, key)) > 0
} else := 10 if {
	not _deny_all(sc)
} else := 5 if {
	some a in _all_words(sc, "IPAddressAllow")
	not a in _localhost
} else := 2 if {
	count(_all_words(sc, "IPAddressAllow")) > 0
} else := 0

_badness("DeviceAllow=", _, sc) := 10 if {
	not _device_policy(sc) in {"strict", "closed"}
} else := 5 if {
	count(_lines(sc, "DeviceAllow")) > 0
} else := 5 if {
	_on(sc, "ProtectClock") # adds DeviceAllow=char-rtc r
} else := 0

_badness("AmbientCapabilities=", _, sc) := 1 if {
	some l in _lines(sc, "AmbientCapabilities")
	trim_space(l) != ""
} else := 0

_all_words(sc, key) := [w | some l in _lines(sc, key); some w in _words(l)]

# ---- capabilities ----

# Capabilities systemd drops from the bounding set for other settings.
_implied_drops := {
	"PrivateDevices": {"CAP_MKNOD", "CAP_SYS_RAWIO"},
	"ProtectKernelModules": {"CAP_SYS_MODULE"},
	"ProtectKernelLogs": {"CAP_SYSLOG"},
	"ProtectClock": {"CAP_SYS_TIME", "CAP_WAKE_ALARM"},
}

# _cap_bounded is true when cap stays in the bounding set. Assignments add
# (CAP_X …) or remove (~CAP_X …) in order; the first one starts from the
# empty set, or from every capability when it is negated; none leaves every
# capability.
_cap_bounded(sc, cap) if {
	not _cap_dropped(sc, cap)
	lines := _lines(sc, "CapabilityBoundingSet")
	mentions := [i | some i, l in lines; cap in _upper_words(l)]
	_cap_state(lines, mentions)
}

_cap_dropped(sc, cap) if {
	some key, caps in _implied_drops
	cap in caps
	_on(sc, key)
}

_cap_state(lines, _) if count(lines) == 0

_cap_state(lines, mentions) if {
	count(lines) > 0
	count(mentions) == 0
	_negated(lines[0])
}

_cap_state(lines, mentions) if {
	count(mentions) > 0
	not _negated(lines[max(mentions)])
}

_upper_words(line) := [upper(w) | some w in _words(line)]

# ---- UMask ----

_umask_digits(sc) := d if {
	v := _value(sc, "UMask")
	s := _umask_string(v)
	regex.match(`^[0-7]{1,4}$`, s)
	d := substring(concat("", ["000", s]), count(s), 3)
}

_umask_string(null) := "0022" # systemd's default

_umask_string(v) := trim_space(v) if is_string(v)

_umask_string(v) := format_int(v, 10) if is_number(v) # UMask = 077 in Nix is the number 77

_umask_badness(_, other) := 10 if bits.and(other, 2) == 0

_umask_badness(_, other) := 5 if {
	bits.and(other, 2) != 0
	bits.and(other, 4) == 0
}

_umask_badness(group, other) := 2 if {
	bits.and(other, 6) == 6
	bits.and(group, 2) == 0
}

_umask_badness(group, other) := 1 if {
	bits.and(other, 6) == 6
	bits.and(group, 2) != 0
	bits.and(group, 4) == 0
}

_umask_badness(group, other) := 0 if {
	bits.and(other, 6) == 6
	bits.and(group, 6) == 6
}

# ---- namespaces and address families ----

# RestrictNamespaces = true restricts all; false (or unset) none; a list of
# types allows only those; a "~" list forbids those.
_ns_restricted(sc, _) if lib.systemd_true(_get(sc, "RestrictNamespaces"))

_ns_restricted(sc, ns) if {
	not lib.systemd_true(_get(sc, "RestrictNamespaces"))
	not lib.systemd_false(_get(sc, "RestrictNamespaces"))
	_listed_restricted(_lines(sc, "RestrictNamespaces"), ns)
}

_family(w) := "inet" if w in {"AF_INET", "AF_INET6"}

_family(w) := "unix" if w == "AF_UNIX"

_family(w) := "netlink" if w == "AF_NETLINK"

_family(w) := "packet" if w == "AF_PACKET"

_family(w) := "other" if not w in {"AF_INET", "AF_INET6", "AF_UNIX", "AF_NETLINK", "AF_PACKET", "NONE"}

# RestrictAddressFamilies = "none" allows no family.
_family_restricted(sc, family) if {
	lines := [l | some l in _lines(sc, "RestrictAddressFamilies"); trim_space(l) != ""]
	mapped := [[l, fs] | some l in lines; fs := [f | some w in _upper_words(l); f := _family(w)]]
	_listed_restricted(mapped, family)
}

# _listed_restricted decides for an allow or deny list (the first
# assignment decides which): lines are [line, names] pairs or strings.
_listed_restricted(lines, name) if {
	count(lines) > 0
	not _negated(_line(lines[0]))
	not name in {n | some l in lines; not _negated(_line(l)); some n in _names(l)}
}

_listed_restricted(lines, name) if {
	count(lines) > 0
	not _negated(_line(lines[0]))
	name in {n | some l in lines; _negated(_line(l)); some n in _names(l)}
}

_listed_restricted(lines, name) if {
	count(lines) > 0
	_negated(_line(lines[0]))
	name in {n | some l in lines; _negated(_line(l)); some n in _names(l)}
}

_line(l) := l[0] if is_array(l)

_line(l) := l if is_string(l)

_names(l) := l[1] if is_array(l)

_names(l) := _words(l) if is_string(l)

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

_syscall_lines(sc) := [l | some l in _lines(sc, "SystemCallFilter"); trim_space(l) != ""]

# A filter entry may end in :errno (@mount:EPERM).
_syscall_names(l, negated) := {split(w, ":")[0] |
	_is_negated(l) == negated
	some w in _words(l)
}

_syscall_badness(sc, _) := 10 if count(_syscall_lines(sc)) == 0

_syscall_badness(sc, group) := b if {
	lines := _syscall_lines(sc)
	count(lines) > 0
	not _negated(lines[0])
	allowed := {g | some l in lines; some n in _syscall_names(l, false); some g in object.get(_allows, n, set())}
	covered := {g | some l in lines; some n in _syscall_names(l, true); some g in object.get(_covers, n, set())}
	b := _allow_badness(group in allowed, group in covered)
}

_syscall_badness(sc, group) := b if {
	lines := _syscall_lines(sc)
	count(lines) > 0
	_negated(lines[0])
	covered := {g | some l in lines; some n in _syscall_names(l, true); some g in object.get(_covers, n, set())}
	b := _deny_badness(group in covered)
}

_allow_badness(true, false) := 9

_allow_badness(false, _) := 0

_allow_badness(true, true) := 0

_deny_badness(true) := 0

_deny_badness(false) := 10

# ---- IP addresses and devices ----

_deny_all(sc) if "any" in _all_words(sc, "IPAddressDeny")

_deny_all(sc) if {
	"0.0.0.0/0" in _all_words(sc, "IPAddressDeny")
	"::/0" in _all_words(sc, "IPAddressDeny")
}

_localhost := {"localhost", "127.0.0.0/8", "::1", "::1/128"}

_device_policy(sc) := "closed" if {
	_value(sc, "DevicePolicy") in {null, "auto"}
	_on(sc, "PrivateDevices")
} else := p if {
	p := _value(sc, "DevicePolicy")
	is_string(p)
} else := "auto"
