package nixsec.rules.services.svc007_test

import data.nixsec.lib
import data.nixsec.rules.services.svc007

# _host builds a document whose services are all defined in hosts/web.nix,
# except those named in nixpkgs_only.
_host(services, nixpkgs_only) := {
	"host": "web",
	"config": {"systemd": {"services": services}},
	"defined": {},
	"files": {concat("", ["systemd.services.", lib.path([name]), ".serviceConfig.ExecStart"]): ["hosts/web.nix"] |
		some name, _ in services
		not name in nixpkgs_only
	},
}

# The remediation's settings.
_hardened := {
	"ExecStart": "/bin/backup",
	"DynamicUser": true,
	"NoNewPrivileges": true,
	"PrivateTmp": true,
	"PrivateDevices": true,
	"ProtectSystem": "strict",
	"ProtectHome": true,
	"ProtectKernelTunables": true,
	"ProtectKernelModules": true,
	"ProtectKernelLogs": true,
	"ProtectControlGroups": true,
	"ProtectClock": true,
	"ProtectHostname": true,
	"ProtectProc": "invisible",
	"ProcSubset": "pid",
	"RestrictNamespaces": true,
	"RestrictRealtime": true,
	"RestrictSUIDSGID": true,
	"LockPersonality": true,
	"MemoryDenyWriteExecute": true,
	"RestrictAddressFamilies": ["AF_UNIX", "AF_INET", "AF_INET6"],
	"CapabilityBoundingSet": "",
	"SystemCallArchitectures": "native",
	"SystemCallFilter": ["@system-service", "~@privileged @resources"],
	"UMask": "0077",
}

# _badness is one assessor's badness, from the scores of
# nixsec.systemd_exposure; undefined when it does not apply.
_badness(sc, id) := s.badness if {
	some s in svc007.scores(sc)
	s.id == id
}

test_bare_root_service_fires if {
	svc007.deny == {{
		"path": "systemd.services.backup.serviceConfig",
		"msg": "systemd.services.backup has exposure 9.6 (systemd-analyze security; over 5.0); missing or weak: CapabilityBoundingSet, SystemCallFilter, RestrictNamespaces, RestrictAddressFamilies, PrivateNetwork, User/DynamicUser, DevicePolicy, IPAddressDeny",
	}} with input as _host({"backup": {"serviceConfig": {"ExecStart": "/bin/backup"}}}, set())
}

# systemd-analyze security rates a unit with no sandboxing 9.6 when it runs
# as root, 9.2 under its own user and 8.4 under a dynamic one.
test_scores_match_systemd_for_bare_units if {
	svc007.exposure_tenths({}) == 96
	svc007.exposure_tenths({"User": "app"}) == 92
	svc007.exposure_tenths({"DynamicUser": true}) == 84
}

test_hardened_service_passes if {
	svc007.exposure_tenths(_hardened) == 14
	count(svc007.deny) == 0 with input as _host({"backup": {"serviceConfig": _hardened}}, set())
}

test_partly_hardened_service_lists_what_is_left if {
	sc := {"DynamicUser": true, "ProtectSystem": "strict", "NoNewPrivileges": true, "PrivateTmp": true, "ProtectHome": true}
	some v in svc007.deny with input as _host({"app": {"serviceConfig": sc}}, set())
	v.msg == "systemd.services.app has exposure 8.3 (systemd-analyze security; over 5.0); missing or weak: CapabilityBoundingSet, SystemCallFilter, RestrictNamespaces, RestrictAddressFamilies, PrivateNetwork, DevicePolicy, IPAddressDeny, PrivateDevices"
}

# Equal to the threshold is not above it.
test_threshold_is_exclusive if {
	count(svc007.deny) == 0 with input as _host({"a": {"serviceConfig": {}}}, set())
		with svc007.max_exposure as 9.6
	count(svc007.deny) == 1 with input as _host({"a": {"serviceConfig": {}}}, set())
		with svc007.max_exposure as 9.5
}

test_nixpkgs_services_pass if {
	services := {"nginx": {"serviceConfig": {}}, "sshd": {"serviceConfig": {"ExecStart": "/bin/sshd"}}}
	count(svc007.deny) == 0 with input as _host(services, {"nginx", "sshd"})
}

