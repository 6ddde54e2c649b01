package nixsec.rules.services.svc006_test

import data.nixsec.lib
import data.nixsec.rules.services.svc006

# _host builds a document whose services are all defined in hosts/web.nix,
# except those named in nixpkgs_only.
_host(services, nixpkgs_only) := {
	"host": "web",
	"config": {"systemd": {"services": services}},
	"defined": {},
	# keyed as the bridge renders paths (a name like "rsync@" is quoted)
	"files": {lib.path(["systemd", "services", name, "serviceConfig", "ExecStart"]): ["hosts/web.nix"] |
		some name, _ in services
		not name in nixpkgs_only
	},
}

test_no_user_fires if {
	svc006.deny == {{
		"path": "systemd.services.backup.serviceConfig.User",
		"msg": "systemd.services.backup runs as root: serviceConfig sets neither User nor DynamicUser",
		"anchor": "systemd.services.backup.serviceConfig",
		"fix": {"path": "systemd.services.backup.serviceConfig.DynamicUser", "value": true},
	}} with input as _host({"backup": {"serviceConfig": {"ExecStart": "/bin/backup"}}}, set())
}

test_user_root_fires_without_fix if {
	svc006.deny == {{
		"path": "systemd.services.backup.serviceConfig.User",
		"msg": "systemd.services.backup runs as root: serviceConfig.User is \"root\"",
		"anchor": "systemd.services.backup.serviceConfig",
	}} with input as _host({"backup": {"serviceConfig": {"User": "root", "DynamicUser": true}}}, set())
}

test_uid_0_and_dynamic_user_false_fire if {
	services := {
		"a": {"serviceConfig": {"User": "0"}},
		"b": {"serviceConfig": {"DynamicUser": false}},
		"c": {"serviceConfig": {"DynamicUser": "no", "User": ""}},
	}
	msgs := {v.msg | some v in svc006.deny} with input as _host(services, set())
	msgs == {
		"systemd.services.a runs as root: serviceConfig.User is \"0\"",
		"systemd.services.b runs as root: serviceConfig sets neither User nor DynamicUser",
		"systemd.services.c runs as root: serviceConfig sets neither User nor DynamicUser",
	}
}

# User as systemd reads it: an empty last assignment resets it (so
# DynamicUser helps), an empty list writes none, a value is stripped.
test_user_as_systemd_reads_it if {
	services := {
		"a": {"serviceConfig": {"User": ["app", ""]}},
		"b": {"serviceConfig": {"User": []}},
		"c": {"serviceConfig": {"User": " 0 "}},
		"d": {"serviceConfig": {"User": ["root", "app"]}},
	}
	{[v.msg, object.get(v, "fix", null)] | some v in svc006.deny} == {
		[
			"systemd.services.a runs as root: serviceConfig sets neither User nor DynamicUser",
			{"path": "systemd.services.a.serviceConfig.DynamicUser", "value": true},
		],
		[
			"systemd.services.b runs as root: serviceConfig sets neither User nor DynamicUser",
			{"path": "systemd.services.b.serviceConfig.DynamicUser", "value": true},
		],
		["systemd.services.c runs as root: serviceConfig.User is \"0\"", null],
	} with input as _host(services, set())
}

test_script_only_service_fires if {
	inp := {
		"config": {"systemd": {"services": {"job": {"script": "echo hi", "serviceConfig": {"Type": "oneshot"}}}}},
		"defined": {},
		"files": {"systemd.services.job.script": ["modules/job.nix"]},
	}
	count(svc006.deny) == 1 with input as inp
}

test_user_or_dynamic_user_passes if {
	services := {
		"a": {"serviceConfig": {"User": "app"}},
		"b": {"serviceConfig": {"DynamicUser": true}},
		"c": {"serviceConfig": {"DynamicUser": "yes"}},
		"d": {"serviceConfig": {"User": "nobody"}},
	}
	count(svc006.deny) == 0 with input as _host(services, set())
}

test_nixpkgs_services_pass if {
	services := {"nginx": {"serviceConfig": {}}, "sshd": {"serviceConfig": {"ExecStart": "/bin/sshd"}}}
	count(svc006.deny) == 0 with input as _host(services, {"nginx", "sshd"})
}

# A nixpkgs service the user only tweaks (serviceConfig.Restart in their
# file, ExecStart from nixpkgs) is not theirs.
test_tweaked_nixpkgs_service_passes if {
	inp := {
		"config": {"systemd": {"services": {"sshd": {"serviceConfig": {"Restart": "always"}}}}},
		"defined": {},
		"files": {"systemd.services.sshd.serviceConfig": ["hosts/web.nix"]},
	}
	count(svc006.deny) == 0 with input as inp
}

test_several_services if {
	services := {
		"backup": {"serviceConfig": {}},
		"web-app": {"serviceConfig": {"User": "web"}},
		"rsync@": {"serviceConfig": {}},
		"nginx": {"serviceConfig": {}},
	}
	paths := {v.path | some v in svc006.deny} with input as _host(services, {"nginx"})
	paths == {
		"systemd.services.backup.serviceConfig.User",
		"systemd.services.\"rsync@\".serviceConfig.User",
	}
}

test_disabled_service_passes if {
	count(svc006.deny) == 0 with input as _host({"backup": {"enable": false, "serviceConfig": {}}}, set())
}

test_module_absent_and_null_pass if {
	count(svc006.deny) == 0 with input as {"config": {}, "defined": {}}
	count(svc006.deny) == 0 with input as _host({}, set())
	count(svc006.deny) == 0 with input as _host({"x": null}, set())
}
