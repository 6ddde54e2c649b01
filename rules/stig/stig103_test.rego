package nixsec.rules.stig.stig103_test

import data.nixsec.rules.stig.stig103

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
	stig103.deny == {{
		"path": "security.auditd.settings.space_left",
		"msg": "auditd.conf has no space_left line; the STIG wants 25%",
		"fix": {"path": "security.auditd.settings.space_left", "value": "25%"},
	}} with input as _new({"plugin_dir": "/etc/audit/plugins.d"}, "plugin_dir = /etc/audit/plugins.d\n")
}

test_wrong_value_fires if {
	stig103.deny == {{
		"path": "security.auditd.settings.space_left",
		"msg": "auditd.conf has space_left = 75; the STIG wants 25%",
		"fix": {"path": "security.auditd.settings.space_left", "value": "25%"},
	}} with input as _new({"space_left": "75"}, "space_left = 75\n")
}

test_good_value_passes if {
	count(stig103.deny) == 0 with input as _new({"space_left": "25%"}, "space_left = 25%\n")
}

test_settings_without_text_passes if {
	count(stig103.deny) == 0 with input as {"config": {"security": {"auditd": {"settings": {"space_left": "25%"}}}}}
}

test_old_nixos_text_passes if {
	count(stig103.deny) == 0 with input as _old("# STIG\nspace_left=25%\n")
}

test_old_nixos_no_file_fires_on_text if {
	stig103.deny == {{
		"path": "environment.etc.\"audit/auditd.conf\".text",
		"msg": "auditd.conf has no space_left line; the STIG wants 25%",
	}} with input as {"host": "web", "config": {"security": {"auditd": {"enable": true}}}, "defined": {}}
}

test_commented_line_fires if {
	count(stig103.deny) == 1 with input as _old("# space_left = 25%\n")
}

test_last_line_wins if {
	count(stig103.deny) == 1 with input as _old("space_left = 25%\nspace_left = 75\n")
	count(stig103.deny) == 0 with input as _old("space_left = 75\nspace_left = 25%\n")
}

test_disabled_file_fires if {
	count(stig103.deny) == 1 with input as {"host": "web", "config": {"environment": {"etc": {"audit/auditd.conf": {"enable": false, "text": "space_left = 25%"}}}}, "defined": {}}
}

test_megabytes_fire if {
	count(stig103.deny) == 1 with input as _new({"space_left": 25}, "space_left = 25\n")
}
