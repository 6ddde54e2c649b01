# METADATA
# title: The last low-space warning is not at 10% free
# description: |
#   admin_space_left sets when auditd's last low-space action runs. The STIG
#   asks for it at 10% of the audit volume left (90% used):
#   "admin_space_left = 10%". NixOS 25.11 sets it to 50, meaning 50 MiB; it must
#   stay below space_left (the module asserts it for two percentages).
#   auditd reads /etc/audit/auditd.conf. Since NixOS 25.11 the auditd module
#   renders security.auditd.settings into it (environment.etc."audit/auditd.conf".text,
#   nixos/modules/security/auditd.nix) and sets only space_left (75), admin_space_left
#   (50) and plugin_dir; before 25.11 NixOS writes no auditd.conf, and the STIG's
#   route is environment.etc."audit/auditd.conf".text. nixsec reads the text the
#   host gets (the last line for a key wins), or security.auditd.settings when the
#   document has no text.
# custom:
#   id: STIG104
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268104
#   options:
#     - security.auditd.settings.admin_space_left
#     - environment.etc."audit/auditd.conf".text
#     - environment.etc."audit/auditd.conf".enable
#   remediation: |
#     # NixOS 25.11 and later:
#     security.auditd.settings.admin_space_left = "10%";
#     # older NixOS (this text is the whole auditd.conf):
#     environment.etc."audit/auditd.conf".text = ''
#       admin_space_left = 10%
#     '';
#   references:
#     - https://stigui.com/stigs/Anduril_NixOS_STIG/groups/V-268104
package nixsec.rules.stig.stig104

import data.nixsec.rules.stig.auditlib

_key := "admin_space_left"

deny contains v if {
	not auditlib.auditd_conf[_key]
	v := auditlib.conf_violation(_key, "auditd.conf has no admin_space_left line; the STIG wants 10%", "10%")
}

deny contains v if {
	value := auditlib.auditd_conf[_key]
	not _ok(value)
	msg := sprintf("auditd.conf has %s; the STIG wants 10%%", [auditlib.show_conf(_key)])
	v := auditlib.conf_violation(_key, msg, "10%")
}

_ok(value) if trim_space(value) == "10%"
