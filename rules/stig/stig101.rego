# METADATA
# title: Nobody is notified when audit storage is 75% full
# description: |
#   When the audit volume fills up, auditd stops recording or halts the
#   machine; the space_left_action warning is the administrators' chance to act
#   first, so it must reach a person: "email" (to action_mail_acct) or "exec"
#   of a script that notifies. "syslog", the default, only logs it, and a
#   missing line is a finding too. Whether the mail account or the script
#   really reaches the SA and ISSO needs a person to check.
#   auditd reads /etc/audit/auditd.conf. Since NixOS 25.11 the auditd module
#   renders security.auditd.settings into it (environment.etc."audit/auditd.conf".text,
#   nixos/modules/security/auditd.nix) and sets only space_left (75), admin_space_left
#   (50) and plugin_dir; before 25.11 NixOS writes no auditd.conf, and the STIG's
#   route is environment.etc."audit/auditd.conf".text. nixsec reads the text the
#   host gets (the last line for a key wins), or security.auditd.settings when the
#   document has no text.
# custom:
#   id: STIG101
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268101
#   options:
#     - security.auditd.settings.space_left_action
#     - environment.etc."audit/auditd.conf".text
#     - environment.etc."audit/auditd.conf".enable
#   remediation: |
#     # NixOS 25.11 and later:
#     security.auditd.settings.space_left_action = "email";
#     # older NixOS (this text is the whole auditd.conf):
#     environment.etc."audit/auditd.conf".text = ''
#       space_left_action = email
#     '';
#   references:
#     - https://preview.stighub.com/check/d7f4836c-6f52-4392-9165-f54e4ddcffd0
package nixsec.rules.stig.stig101

import data.nixsec.rules.stig.auditlib

_key := "space_left_action"

deny contains v if {
	not auditlib.auditd_conf[_key]
	v := auditlib.conf_violation(_key, "auditd.conf has no space_left_action line; the STIG wants email or exec (a notifying script)", "email")
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
