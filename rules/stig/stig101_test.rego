package nixsec.rules.stig.stig101_test

import data.nixsec.rules.stig.stig101

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
	stig101.deny == {{
		"path": "security.auditd.settings.space_left_action",
		"msg": "auditd.conf has no space_left_action line; the STIG wants email or exec (a notifying script)",
		"fix": {"path": "security.auditd.settings.space_left_action", "value": "email"},
	}} with input as _new({"plugin_dir": "/etc/audit/plugins.d"}, "plugin_dir = /etc/audit/plugins.d\n")
}

test_wrong_value_fires if {
	stig101.deny == {{
		"path": "security.auditd.settings.space_left_action",
		"msg": "auditd.conf has space_left_action = SYSLOG; the STIG wants email or exec (a notifying script)",
		"fix": {"path": "security.auditd.settings.space_left_action", "value": "email"},
	}} with input as _new({"space_left_action": "SYSLOG"}, "space_left_action = SYSLOG\n")
}

test_good_value_passes if {
	count(stig101.deny) == 0 with input as _new({"space_left_action": "exec"}, "space_left_action = exec\n")
}

test_settings_without_text_passes if {
	count(stig101.deny) == 0 with input as {"config": {"security": {"auditd": {"settings": {"space_left_action": "exec"}}}}}
}

test_old_nixos_text_passes if {
	count(stig101.deny) == 0 with input as _old("# STIG\nspace_left_action=exec\n")
}

test_old_nixos_no_file_fires_on_text if {
	stig101.deny == {{
		"path": "environment.etc.\"audit/auditd.conf\".text",
		"msg": "auditd.conf has no space_left_action line; the STIG wants email or exec (a notifying script)",
	}} with input as {"host": "web", "config": {"security": {"auditd": {"enable": true}}}, "defined": {}}
}

test_commented_line_fires if {
	count(stig101.deny) == 1 with input as _old("# space_left_action = exec\n")
}

test_last_line_wins if {
	count(stig101.deny) == 1 with input as _old("space_left_action = exec\nspace_left_action = SYSLOG\n")
	count(stig101.deny) == 0 with input as _old("space_left_action = SYSLOG\nspace_left_action = exec\n")
}

test_disabled_file_fires if {
	count(stig101.deny) == 1 with input as {"host": "web", "config": {"environment": {"etc": {"audit/auditd.conf": {"enable": false, "text": "space_left_action = exec"}}}}, "defined": {}}
}

test_exec_script_passes if {
	count(stig101.deny) == 0 with input as _old("space_left_action = exec /run/current-system/sw/bin/notify-admins\n")
}

test_upper_case_email_passes if {
	count(stig101.deny) == 0 with input as _old("space_left_action = EMAIL\n")
}
