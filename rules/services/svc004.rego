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
#   or tftp. services.tftpd runs in.tftpd through xinetd: it turns xinetd on
#   and adds an xinetd service named tftp, so a host with tftpd on gets one
#   finding, on services.tftpd.enable, not a second one for that entry.
#   Since NixOS 25.05 services.rsyncd.settings has two attributes:
#   globalSection (the parameters before any [module] header) and
#   sections.<module> (one per module). A module is authenticated by a
#   non-empty "auth users" in its own section or, when its section does not
#   set "auth users", in globalSection; each other module is a finding.
#   Settings in the pre-25.05 shape (settings.global and settings.<module>)
#   are still read; there settings.global became a [global] section among
#   the modules, in name order, and covers only the modules after it.
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
#     # every rsyncd module needs authentication (NixOS 25.05 and later):
#     services.rsyncd.settings.sections.backup."auth users" = "backup";
#     services.rsyncd.settings.sections.backup."secrets file" = "/run/secrets/rsyncd.secrets";
#     # or, for every module that sets no "auth users" of its own:
#     # services.rsyncd.settings.globalSection."auth users" = "backup";
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
	input.config.services.vsftpd.enable == true
	input.config.services.vsftpd.anonymousUser == true
	p := lib.path(["services", "vsftpd", "anonymousUser"])
	v := {
		"path": p,
		"msg": "services.vsftpd.anonymousUser is true: anyone may log in to FTP, in clear text",
		"fix": {"path": p, "value": false},
	}
}

# services.rsyncd.settings: since NixOS 25.05 (nixpkgs PR #385064) its type
# is pkgs.formats.iniWithGlobalSection's, a submodule with exactly the
# options globalSection and sections (default {} each, no freeform keys),
# so its value holds those two keys and no other. Before, it was
# pkgs.formats.ini's (attrsOf sections) and the module always set
# settings.global.port: with rsyncd on, that shape always has a "global"
# key, which the new one cannot have. The new shape is read from
# settings.sections and settings.globalSection, the old one from
# settings.<module> and settings.global.
_new_shape(settings) if {
	count(settings) > 0
	every key, _ in settings {
		key in {"globalSection", "sections"}
	}
}

# The rsync modules of the host: name, section, the global section whose
# module parameters are its defaults, and the option path of the section.
_modules contains m if {
	settings := object.get(input.config, ["services", "rsyncd", "settings"], {})
	is_object(settings)
	_new_shape(settings)
	sections := object.get(settings, "sections", {})
	is_object(sections)
	some name, section in sections
	m := {
		"name": name,
		"section": section,
		"global": object.get(settings, "globalSection", {}),
		"comps": ["services", "rsyncd", "settings", "sections", name],
	}
}

_modules contains m if {
	settings := object.get(input.config, ["services", "rsyncd", "settings"], {})
	is_object(settings)
	not _new_shape(settings)
	some name, section in settings
	name != "global"
	m := {
		"name": name,
		"section": section,
		"global": _pre_2505_defaults(settings, name),
		"comps": ["services", "rsyncd", "settings", name],
	}
}

# pkgs.formats.ini wrote settings.global as a "[global]" section among the
# modules, in attribute-name order, and a module takes the defaults set at
# its position in the file (rsyncd.conf(5)): only modules after "global"
# get its "auth users".
_pre_2505_defaults(settings, name) := object.get(settings, "global", {}) if {
	name > "global"
} else := {}

deny contains v if {
	input.config.services.rsyncd.enable == true
	some m in _modules
	is_object(m.section)
	not _authenticated(m.section, m.global)
	v := {
		"path": lib.path(m.comps),
		"msg": sprintf("rsyncd module %s has no \"auth users\": anyone who reaches the daemon may use it", [m.name]),
		"anchor": lib.path(["services", "rsyncd", "enable"]),
	}
}

# A module's own "auth users", when it sets one, overrides the global
# section's (rsyncd.conf(5): module parameters in the global part are the
# defaults of the modules after it; globalSection comes before them all).
_authenticated(section, _) if _non_empty(section["auth users"])

_authenticated(section, global) if {
	not "auth users" in object.keys(section)
	is_object(global)
	_non_empty(global["auth users"])
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
	input.config.services.xinetd.enable == true
	services := object.get(input.config, ["services", "xinetd", "services"], [])
	is_array(services)
	some s in services
	what := _legacy_inetd[object.get(s, "name", null)]
	not _reported_as_tftpd(s.name)
	v := {
		"path": lib.path(["services", "xinetd", "services"]),
		"msg": sprintf("xinetd runs the %s service (%s): clear text, no strong authentication", [s.name, what]),
	}
}

# With services.tftpd on, the xinetd "tftp" entry is the one that module
# adds (or one serving the same protocol beside it): the tftpd finding
# already covers it. With tftpd off, a "tftp" entry is the user's own.
_reported_as_tftpd("tftp") if input.config.services.tftpd.enable == true
