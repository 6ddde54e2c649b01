# METADATA
# title: auditd does not react properly to an audit disk error
# description: |
#   When writing the audit log fails, auditd must not go on silently: the
#   STIG accepts disk_error_action = HALT, SINGLE or SYSLOG. auditd's default is
#   SUSPEND, and a missing line means that default. Another action the SA can
#   justify is a judgement left to a person (suppress the finding).
#   auditd reads /etc/audit/auditd.conf. Since NixOS 25.11 the auditd module
#   renders security.auditd.settings into it (environment.etc."audit/auditd.conf".text,
#   nixos/modules/security/auditd.nix) and sets only space_left (75), admin_space_left
#   (50) and plugin_dir; before 25.11 NixOS writes no auditd.conf, and the STIG's
#   route is environment.etc."audit/auditd.conf".text. nixsec reads the text the
#   host gets (the last line for a key wins), or security.auditd.settings when the
#   document has no text.
# custom:
#   id: STIG106
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268106
#   options:
#     - security.auditd.settings.disk_error_action
#     - environment.etc."audit/auditd.conf".text
#     - environment.etc."audit/auditd.conf".enable
#   remediation: |
#     # NixOS 25.11 and later:
#     security.auditd.settings.disk_error_action = "HALT";
#     # older NixOS (this text is the whole auditd.conf):
#     environment.etc."audit/auditd.conf".text = ''
#       disk_error_action = HALT
#     '';
#   references:
#     - https://stigui.com/stigs/Anduril_NixOS_STIG/groups/V-268106
package nixsec.rules.stig.stig106

import data.nixsec.rules.stig.auditlib

_key := "disk_error_action"

deny contains v if {
	not auditlib.auditd_conf[_key]
	v := auditlib.conf_violation(_key, "auditd.conf has no disk_error_action line; the STIG wants HALT, SINGLE or SYSLOG", "HALT")
}

deny contains v if {
	value := auditlib.auditd_conf[_key]
	not _ok(value)
	msg := sprintf("auditd.conf has %s; the STIG wants HALT, SINGLE or SYSLOG", [auditlib.show_conf(_key)])
	v := auditlib.conf_violation(_key, msg, "HALT")
}

_ok(value) if upper(trim_space(value)) in {"HALT", "SINGLE", "SYSLOG"}
