# METADATA
# title: auditd does not write its logs group-owned by root
# description: |
#   log_group decides which group owns the audit log files; any other group
#   lets its members read the trail of what administrators did (and learn what
#   is and is not watched). The STIG asks for "log_group = root" in
#   auditd.conf.
#   auditd reads /etc/audit/auditd.conf. Since NixOS 25.11 the auditd module
#   renders security.auditd.settings into it (environment.etc."audit/auditd.conf".text,
#   nixos/modules/security/auditd.nix) and sets only space_left (75), admin_space_left
#   (50) and plugin_dir; before 25.11 NixOS writes no auditd.conf, and the STIG's
#   route is environment.etc."audit/auditd.conf".text. nixsec reads the text the
#   host gets (the last line for a key wins), or security.auditd.settings when the
#   document has no text.
# custom:
#   id: STIG110
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268110
#   options:
#     - security.auditd.settings.log_group
#     - environment.etc."audit/auditd.conf".text
#     - environment.etc."audit/auditd.conf".enable
#   remediation: |
#     # NixOS 25.11 and later:
#     security.auditd.settings.log_group = "root";
#     # older NixOS (this text is the whole auditd.conf):
#     environment.etc."audit/auditd.conf".text = ''
#       log_group = root
#     '';
#   references:
#     - https://stigui.com/stigs/Anduril_NixOS_STIG/groups/V-268110
package nixsec.rules.stig.stig110

import data.nixsec.rules.stig.auditlib

_key := "log_group"

deny contains v if {
	not auditlib.auditd_conf[_key]
	v := auditlib.conf_violation(_key, "auditd.conf has no log_group line; the STIG wants root", "root")
}

deny contains v if {
	value := auditlib.auditd_conf[_key]
	not _ok(value)
	msg := sprintf("auditd.conf has %s; the STIG wants root", [auditlib.show_conf(_key)])
	v := auditlib.conf_violation(_key, msg, "root")
}

_ok(value) if trim_space(value) == "root"
