package nixsec.rules.stig.stig106_test

import data.nixsec.rules.stig.stig106

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
	stig106.deny == {{
		"path": "security.auditd.settings.disk_error_action",
		"msg": "auditd.conf has no disk_error_action line; the STIG wants HALT, SINGLE or SYSLOG",
		"fix": {"path": "security.auditd.settings.disk_error_action", "value": "HALT"},
	}} with input as _new({"plugin_dir": "/etc/audit/plugins.d"}, "plugin_dir = /etc/audit/plugins.d\n")
}

test_wrong_value_fires if {
	stig106.deny == {{
		"path": "security.auditd.settings.disk_error_action",
		"msg": "auditd.conf has disk_error_action = IGNORE; the STIG wants HALT, SINGLE or SYSLOG",
		"fix": {"path": "security.auditd.settings.disk_error_action", "value": "HALT"},
	}} with input as _new({"disk_error_action": "IGNORE"}, "disk_error_action = IGNORE\n")
}

test_good_value_passes if {
	count(stig106.deny) == 0 with input as _new({"disk_error_action": "SYSLOG"}, "disk_error_action = SYSLOG\n")
}

test_settings_without_text_passes if {
	count(stig106.deny) == 0 with input as {"config": {"security": {"auditd": {"settings": {"disk_error_action": "SYSLOG"}}}}}
}

test_old_nixos_text_passes if {
	count(stig106.deny) == 0 with input as _old("# STIG\ndisk_error_action=SYSLOG\n")
}

test_old_nixos_no_file_fires_on_text if {
	stig106.deny == {{
		"path": "environment.etc.\"audit/auditd.conf\".text",
		"msg": "auditd.conf has no disk_error_action line; the STIG wants HALT, SINGLE or SYSLOG",
	}} with input as {"host": "web", "config": {"security": {"auditd": {"enable": true}}}, "defined": {}}
}

test_commented_line_fires if {
	count(stig106.deny) == 1 with input as _old("# disk_error_action = SYSLOG\n")
}

test_last_line_wins if {
	count(stig106.deny) == 1 with input as _old("disk_error_action = SYSLOG\ndisk_error_action = IGNORE\n")
	count(stig106.deny) == 0 with input as _old("disk_error_action = IGNORE\ndisk_error_action = SYSLOG\n")
}

test_disabled_file_fires if {
	count(stig106.deny) == 1 with input as {"host": "web", "config": {"environment": {"etc": {"audit/auditd.conf": {"enable": false, "text": "disk_error_action = SYSLOG"}}}}, "defined": {}}
}

test_lower_case_passes if {
	count(stig106.deny) == 0 with input as _old("disk_error_action = single\n")
}