test_several_services if {
	services := {
		"backup": {"serviceConfig": {}},
		"web-app": {"serviceConfig": _hardened},
		"rsync@": {"serviceConfig": {"User": "rsync"}},
		"nginx": {"serviceConfig": {}},
		"off": {"enable": false, "serviceConfig": {}},
	}
	paths := {v.path | some v in svc007.deny} with input as _host(services, {"nginx"})
	paths == {
		"systemd.services.backup.serviceConfig",
		"systemd.services.\"rsync@\".serviceConfig",
	}
}

test_script_only_service_fires if {
	inp := {
		"config": {"systemd": {"services": {"job": {"script": "echo hi", "serviceConfig": {"Type": "oneshot"}}}}},
		"defined": {},
		"files": {"systemd.services.job.script": ["modules/job.nix"]},
	}
	count(svc007.deny) == 1 with input as inp
}

test_module_absent_and_null_pass if {
	count(svc007.deny) == 0 with input as {"config": {}, "defined": {}}
	count(svc007.deny) == 0 with input as _host({}, set())
	count(svc007.deny) == 0 with input as _host({"x": null, "y": {"serviceConfig": null}}, set())
}

test_user_assessor if {
	_badness({}, "User=/DynamicUser=") == 10
	_badness({"User": "root", "DynamicUser": true}, "User=/DynamicUser=") == 10
	_badness({"User": "nobody"}, "User=/DynamicUser=") == 9
	_badness({"User": "app"}, "User=/DynamicUser=") == 0
	_badness({"DynamicUser": "yes"}, "User=/DynamicUser=") == 0
	not _badness({}, "RemoveIPC=")
	not _badness({}, "SupplementaryGroups=")
	_badness({"User": "app"}, "RemoveIPC=") == 1
	_badness({"DynamicUser": true}, "RemoveIPC=") == 0
	_badness({"User": "app", "SupplementaryGroups": ["wheel"]}, "SupplementaryGroups=") == 1
	_badness({"User": "app"}, "SupplementaryGroups=") == 0
}

test_dynamic_user_implies_sandboxing if {
	sc := {"DynamicUser": true}
	_badness(sc, "PrivateTmp=") == 0
	_badness(sc, "RestrictSUIDSGID=") == 0
	_badness(sc, "ProtectSystem=") == 0
	_badness(sc, "ProtectHome=") == 5
	_badness(sc, "NoNewPrivileges=") == 0
	_badness({"DynamicUser": true, "ProtectHome": "tmpfs"}, "ProtectHome=") == 1
}

test_protect_system_and_home if {
	_badness({}, "ProtectSystem=") == 10
	_badness({"ProtectSystem": false}, "ProtectSystem=") == 10
	_badness({"ProtectSystem": true}, "ProtectSystem=") == 5
	_badness({"ProtectSystem": "yes"}, "ProtectSystem=") == 5
	_badness({"ProtectSystem": "full"}, "ProtectSystem=") == 3
	_badness({"ProtectSystem": "strict"}, "ProtectSystem=") == 0
	_badness({}, "ProtectHome=") == 10
	_badness({"ProtectHome": "read-only"}, "ProtectHome=") == 5
	_badness({"ProtectHome": "tmpfs"}, "ProtectHome=") == 1
	_badness({"ProtectHome": "yes"}, "ProtectHome=") == 0
}

test_boolean_settings if {
	_badness({}, "PrivateNetwork=") == 1
	_badness({"PrivateNetwork": true}, "PrivateNetwork=") == 0
	_badness({"PrivateNetwork": "on"}, "PrivateNetwork=") == 0
	_badness({"PrivateNetwork": [true, false]}, "PrivateNetwork=") == 1
	_badness({"PrivateTmp": "disconnected"}, "PrivateTmp=") == 0
	_badness({"PrivateUsers": "self"}, "PrivateUsers=") == 0
	_badness({"ProtectHostname": "private"}, "ProtectHostname=") == 0
	_badness({"NoNewPrivileges": null}, "NoNewPrivileges=") == 1
}

