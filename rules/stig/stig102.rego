# METADATA
# title: Nobody is notified when audit storage is 90% full
# description: |
#   admin_space_left_action is auditd's last warning before the audit volume
#   is full. The STIG asks that it notify the SA and ISSO: "email" (to
#   action_mail_acct) or "exec" of a notifying script; "syslog", a missing line
#   or a blank value are findings. Whether the recipient or the script is the
#   right one needs a person to check.
#   auditd reads /etc/audit/auditd.conf. Since NixOS 25.11 the auditd module
#   renders security.auditd.settings into it (environment.etc."audit/auditd.conf".text,
#   nixos/modules/security/auditd.nix) and sets only space_left (75), admin_space_left
#   (50) and plugin_dir; before 25.11 NixOS writes no auditd.conf, and the STIG's
#   route is environment.etc."audit/auditd.conf".text. nixsec reads the text the
#   host gets (the last line for a key wins), or security.auditd.settings when the
#   document has no text.
# custom:
#   id: STIG102
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268102
#   options:
#     - security.auditd.settings.admin_space_left_action
#     - environment.etc."audit/auditd.conf".text
#     - environment.etc."audit/auditd.conf".enable
#   remediation: |
#     # NixOS 25.11 and later:
#     security.auditd.settings.admin_space_left_action = "email";
#     # older NixOS (this text is the whole auditd.conf):
#     environment.etc."audit/auditd.conf".text = ''
#       admin_space_left_action = email
#     '';
#   references:
#     - https://preview.stighub.com/check/a544d269-648f-427a-90c4-705c8fa542f2
package nixsec.rules.stig.stig102

import data.nixsec.rules.stig.auditlib

_key := "admin_space_left_action"

deny contains v if {
	not auditlib.auditd_conf[_key]
	v := auditlib.conf_violation(_key, "auditd.conf has no admin_space_left_action line; the STIG wants email or exec (a notifying script)", "email")
}

deny contains v if {
	value := auditlib.auditd_conf[_key]
	not _ok(value)
	msg := sprintf("auditd.conf has %s; the STIG wants email or exec (a notifying script)", [auditlib.show_conf(_key)])
	v := auditlib.conf_violation(_key, msg, "email")
}

_ok(value) if lower(_first_word(value)) in {"email", "exec"}

_first_word(s) := w if {
	words := regex.split(`\s+`, trim_space(s))
	w := words[0]
}
