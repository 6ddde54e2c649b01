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

# NixOS 25.05 and later: settings = { globalSection; sections }, and the
# module sets globalSection.port itself.
_rsyncd(settings) := _host({"rsyncd": {"enable": true, "settings": settings}})

test_rsyncd_module_without_auth_fires if {
	settings := {
		"globalSection": {"port": "873", "uid": "nobody"},
		"sections": {
			"ftp": {"path": "/srv/ftp"},
			"backup": {"path": "/srv/backup", "auth users": "backup", "secrets file": "/run/secrets/rsyncd"},
			"web data": {"path": "/srv/web", "auth users": ""},
		},
	}
	{v.path | some v in svc004.deny} == {
		"services.rsyncd.settings.sections.ftp",
		`services.rsyncd.settings.sections."web data"`,
	} with input as _rsyncd(settings)
	some v in svc004.deny with input as _rsyncd(settings)
	v.path == "services.rsyncd.settings.sections.ftp"
	v.msg == "rsyncd module ftp has no \"auth users\": anyone who reaches the daemon may use it"
	v.anchor == "services.rsyncd.enable"
}

test_rsyncd_global_section_auth_covers_modules if {
	settings := {
		"globalSection": {"port": "873", "auth users": "backup, @admins", "secrets file": "/run/secrets/rsyncd"},
		"sections": {"ftp": {"path": "/srv/ftp"}, "cvs": {"path": "/data/cvs", "auth users": "tridge"}},
	}
	count(svc004.deny) == 0 with input as _rsyncd(settings)
}

test_rsyncd_module_overriding_global_auth_fires if {
	settings := {
		"globalSection": {"port": "873", "auth users": "backup"},
		"sections": {"ftp": {"path": "/srv/ftp", "auth users": ""}, "cvs": {"path": "/data/cvs"}},
	}
	{v.path | some v in svc004.deny} == {"services.rsyncd.settings.sections.ftp"} with input as _rsyncd(settings)
}

test_rsyncd_global_section_is_not_a_module if {
	# the value with rsyncd on and no module: what the module itself defines
	count(svc004.deny) == 0 with input as _rsyncd({"globalSection": {"port": "873"}, "sections": {}})
	count(svc004.deny) == 0 with input as _rsyncd({"globalSection": {"port": "873", "path": "/srv"}, "sections": {}})
	count(svc004.deny) == 0 with input as _host({"rsyncd": {"enable": false, "settings": {"globalSection": {}, "sections": {"ftp": {"path": "/x"}}}}})
}

# Before 25.05 settings was attrsOf sections and the module set
# settings.global.port: a value with a "global" key (or any key besides
# globalSection and sections) is read in that shape, for hosts on an
# older nixpkgs.
test_rsyncd_pre_2505_shape_still_read if {
	settings := {
		"global": {"port": "873"},
		"ftp": {"path": "/srv/ftp"},
		"backup": {"path": "/srv/backup", "auth users": "backup"},
	}
	svc004.deny == {{
		"path": "services.rsyncd.settings.ftp",
		"msg": "rsyncd module ftp has no \"auth users\": anyone who reaches the daemon may use it",
		"anchor": "services.rsyncd.enable",
	}} with input as _rsyncd(settings)
	count(svc004.deny) == 0 with input as _rsyncd({"global": {"port": "873"}})
}

# pkgs.formats.ini wrote "[global]" among the modules in name order: its
# "auth users" is the default of the modules after it only.
test_rsyncd_pre_2505_global_covers_later_modules_only if {
	settings := {"global": {"auth users": "backup"}, "ftp": {"path": "/srv/ftp"}, "www": {"path": "/srv/www"}}
	{v.path | some v in svc004.deny} == {"services.rsyncd.settings.ftp"} with input as _rsyncd(settings)
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

# What services.tftpd.enable does to the document: xinetd on, and an xinetd
# service named tftp running in.tftpd. One finding, on tftpd.
_tftpd_entry := {"name": "tftp", "protocol": "udp", "server": "/nix/store/x-netkit-tftp/sbin/in.tftpd", "serverArgs": "/srv/tftp"}

test_tftpd_via_xinetd_reported_once if {
	services := {"tftpd": {"enable": true}, "xinetd": {"enable": true, "services": [_tftpd_entry]}}
	svc004.deny == {{
		"path": "services.tftpd.enable",
		"msg": "services.tftpd.enable is true: tftpd serves files over TFTP without authentication",
		"fix": {"path": "services.tftpd.enable", "value": false},
	}} with input as _host(services)
}

test_tftpd_on_still_reports_other_xinetd_services if {
	services := {"tftpd": {"enable": true}, "xinetd": {"enable": true, "services": [_tftpd_entry, {"name": "telnet", "port": 23}]}}
	paths := {v.path | some v in svc004.deny} with input as _host(services)
	paths == {"services.tftpd.enable", "services.xinetd.services"}
	msgs := {v.msg | some v in svc004.deny} with input as _host(services)
	"xinetd runs the telnet service (telnet): clear text, no strong authentication" in msgs
	not "xinetd runs the tftp service (tftp): clear text, no strong authentication" in msgs
}

test_xinetd_tftp_without_tftpd_fires if {
	services := {"tftpd": {"enable": false}, "xinetd": {"enable": true, "services": [{"name": "tftp", "protocol": "udp", "server": "/run/current-system/sw/bin/in.tftpd"}]}}
	svc004.deny == {{
		"path": "services.xinetd.services",
		"msg": "xinetd runs the tftp service (tftp): clear text, no strong authentication",
	}} with input as _host(services)
}

test_xinetd_disabled_or_empty_passes if {
	count(svc004.deny) == 0 with input as _host({"xinetd": {"enable": false, "services": [{"name": "telnet"}]}})
	count(svc004.deny) == 0 with input as _host({"xinetd": {"enable": true, "services": []}})
}

test_modules_absent_pass if {
	count(svc004.deny) == 0 with input as {"config": {}, "defined": {}}
	count(svc004.deny) == 0 with input as _host({"tftpd": {"enable": false}})
}