test_capability_bounding_set if {
	# unset: every capability
	_badness({}, "CapabilityBoundingSet=~CAP_SYS_ADMIN") == 1

	# an allow list keeps only what it names
	only_bind := {"CapabilityBoundingSet": "CAP_NET_BIND_SERVICE"}
	_badness(only_bind, "CapabilityBoundingSet=~CAP_NET_(BIND_SERVICE|BROADCAST|RAW)") == 1
	_badness(only_bind, "CapabilityBoundingSet=~CAP_SYS_ADMIN") == 0
	_badness(only_bind, "CapabilityBoundingSet=~CAP_KILL") == 0

	# a deny list removes what it names
	no_admin := {"CapabilityBoundingSet": "~CAP_SYS_ADMIN cap_sys_ptrace"}
	_badness(no_admin, "CapabilityBoundingSet=~CAP_SYS_ADMIN") == 0
	_badness(no_admin, "CapabilityBoundingSet=~CAP_SYS_PTRACE") == 0
	_badness(no_admin, "CapabilityBoundingSet=~CAP_KILL") == 1

	# a group is bad while any of its capabilities stays
	_badness({"CapabilityBoundingSet": "~CAP_SETUID CAP_SETGID"}, "CapabilityBoundingSet=~CAP_SET(UID|GID|PCAP)") == 1

	# later assignments win
	_badness({"CapabilityBoundingSet": ["CAP_KILL", "~CAP_KILL"]}, "CapabilityBoundingSet=~CAP_KILL") == 0
	_badness({"CapabilityBoundingSet": ["~CAP_KILL", "CAP_KILL"]}, "CapabilityBoundingSet=~CAP_KILL") == 1

	# empty: no capability
	_badness({"CapabilityBoundingSet": ""}, "CapabilityBoundingSet=~CAP_SYS_ADMIN") == 0

	# dropped by other settings
	_badness({"PrivateDevices": true}, "CapabilityBoundingSet=~CAP_MKNOD") == 0
	_badness({"PrivateDevices": true}, "CapabilityBoundingSet=~CAP_SYS_RAWIO") == 0
	_badness({"ProtectKernelModules": true}, "CapabilityBoundingSet=~CAP_SYS_MODULE") == 0
	_badness({"ProtectKernelLogs": true}, "CapabilityBoundingSet=~CAP_SYSLOG") == 0
	_badness({"ProtectClock": true}, "CapabilityBoundingSet=~CAP_SYS_TIME") == 0
	_badness({"ProtectClock": true}, "CapabilityBoundingSet=~CAP_WAKE_ALARM") == 0
}

test_ambient_capabilities if {
	_badness({}, "AmbientCapabilities=") == 0
	_badness({"AmbientCapabilities": ""}, "AmbientCapabilities=") == 0
	_badness({"AmbientCapabilities": ["CAP_NET_BIND_SERVICE"]}, "AmbientCapabilities=") == 1
}

test_system_call_filter if {
	every id in ["SystemCallFilter=~@swap", "SystemCallFilter=~@privileged", "SystemCallFilter=~@obsolete"] {
		_badness({}, id) == 10
	}

	# an allow list: a group it lets through is 9, others 0
	service := {"SystemCallFilter": "@system-service"}
	_badness(service, "SystemCallFilter=~@privileged") == 9
	_badness(service, "SystemCallFilter=~@resources") == 9
	_badness(service, "SystemCallFilter=~@mount") == 0
	_badness(service, "SystemCallFilter=~@clock") == 0

	# denied entries after an allow list take groups back out
	_badness(_hardened, "SystemCallFilter=~@privileged") == 0
	_badness(_hardened, "SystemCallFilter=~@resources") == 0
	_badness({"SystemCallFilter": ["@privileged", "~@clock"]}, "SystemCallFilter=~@clock") == 0
	_badness({"SystemCallFilter": ["@privileged", "~@clock"]}, "SystemCallFilter=~@reboot") == 9

	# a deny list: a group it covers is 0, others 10
	deny := {"SystemCallFilter": ["~@mount @debug:EPERM", "~@privileged"]}
	_badness(deny, "SystemCallFilter=~@mount") == 0
	_badness(deny, "SystemCallFilter=~@debug") == 0
	_badness(deny, "SystemCallFilter=~@swap") == 0
	_badness(deny, "SystemCallFilter=~@obsolete") == 10
}

