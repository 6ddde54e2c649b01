package nixsec.rules.stig.stig104_test

import data.nixsec.rules.stig.stig104

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
	stig104.deny == {{
		"path": "security.auditd.settings.admin_space_left",
		"msg": "auditd.conf has no admin_space_left line; the STIG wants 10%",
		"fix": {"path": "security.auditd.settings.admin_space_left", "value": "10%"},
	}} with input as _new({"plugin_dir": "/etc/audit/plugins.d"}, "plugin_dir = /etc/audit/plugins.d\n")
}

test_wrong_value_fires if {
	stig104.deny == {{
		"path": "security.auditd.settings.admin_space_left",
		"msg": "auditd.conf has admin_space_left = 50; the STIG wants 10%",
		"fix": {"path": "security.auditd.settings.admin_space_left", "value": "10%"},
	}} with input as _new({"admin_space_left": "50"}, "admin_space_left = 50\n")
}

test_good_value_passes if {
	count(stig104.deny) == 0 with input as _new({"admin_space_left": "10%"}, "admin_space_left = 10%\n")
}

test_settings_without_text_passes if {
	count(stig104.deny) == 0 with input as {"config": {"security": {"auditd": {"settings": {"admin_space_left": "10%"}}}}}
}

test_old_nixos_text_passes if {
	count(stig104.deny) == 0 with input as _old("# STIG\nadmin_space_left=10%\n")
}

test_old_nixos_no_file_fires_on_text if {
	stig104.deny == {{
		"path": "environment.etc.\"audit/auditd.conf\".text",
		"msg": "auditd.conf has no admin_space_left line; the STIG wants 10%",
	}} with input as {"host": "web", "config": {"security": {"auditd": {"enable": true}}}, "defined": {}}
}

test_commented_line_fires if {
	count(stig104.deny) == 1 with input as _old("# admin_space_left = 10%\n")
}

test_last_line_wins if {
	count(stig104.deny) == 1 with input as _old("admin_space_left = 10%\nadmin_space_left = 50\n")
	count(stig104.deny) == 0 with input as _old("admin_space_left = 50\nadmin_space_left = 10%\n")
}

test_disabled_file_fires if {
	count(stig104.deny) == 1 with input as {"host": "web", "config": {"environment": {"etc": {"audit/auditd.conf": {"enable": false, "text": "admin_space_left = 10%"}}}}, "defined": {}}
}
