package nixsec.rules.stig.stig102_test

import data.nixsec.rules.stig.stig102

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
	stig102.deny == {{
		"path": "security.auditd.settings.admin_space_left_action",
		"msg": "auditd.conf has no admin_space_left_action line; the STIG wants email or exec (a notifying script)",
		"fix": {"path": "security.auditd.settings.admin_space_left_action", "value": "email"},
	}} with input as _new({"plugin_dir": "/etc/audit/plugins.d"}, "plugin_dir = /etc/audit/plugins.d\n")
}

test_wrong_value_fires if {
	stig102.deny == {{
		"path": "security.auditd.settings.admin_space_left_action",
		"msg": "auditd.conf has admin_space_left_action = syslog; the STIG wants email or exec (a notifying script)",
		"fix": {"path": "security.auditd.settings.admin_space_left_action", "value": "email"},
	}} with input as _new({"admin_space_left_action": "syslog"}, "admin_space_left_action = syslog\n")
}

test_good_value_passes if {
	count(stig102.deny) == 0 with input as _new({"admin_space_left_action": "exec"}, "admin_space_left_action = exec\n")
}

test_settings_without_text_passes if {
	count(stig102.deny) == 0 with input as {"config": {"security": {"auditd": {"settings": {"admin_space_left_action": "exec"}}}}}
}

test_old_nixos_text_passes if {
	count(stig102.deny) == 0 with input as _old("# STIG\nadmin_space_left_action=exec\n")
}

test_old_nixos_no_file_fires_on_text if {
	stig102.deny == {{
		"path": "environment.etc.\"audit/auditd.conf\".text",
		"msg": "auditd.conf has no admin_space_left_action line; the STIG wants email or exec (a notifying script)",
	}} with input as {"host": "web", "config": {"security": {"auditd": {"enable": true}}}, "defined": {}}
}

test_commented_line_fires if {
	count(stig102.deny) == 1 with input as _old("# admin_space_left_action = exec\n")
}

test_last_line_wins if {
	count(stig102.deny) == 1 with input as _old("admin_space_left_action = exec\nadmin_space_left_action = syslog\n")
	count(stig102.deny) == 0 with input as _old("admin_space_left_action = syslog\nadmin_space_left_action = exec\n")
}

test_disabled_file_fires if {
	count(stig102.deny) == 1 with input as {"host": "web", "config": {"environment": {"etc": {"audit/auditd.conf": {"enable": false, "text": "admin_space_left_action = exec"}}}}, "defined": {}}
}

test_exec_script_passes if {
	count(stig102.deny) == 0 with input as _old("admin_space_left_action = exec /run/current-system/sw/bin/notify-admins\n")
}

test_upper_case_email_passes if {
	count(stig102.deny) == 0 with input as _old("admin_space_left_action = EMAIL\n")
}
