# METADATA
# title: The first low-space warning is not at 25% free
# description: |
#   space_left sets when auditd's first low-space action runs. The STIG asks
#   for it at 25% of the audit volume left (75% used), as a percentage:
#   "space_left = 25%". NixOS 25.11 sets space_left to 75, meaning 75 MiB, which
#   is not what the STIG wants.
#   auditd reads /etc/audit/auditd.conf. Since NixOS 25.11 the auditd module
#   renders security.auditd.settings into it (environment.etc."audit/auditd.conf".text,
#   nixos/modules/security/auditd.nix) and sets only space_left (75), admin_space_left
#   (50) and plugin_dir; before 25.11 NixOS writes no auditd.conf, and the STIG's
#   route is environment.etc."audit/auditd.conf".text. nixsec reads the text the
#   host gets (the last line for a key wins), or security.auditd.settings when the
#   document has no text.
# custom:
#   id: STIG103
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268103
#   options:
#     - security.auditd.settings.space_left
#     - environment.etc."audit/auditd.conf".text
#     - environment.etc."audit/auditd.conf".enable
#   remediation: |
#     # NixOS 25.11 and later:
#     security.auditd.settings.space_left = "25%";
#     # older NixOS (this text is the whole auditd.conf):
#     environment.etc."audit/auditd.conf".text = ''
#       space_left = 25%
#     '';
#   references:
#     - https://www.stigviewer.com/stigs/anduril_nixos/2024-10-25/finding/V-268103
package nixsec.rules.stig.stig103

import data.nixsec.rules.stig.auditlib

_key := "space_left"

deny contains v if {
	not auditlib.auditd_conf[_key]
	v := auditlib.conf_violation(_key, "auditd.conf has no space_left line; the STIG wants 25%", "25%")
}

deny contains v if {
	value := auditlib.auditd_conf[_key]
	not _ok(value)
	msg := sprintf("auditd.conf has %s; the STIG wants 25%%", [auditlib.show_conf(_key)])
	v := auditlib.conf_violation(_key, msg, "25%")
}

_ok(value) if trim_space(value) == "25%"
