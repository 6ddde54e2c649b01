package nixsec.rules.services.svc008_test

import data.nixsec.rules.services.svc008

_host(services) := {"host": "web", "config": {"systemd": {"services": services}}, "defined": {}}

test_guide_example_fires if {
	services := {"dnscrypt-proxy2": {"serviceConfig": {
		"StateDirectory": "dnscrypt-proxy",
		"after": ["network-online.target"],
		"wants": ["network-online.target"],
	}}}
	svc008.deny == {
		{
			"path": "systemd.services.dnscrypt-proxy2.serviceConfig.after",
			"msg": "serviceConfig.after of systemd.services.dnscrypt-proxy2 is not a [Service] setting: systemd ignores it; use systemd.services.dnscrypt-proxy2.after",
		},
		{
			"path": "systemd.services.dnscrypt-proxy2.serviceConfig.wants",
			"msg": "serviceConfig.wants of systemd.services.dnscrypt-proxy2 is not a [Service] setting: systemd ignores it; use systemd.services.dnscrypt-proxy2.wants",
		},
	} with input as _host(services)
}

test_any_case_and_install_keys if {
	services := {"app": {"serviceConfig": {"After": "db.service", "WantedBy": "multi-user.target", "BINDSTO": "x"}}}
	msgs := {v.msg | some v in svc008.deny} with input as _host(services)
	msgs == {
		"serviceConfig.After of systemd.services.app is not a [Service] setting: systemd ignores it; use systemd.services.app.after",
		"serviceConfig.WantedBy of systemd.services.app is not a [Service] setting: systemd ignores it; use systemd.services.app.wantedBy",
		"serviceConfig.BINDSTO of systemd.services.app is not a [Service] setting: systemd ignores it; use systemd.services.app.bindsTo",
	}
}

test_unit_config_keys if {
	services := {"app": {"serviceConfig": {"ConditionPathExists": "/etc/app", "DefaultDependencies": false}}}
	msgs := {v.msg | some v in svc008.deny} with input as _host(services)
	msgs == {
		"serviceConfig.ConditionPathExists of systemd.services.app is not a [Service] setting: systemd ignores it; use systemd.services.app.unitConfig.ConditionPathExists",
		"serviceConfig.DefaultDependencies of systemd.services.app is not a [Service] setting: systemd ignores it; use systemd.services.app.unitConfig.DefaultDependencies",
	}
}

test_unit_name_needing_quotes if {
	services := {"rsync@": {"serviceConfig": {"after": ["network.target"]}}}
	some v in svc008.deny with input as _host(services)
	v.path == `systemd.services."rsync@".serviceConfig.after`
	v.msg == `serviceConfig.after of systemd.services."rsync@" is not a [Service] setting: systemd ignores it; use systemd.services."rsync@".after`
}

# Service settings, including StartLimitBurst (still accepted in [Service]).
test_service_keys_pass if {
	services := {
		"app": {"serviceConfig": {"ExecStart": "/bin/app", "User": "app", "Restart": "always", "StartLimitBurst": 5}},
		"empty": {"serviceConfig": {}},
		"other": {},
	}
	count(svc008.deny) == 0 with input as _host(services)
}

test_module_absent_passes if {
	count(svc008.deny) == 0 with input as {"config": {}, "defined": {}}
	count(svc008.deny) == 0 with input as _host({})
}

# The keys are screened together (one pattern per service); each kind of
# misplaced key, alone among [Service] settings, must pass the screen, and
# a bare "Condition"/"Assert" prefix or a key spanning lines must not fire.
test_screening_keeps_exact_judgement if {
	service := {"ExecStart": "/bin/app", "User": "app", "Restart": "always", "PrivateTmp": true}
	services := {
		"a": {"serviceConfig": object.union(service, {"Requires": "db.service"})},
		"b": {"serviceConfig": object.union(service, {"DefaultDependencies": false})},
		"c": {"serviceConfig": object.union(service, {"ConditionPathExists": "/x"})},
		"d": {"serviceConfig": object.union(service, {"AssertPathExists": "/x"})},
		"e": {"serviceConfig": object.union(service, {"Condition": "x", "assert": "y"})},
		"f": {"serviceConfig": object.union(service, {"ExecStart\nafter": "x"})},
	}
	paths := {v.path | some v in svc008.deny} with input as _host(services)
	paths == {
		"systemd.services.a.serviceConfig.Requires",
		"systemd.services.b.serviceConfig.DefaultDependencies",
		"systemd.services.c.serviceConfig.ConditionPathExists",
		"systemd.services.d.serviceConfig.AssertPathExists",
	}
}
