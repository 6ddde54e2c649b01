package nixsec.rules.stig.stig083_test

import data.nixsec.rules.stig.misclib
import data.nixsec.rules.stig.stig083

_p := "services.openssh.banner"

_host(enable, ssh) := {"host": "web", "config": {"services": {"openssh": object.union({"enable": enable, "settings": {}}, ssh)}}, "defined": {}}

# NixOS 26.05: no banner option; the settings and /etc/issue.net.
_host2605(banner, issue) := {
	"host": "web", "config": {
		"services": {"openssh": {"enable": true, "settings": {"Banner": banner}}},
		"environment": {"etc": {"issue.net": {"text": issue}}},
	},
	"defined": {},
}

test_default_null_fires if {
	stig083.deny == {{
		"path": _p,
		"msg": "services.openssh.banner is null (NixOS default): sshd shows no DoD consent banner before login",
		"anchor": "services.openssh.enable",
		"fix": {"path": _p, "value": misclib.dod_banner},
	}} with input as _host(true, {"banner": null})
}

test_banner_passes if {
	count(stig083.deny) == 0 with input as _host(true, {"banner": misclib.dod_banner})
}

test_wrong_text_fires if {
	some v in stig083.deny with input as _host(true, {"banner": "Welcome"})
	v.msg == "services.openssh.banner is not the DoD Notice and Consent Banner (NixOS default): sshd shows no DoD consent banner before login"
}

test_other_settings_banner_fires if {
	stig083.deny == {{
		"path": "services.openssh.settings.Banner",
		"msg": "services.openssh.settings.Banner is \"/etc/motd\": sshd shows that file, whose text is not in the configuration; point it at \"/etc/issue.net\" and write the banner in environment.etc.\"issue.net\".text",
		"anchor": "services.openssh.enable",
	}} with input as _host(true, {"banner": misclib.dod_banner, "settings": {"Banner": "/etc/motd"}})
}

test_issue_net_banner_passes if {
	count(stig083.deny) == 0 with input as _host2605("/etc/issue.net", misclib.dod_banner)
	count(stig083.deny) == 0 with input as _host(true, {"banner": null, "settings": {"Banner": "/etc/issue.net"}, "x": 1}) with input.config.environment as {"etc": {"issue.net": {"text": misclib.dod_banner}}}
}

test_issue_net_wrong_text_fires if {
	stig083.deny == {{
		"path": "environment.etc.\"issue.net\".text",
		"msg": "environment.etc.\"issue.net\".text is not the DoD Notice and Consent Banner: sshd's Banner file /etc/issue.net shows no DoD consent banner before login",
		"anchor": "services.openssh.settings.Banner",
		"fix": {"path": "environment.etc.\"issue.net\".text", "value": misclib.dod_banner},
	}} with input as _host2605("/etc/issue.net", "Welcome")
}

test_2605_unset_fires if {
	inp := {"host": "web", "config": {"services": {"openssh": {"enable": true, "settings": {"Banner": null}}}}, "defined": {}}
	some v in stig083.deny with input as inp
	v.path == "services.openssh.settings.Banner"
	startswith(v.msg, "services.openssh.settings.Banner is not set")
}

test_sshd_off_not_applicable if {
	stig083.not_applicable with input as _host(false, {"banner": null})
	count(stig083.deny) == 0 with input as _host(false, {"banner": null})
}

test_sshd_on_applicable if {
	not stig083.not_applicable with input as _host(true, {"banner": null})
}
