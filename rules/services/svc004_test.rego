package nixsec.rules.services.svc004_test

import data.nixsec.rules.services.svc004

_host(services) := {"host": "legacy", "config": {"services": services}, "defined": {}}

test_tftpd_and_atftpd_fire if {
	svc004.deny == {
		{
			"path": "services.tftpd.enable",
			"msg": "services.tftpd.enable is true: tftpd serves files over TFTP without authentication",
			"fix": {"path": "services.tftpd.enable", "value": false},
		},
		{
			"path": "services.atftpd.enable",
			"msg": "services.atftpd.enable is true: atftpd serves files over TFTP without authentication",
			"fix": {"path": "services.atftpd.enable", "value": false},
		},
	} with input as _host({"tftpd": {"enable": true}, "atftpd": {"enable": true}})
}

test_vsftpd_anonymous_fires if {
	svc004.deny == {{
		"path": "services.vsftpd.anonymousUser",
		"msg": "services.vsftpd.anonymousUser is true: anyone may log in to FTP, in clear text",
		"fix": {"path": "services.vsftpd.anonymousUser", "value": false},
	}} with input as _host({"vsftpd": {"enable": true, "anonymousUser": true}})
}

test_vsftpd_without_anonymous_or_disabled_passes if {
	count(svc004.deny) == 0 with input as _host({"vsftpd": {"enable": true, "anonymousUser": false}})
	count(svc004.deny) == 0 with input as _host({"vsftpd": {"enable": false, "anonymousUser": true}})
}

test_rsyncd_module_without_auth_fires if {
	settings := {
		"global": {"port": "873", "uid": "nobody"},
		"ftp": {"path": "/srv/ftp"},
		"backup": {"path": "/srv/backup", "auth users": ["backup"], "secrets file": "/run/secrets/rsyncd"},
		"web data": {"path": "/srv/web", "auth users": ""},
	}
	{v.path | some v in svc004.deny} == {
		"services.rsyncd.settings.ftp",
		`services.rsyncd.settings."web data"`,
	} with input as _host({"rsyncd": {"enable": true, "settings": settings}})
	some v in svc004.deny with input as _host({"rsyncd": {"enable": true, "settings": settings}})
	v.path == "services.rsyncd.settings.ftp"
	v.msg == "rsyncd module ftp has no \"auth users\": anyone who reaches the daemon may use it"
	v.anchor == "services.rsyncd.enable"
}

test_rsyncd_global_auth_covers_modules if {
	settings := {"global": {"auth users": "backup"}, "ftp": {"path": "/srv/ftp"}}
	count(svc004.deny) == 0 with input as _host({"rsyncd": {"enable": true, "settings": settings}})
}

test_rsyncd_global_only_or_disabled_passes if {
	count(svc004.deny) == 0 with input as _host({"rsyncd": {"enable": true, "settings": {"global": {"port": "873"}}}})
	count(svc004.deny) == 0 with input as _host({"rsyncd": {"enable": false, "settings": {"ftp": {"path": "/x"}}}})
}

test_xinetd_legacy_services_fire if {
	services := [
		{"name": "telnet", "port": 23, "server": "/bin/telnetd"},
		{"name": "shell", "port": 514},
		{"name": "git", "port": 9418},
	]
	msgs := {v.msg | some v in svc004.deny} with input as _host({"xinetd": {"enable": true, "services": services}})
	msgs == {
		"xinetd runs the telnet service (telnet): clear text, no strong authentication",
		"xinetd runs the shell service (rsh): clear text, no strong authentication",
	}
}

test_xinetd_disabled_or_empty_passes if {
	count(svc004.deny) == 0 with input as _host({"xinetd": {"enable": false, "services": [{"name": "telnet"}]}})
	count(svc004.deny) == 0 with input as _host({"xinetd": {"enable": true, "services": []}})
}

test_modules_absent_pass if {
	count(svc004.deny) == 0 with input as {"config": {}, "defined": {}}
	count(svc004.deny) == 0 with input as _host({"tftpd": {"enable": false}})
}
