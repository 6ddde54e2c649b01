# METADATA
# title: A legacy clear-text service is enabled
# description: |
#   Telnet, rsh, rlogin, rexec, TFTP, anonymous FTP and rsync modules without
#   authentication predate encrypted, authenticated protocols: they send
#   passwords and data in clear text, trust the client's word for who it is,
#   or serve files to anyone who asks. Any of them on a host turns a network
#   position into an account or into read (often write) access to files. Use
#   SSH, SFTP or rsync over SSH instead. Checked: vsftpd's anonymousUser, the
#   tftpd and atftpd services, rsyncd modules without "auth users", and
#   xinetd services named telnet, login (rlogin), shell (rsh), exec (rexec)
#   or tftp.
# custom:
#   id: SVC004
#   severity: high
#   options:
#     - services.vsftpd.enable
#     - services.vsftpd.anonymousUser
#     - services.tftpd.enable
#     - services.atftpd.enable
#     - services.rsyncd.enable
#     - services.rsyncd.settings
#     - services.xinetd.enable
#     - services.xinetd.services
#   remediation: |
#     services.vsftpd.anonymousUser = false;
#     services.tftpd.enable = false;
#     services.atftpd.enable = false;
#     # every rsyncd module needs authentication:
#     services.rsyncd.settings.backup."auth users" = [ "backup" ];
#     services.rsyncd.settings.backup."secrets file" = "/run/secrets/rsyncd.secrets";
#   references:
#     - https://www.cisecurity.org/cis-benchmarks
#     - https://man7.org/linux/man-pages/man5/rsyncd.conf.5.html
#     - https://search.nixos.org/options?query=services.vsftpd.anonymousUser
package nixsec.rules.services.svc004

import data.nixsec.lib

# Services that are clear text or unauthenticated as soon as they run.
_daemons := [
	{"comps": ["services", "tftpd", "enable"], "what": "tftpd serves files over TFTP without authentication"},
	{"comps": ["services", "atftpd", "enable"], "what": "atftpd serves files over TFTP without authentication"},
]

deny contains v if {
	some d in _daemons
	lib.is_true(d.comps)
	p := lib.path(d.comps)
	v := {
		"path": p,
		"msg": sprintf("%s is true: %s", [p, d.what]),
		"fix": {"path": p, "value": false},
	}
}

deny contains v if {
	lib.is_true(["services", "vsftpd", "enable"])
	lib.is_true(["services", "vsftpd", "anonymousUser"])
	p := lib.path(["services", "vsftpd", "anonymousUser"])
	v := {
		"path": p,
		"msg": "services.vsftpd.anonymousUser is true: anyone may log in to FTP, in clear text",
		"fix": {"path": p, "value": false},
	}
}

deny contains v if {
	lib.is_true(["services", "rsyncd", "enable"])
	settings := lib.cfg(["services", "rsyncd", "settings"], {})
	is_object(settings)
	not _authenticated(object.get(settings, "global", {}))
	some module, section in settings
	module != "global"
	is_object(section)
	not _authenticated(section)
	v := {
		"path": lib.path(["services", "rsyncd", "settings", module]),
		"msg": sprintf("rsyncd module %s has no \"auth users\": anyone who reaches the daemon may use it", [module]),
		"anchor": lib.path(["services", "rsyncd", "enable"]),
	}
}

_authenticated(section) if {
	users := object.get(section, "auth users", null)
	_non_empty(users)
}

_non_empty(x) if {
	is_string(x)
	trim_space(x) != ""
}

_non_empty(x) if {
	is_array(x)
	count(x) > 0
}

# inetd service names (/etc/services) of the r-services, telnet and TFTP.
_legacy_inetd := {
	"telnet": "telnet",
	"login": "rlogin",
	"shell": "rsh",
	"exec": "rexec",
	"tftp": "tftp",
}

deny contains v if {
	lib.is_true(["services", "xinetd", "enable"])
	services := lib.cfg(["services", "xinetd", "services"], [])
	is_array(services)
	some s in services
	what := _legacy_inetd[object.get(s, "name", null)]
	v := {
		"path": lib.path(["services", "xinetd", "services"]),
		"msg": sprintf("xinetd runs the %s service (%s): clear text, no strong authentication", [s.name, what]),
	}
}
