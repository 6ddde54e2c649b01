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
#   MemoryDenyWriteExecute, NoNewPrivileges, the 26 CapabilityBoundingSet
#   groups, UMask, KeyringMode, ProtectProc, ProcSubset, NotifyAccess,
#   RemoveIPC, Delegate, RestrictRealtime, RestrictSUIDSGID, the 7
#   RestrictNamespaces and 5 RestrictAddressFamilies checks,
#   SystemCallArchitectures, the 11 SystemCallFilter groups,
#   IPAddressDeny/IPAddressAllow, DevicePolicy/DeviceAllow and
#   AmbientCapabilities, with what systemd implies (DynamicUser implies
#   PrivateTmp, RemoveIPC, RestrictSUIDSGID, NoNewPrivileges,
#   ProtectSystem=strict and ProtectHome=read-only; PrivateDevices,
#   ProtectKernelModules, ProtectKernelLogs and ProtectClock drop their
#   capabilities; RootImage, ProtectClock and encrypted credentials allow
#   devices). serviceConfig is read as systemd reads the unit NixOS writes
#   from it, and the score is checked against `systemd-analyze security
#   --offline` of systemd 252: an invalid assignment is ignored, an empty
#   one resets a list. Differences from systemd: DefaultDependencies (a
#   unitConfig setting) is assumed on, specifiers (%i, %n…) are not
#   expanded, system call groups are systemd 252's on x86-64, a unit
#   systemd refuses to load (an invalid User, say) is still scored, and
#   values newer than systemd 252 (PrivateTmp = "disconnected"…) count as
#   later systemd counts them. Only services whose ExecStart or script is
#   written in the flake's own files are scored.
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

# lib.own_units: the own services that run, scored once per host by
# nixsec.systemd_exposure's scoring: tenths, exposure (the same as
# systemd-analyze prints it: "9.6"), and weak, the settings that cost the
# most points (most first, then by name, at most 8) joined by ", ". Both
# strings come formatted from Go: sprintf and concat per unit cost more
# than the rest of the rule (issue 17).
deny contains v if {
	some unit in lib.own_units
	unit.tenths > _max_tenths
	v := {
		"path": unit.path,
		"msg": concat("", ["systemd.services.", unit.component, " has exposure ", unit.exposure, _over, unit.weak]),
	}
}

_max_tenths := max_exposure * 10

_over := concat("", [" (systemd-analyze security; over ", sprintf("%.1f", [max_exposure]), "); missing or weak: "])

# The score is the builtin nixsec.systemd_exposure(sc)
# (rules/builtins/systemd), the only implementation of the scoring:
# systemd's assessors, weights, ranges and formula read from serviceConfig
# as systemd reads the unit. It returns {"tenths": 96, "points": {setting:
# points}, "scores": [...]}, with only the settings that cost points.

# exposure_tenths is systemd's exposure in tenths (96 = 9.6):
# ceil(100 * badness_sum / weight_sum).
exposure_tenths(sc) := nixsec.systemd_exposure(sc).tenths

# scores is every assessor that applies to the service, in
# analyze-security.c's order: {"id", "setting", "weight", "badness",
# "points"}, the points being ceil(badness * weight / range).
scores(sc) := nixsec.systemd_exposure(sc).scores

# _worst_of is the settings that cost the most points, worst first, at
# most 8, from nixsec.systemd_exposure's points: what lib.own_units gives
# as worst (the tests rank the scores with it).
_worst_of(points) := [s | some pair in array.slice(_rank(points), 0, 8); s := pair[1]]

# _rank is [-points, setting] for every setting in points (all cost
# points), sorted: most points first, then by name.
_rank(points) := sort({[0 - p, setting] | some setting, p in points})