test_system_call_architectures if {
	_badness({}, "SystemCallArchitectures=") == 10
	_badness({"SystemCallArchitectures": "native"}, "SystemCallArchitectures=") == 0
	_badness({"SystemCallArchitectures": "x86-64 x86"}, "SystemCallArchitectures=") == 8
}

test_restrict_namespaces if {
	_badness({}, "RestrictNamespaces=~CLONE_NEWUSER") == 1
	_badness({"RestrictNamespaces": false}, "RestrictNamespaces=~CLONE_NEWUSER") == 1
	_badness({"RestrictNamespaces": true}, "RestrictNamespaces=~CLONE_NEWUSER") == 0
	_badness({"RestrictNamespaces": "yes"}, "RestrictNamespaces=~CLONE_NEWUTS") == 0
	_badness({"RestrictNamespaces": "net mnt"}, "RestrictNamespaces=~CLONE_NEWNET") == 1
	_badness({"RestrictNamespaces": "net mnt"}, "RestrictNamespaces=~CLONE_NEWUSER") == 0
	_badness({"RestrictNamespaces": "~user"}, "RestrictNamespaces=~CLONE_NEWUSER") == 0
	_badness({"RestrictNamespaces": "~user"}, "RestrictNamespaces=~CLONE_NEWNS") == 1
}

test_restrict_address_families if {
	_badness({}, "RestrictAddressFamilies=~AF_(INET|INET6)") == 1
	unix := {"RestrictAddressFamilies": ["AF_UNIX"]}
	_badness(unix, "RestrictAddressFamilies=~AF_UNIX") == 1
	_badness(unix, "RestrictAddressFamilies=~AF_(INET|INET6)") == 0
	_badness(unix, "RestrictAddressFamilies=~AF_PACKET") == 0
	_badness(unix, "RestrictAddressFamilies=~…") == 0
	_badness({"RestrictAddressFamilies": "AF_INET6 AF_BLUETOOTH"}, "RestrictAddressFamilies=~AF_(INET|INET6)") == 1
	_badness({"RestrictAddressFamilies": "AF_INET6 AF_BLUETOOTH"}, "RestrictAddressFamilies=~…") == 1
	no_packet := {"RestrictAddressFamilies": "~AF_PACKET"}
	_badness(no_packet, "RestrictAddressFamilies=~AF_PACKET") == 0
	_badness(no_packet, "RestrictAddressFamilies=~AF_NETLINK") == 1
	every id in ["RestrictAddressFamilies=~AF_UNIX", "RestrictAddressFamilies=~…"] {
		_badness({"RestrictAddressFamilies": "none"}, id) == 0
	}
}

test_umask if {
	_badness({}, "UMask=") == 5
	_badness({"UMask": "0000"}, "UMask=") == 10
	_badness({"UMask": "0002"}, "UMask=") == 5
	_badness({"UMask": "0007"}, "UMask=") == 2
	_badness({"UMask": "0027"}, "UMask=") == 1
	_badness({"UMask": "0077"}, "UMask=") == 0
	_badness({"UMask": 77}, "UMask=") == 0
}

test_proc_keyring_notify_delegate if {
	_badness({}, "ProtectProc=") == 3
	_badness({"ProtectProc": "noaccess"}, "ProtectProc=") == 1
	_badness({"ProtectProc": "ptraceable"}, "ProtectProc=") == 0
	_badness({}, "ProcSubset=") == 1
	_badness({"ProcSubset": "pid"}, "ProcSubset=") == 0
	_badness({}, "KeyringMode=") == 0
	_badness({"KeyringMode": "shared"}, "KeyringMode=") == 1
	_badness({}, "NotifyAccess=") == 0
	_badness({"NotifyAccess": "all"}, "NotifyAccess=") == 1
	_badness({}, "Delegate=") == 0
	_badness({"Delegate": true}, "Delegate=") == 1
	_badness({"Delegate": "cpu memory"}, "Delegate=") == 1
	_badness({"Delegate": "no"}, "Delegate=") == 0
}

