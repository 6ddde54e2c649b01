package nixsec.rules.stig.stig110_test

import data.nixsec.rules.stig.stig110

# NixOS 25.11: settings rendered into the text.
_new(settings, text) := {
	"host": "web", "config": {
		"security": {"auditd": {"enable": true, "settings": settings}},
		"environment": {"etc": {"audit/auditd.conf": {"enable": true, "text": text}}},
	},
	"defined": {},
}

# Older NixOS: only the host's own text.
_old(text) := {"host": "web", "config": {"security": {"auditd": {"enable": true}}, "environment": {"etc": {"audit/auditd.conf": {"enable": true, "text": text}}}}, "defined": {}}

test_missing_fires_with_fix if {
	stig110.deny == {{
		"path": "security.auditd.settings.log_group",
		"msg": "auditd.conf has no log_group line; the STIG wants root",
		"fix": {"path": "security.auditd.settings.log_group", "value": "root"},
	}} with input as _new({"plugin_dir": "/etc/audit/plugins.d"}, "plugin_dir = /etc/audit/plugins.d\n")
}

test_wrong_value_fires if {
	stig110.deny == {{
		"path": "security.auditd.settings.log_group",
		"msg": "auditd.conf has log_group = wheel; the STIG wants root",
		"fix": {"path": "security.auditd.settings.log_group", "value": "root"},
	}} with input as _new({"log_group": "wheel"}, "log_group = wheel\n")
}

test_good_value_passes if {
	count(stig110.deny) == 0 with input as _new({"log_group": "root"}, "log_group = root\n")
}

test_settings_without_text_passes if {
	count(stig110.deny) == 0 with input as {"config": {"security": {"auditd": {"settings": {"log_group": "root"}}}}}
}

test_old_nixos_text_passes if {
	count(stig110.deny) == 0 with input as _old("# STIG\nlog_group=root\n")
}

test_old_nixos_no_file_fires_on_text if {
	stig110.deny == {{
		"path": "environment.etc.\"audit/auditd.conf\".text",
		"msg": "auditd.conf has no log_group line; the STIG wants root",
	}} with input as {"host": "web", "config": {"security": {"auditd": {"enable": true}}}, "defined": {}}
}

test_commented_line_fires if {
	count(stig110.deny) == 1 with input as _old("# log_group = root\n")
}

test_last_line_wins if {
	count(stig110.deny) == 1 with input as _old("log_group = root\nlog_group = wheel\n")
	count(stig110.deny) == 0 with input as _old("log_group = wheel\nlog_group = root\n")
}

test_disabled_file_fires if {
	count(stig110.deny) == 1 with input as {"host": "web", "config": {"environment": {"etc": {"audit/auditd.conf": {"enable": false, "text": "log_group = root"}}}}, "defined": {}}
}
