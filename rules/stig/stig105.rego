# METADATA
# title: auditd does not react properly when the audit volume is full
# description: |
#   When the audit volume is full auditd must not carry on silently losing
#   records: the STIG accepts disk_full_action = HALT, SINGLE or SYSLOG (SYSLOG
#   where availability outweighs, documented with the ISSO). auditd's own
#   default is SUSPEND, which stops recording without telling anyone, and a
#   missing line means that default. Another action the SA can justify is a
#   judgement nixsec leaves to a person (suppress the finding).
#   auditd reads /etc/audit/auditd.conf. Since NixOS 25.11 the auditd module
#   renders security.auditd.settings into it (environment.etc."audit/auditd.conf".text,
#   nixos/modules/security/auditd.nix) and sets only space_left (75), admin_space_left
#   (50) and plugin_dir; before 25.11 NixOS writes no auditd.conf, and the STIG's
#   route is environment.etc."audit/auditd.conf".text. nixsec reads the text the
#   host gets (the last line for a key wins), or security.auditd.settings when the
#   document has no text.
# custom:
#   id: STIG105
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268105
#   options:
#     - security.auditd.settings.disk_full_action
#     - environment.etc."audit/auditd.conf".text
#     - environment.etc."audit/auditd.conf".enable
#   remediation: |
#     # NixOS 25.11 and later:
#     security.auditd.settings.disk_full_action = "HALT";
#     # older NixOS (this text is the whole auditd.conf):
#     environment.etc."audit/auditd.conf".text = ''
#       disk_full_action = HALT
#     '';
#   references:
#     - https://preview.stighub.com/check/137e5db5-c97a-40fc-971e-b8952b8d3b4b
#     - https://ato-pathways.com/catalogs/xccdf/items/152485
package nixsec.rules.stig.stig105

import data.nixsec.rules.stig.auditlib

_key := "disk_full_action"

deny contains v if {
	not auditlib.auditd_conf[_key]
	v := auditlib.conf_violation(_key, "auditd.conf has no disk_full_action line; the STIG wants HALT, SINGLE or SYSLOG", "HALT")
}

deny contains v if {
	value := auditlib.auditd_conf[_key]
	not _ok(value)
	msg := sprintf("auditd.conf has %s; the STIG wants HALT, SINGLE or SYSLOG", [auditlib.show_conf(_key)])
	v := auditlib.conf_violation(_key, msg, "HALT")
}

_ok(value) if upper(trim_space(value)) in {"HALT", "SINGLE", "SYSLOG"}