test_root_directory if {
	_badness({}, "RootDirectory=/RootImage=") == 1
	_badness({"RootDirectory": "/"}, "RootDirectory=/RootImage=") == 1
	_badness({"RootDirectory": "/var/empty"}, "RootDirectory=/RootImage=") == 0
	_badness({"RootImage": "/srv/app.raw"}, "RootDirectory=/RootImage=") == 0
}

test_ip_address_deny if {
	_badness({}, "IPAddressDeny=") == 10
	_badness({"IPAddressDeny": "any"}, "IPAddressDeny=") == 0
	_badness({"IPAddressDeny": ["0.0.0.0/0", "::/0"]}, "IPAddressDeny=") == 0
	_badness({"IPAddressDeny": "0.0.0.0/0"}, "IPAddressDeny=") == 10
	_badness({"IPAddressDeny": "any", "IPAddressAllow": "localhost"}, "IPAddressDeny=") == 2
	_badness({"IPAddressDeny": "any", "IPAddressAllow": ["localhost", "10.0.0.0/8"]}, "IPAddressDeny=") == 5
	_badness({"IPIngressFilterPath": "/sys/fs/bpf/x"}, "IPAddressDeny=") == 0
}

test_device_allow if {
	_badness({}, "DeviceAllow=") == 10
	_badness({"DevicePolicy": "auto"}, "DeviceAllow=") == 10
	_badness({"PrivateDevices": true}, "DeviceAllow=") == 0
	_badness({"PrivateDevices": true, "ProtectClock": true}, "DeviceAllow=") == 5
	_badness({"DevicePolicy": "closed"}, "DeviceAllow=") == 0
	_badness({"DevicePolicy": "strict", "DeviceAllow": ["/dev/null rw"]}, "DeviceAllow=") == 5
}

# exposure_tenths and the ranking sum the points per setting from a view of
# the service read once; they must agree with the per-assessor breakdown in
# scores, summed and ranked the plain way.
_agrees_with_scores(sc) if {
	ss := svc007.scores(sc)
	e := nixsec.systemd_exposure(sc)
	e.tenths == ceil((100 * sum([s.points | some s in ss])) / sum([s.weight | some s in ss]))
	ranked := sort({[0 - points, setting] |
		some setting in {s.setting | some s in ss}
		points := sum([s.points | some s in ss; s.setting == setting])
		points > 0
	})
	svc007._worst_of(e.points) == [setting | some pair in array.slice(ranked, 0, 8); setting := pair[1]]
}

test_exposure_agrees_with_scores_root_and_users if {
	_agrees_with_scores({})
	_agrees_with_scores({"User": "nobody", "SupplementaryGroups": ["wheel"]})
}

test_exposure_agrees_with_scores_dynamic_user if {
	_agrees_with_scores({"DynamicUser": true})
	_agrees_with_scores({"DynamicUser": true, "ProtectSystem": "strict", "NoNewPrivileges": true, "PrivateTmp": true, "ProtectHome": true})
}

test_exposure_agrees_with_scores_hardened if {
	_agrees_with_scores(_hardened)
	_agrees_with_scores({"IPAddressDeny": "any", "IPAddressAllow": ["localhost", "10.0.0.0/8"], "ProtectProc": "noaccess", "ProcSubset": "pid", "NotifyAccess": "all", "Delegate": "cpu memory", "RemoveIPC": true, "User": "app"})
}

test_exposure_agrees_with_scores_unreadable_values if {
	_agrees_with_scores({"User": "app", "UMask": "12345"})
	_agrees_with_scores({"UMask": true, "KeyringMode": [], "PrivateTmp": [[true]]})
}

