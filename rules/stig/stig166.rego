# METADATA
# title: Logins are not audited through lastlog
# description: |
#   Every login updates /var/log/lastlog; watching it for writes gives the
#   audit trail a record of each logon, which is how concurrent logons from
#   different places are noticed. The STIG asks for "-w /var/log/lastlog -p wa".
#   security.audit.rules (nixos/modules/security/audit.nix) is empty by default.
# custom:
#   id: STIG166
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268166
#   options:
#     - security.audit.rules
#   remediation: |
#     security.audit.rules = [
#       "-w /var/log/lastlog -p wa -k logins"
#     ];
#   references:
#     - https://preview.stighub.com/check/d59567b7-55ba-4944-a8a7-fcf31b8c26a3
package nixsec.rules.stig.stig166

import data.nixsec.rules.stig.auditlib

# The STIG's rule lines (V-268166).
lines := [
	"-w /var/log/lastlog -p wa -k logins",
]

deny contains v if {
	v := auditlib.rules_violation(lines, "writes to /var/log/lastlog (logons)")
}