test_exposure_agrees_with_scores_capabilities if {
	_agrees_with_scores({"CapabilityBoundingSet": ["~CAP_SYS_ADMIN", "CAP_SYS_ADMIN CAP_SETUID"], "PrivateDevices": "yes", "ProtectClock": true})
	_agrees_with_scores({"CapabilityBoundingSet": "CAP_NET_BIND_SERVICE", "AmbientCapabilities": ["CAP_NET_BIND_SERVICE"], "DevicePolicy": "strict", "DeviceAllow": ["/dev/null rw"]})
}

test_exposure_agrees_with_scores_deny_lists if {
	_agrees_with_scores({"UMask": "12345", "IPAddressDeny": "0.0.0.0/0 ::/0", "SystemCallFilter": ["@system-service", "~@privileged @resources"]})
	_agrees_with_scores({"RestrictNamespaces": "~user net", "RestrictAddressFamilies": ["~AF_PACKET", "AF_NETLINK"], "SystemCallFilter": ["~@mount @debug:EPERM", "~@privileged"]})
}

test_exposure_agrees_with_scores_allow_lists if {
	_agrees_with_scores({"RestrictNamespaces": ["net", "~mnt"], "RestrictAddressFamilies": "none", "SystemCallFilter": ["@privileged", "~@clock"], "SystemCallArchitectures": "x86-64 x86"})
}

# systemd ignores a UMask that is no octal mode (and NixOS writes nothing
# for an empty list): the default 0022 stays.
test_unreadable_umask_is_the_default if {
	_badness({"UMask": "12345"}, "UMask=") == 5
	_badness({"UMask": []}, "UMask=") == 5
	svc007.exposure_tenths({"UMask": "12345", "IPAddressDeny": "0.0.0.0/0 ::/0", "SystemCallFilter": ["@system-service", "~@privileged @resources"]}) == 78
}

# NixOS writes nothing for an empty list, and "1" (toString) for [true].
test_empty_and_nested_lists if {
	_badness({"KeyringMode": []}, "KeyringMode=") == 0
	_badness({"PrivateTmp": [[true]]}, "PrivateTmp=") == 0
	_badness({"ProtectHome": []}, "ProtectHome=") == 10
}

# Every assessor of analyze-security.c is scored, in its order, but
# SupplementaryGroups and RemoveIPC for a service that runs as root.
test_scores_list_every_assessor if {
	ids := [s.id | some s in svc007.scores({"User": "app"})]
	count(ids) == 81
	ids[0] == "User=/DynamicUser="
	ids[80] == "AmbientCapabilities="
	root := {s.id | some s in svc007.scores({})}
	count(root) == 79
	{id | some id in ids} - root == {"SupplementaryGroups=", "RemoveIPC="}
}

# lib.own_services: the units whose ExecStart or script the flake's own
# files define, with their names rendered as option path components.
_own_input := {
	"config": {"systemd": {"services": {name: {} | some name in [
		"backup", "rsync@", "a.b", "x y", "getty@tty1", "quo\"te", "$dollar",
		"empty", "notalist", "script-only",
	]}}},
	"files": {
		"systemd.services.backup.serviceConfig.ExecStart": ["hosts/web.nix"],
		"systemd.services.\"rsync@\".serviceConfig.ExecStart": ["hosts/web.nix"],
		"systemd.services.\"a.b\".script": ["modules/a.nix"],
		"systemd.services.\"x y\".serviceConfig.ExecStart": ["hosts/web.nix"],
		"systemd.services.\"quo\\\"te\".serviceConfig.ExecStart": ["hosts/web.nix"],
		"systemd.services.\"\\$dollar\".script": ["hosts/web.nix"],
		"systemd.services.empty.serviceConfig.ExecStart": [],
		"systemd.services.notalist.serviceConfig.ExecStart": "hosts/web.nix",
		"systemd.services.script-only.script": ["hosts/web.nix"],
	},
}

test_own_services if {
	lib.own_services == {
		"backup": "backup",
		"rsync@": "\"rsync@\"",
		"a.b": "\"a.b\"",
		"x y": "\"x y\"",
		"quo\"te": "\"quo\\\"te\"",
		"$dollar": "\"\\$dollar\"",
		"script-only": "script-only",
	} with input as _own_input
	lib.own_service("rsync@") with input as _own_input
	not lib.own_service("getty@tty1") with input as _own_input
}
