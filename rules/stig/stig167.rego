# METADATA
# title: Changes to accounts and groups are not audited
# description: |
#   Creating, changing, disabling or removing an account writes to
#   /etc/passwd, /etc/shadow, /etc/group, /etc/gshadow, /etc/security/opasswd or
#   /etc/sudoers; the STIG asks for a write/attribute watch on each so that
#   account changes leave a trail. On NixOS most of these files are rewritten on
#   activation from users.users, but useradd, passwd and a root shell change
#   them at run time too. security.audit.rules (nixos/modules/security/audit.nix)
#   is empty by default.
# custom:
#   id: STIG167
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268167
#   options:
#     - security.audit.rules
#   remediation: |
#     security.audit.rules = [
#       "-w /etc/sudoers -p wa -k identity"
#       "-w /etc/passwd -p wa -k identity"
#       "-w /etc/shadow -p wa -k identity"
#       "-w /etc/gshadow -p wa -k identity"
#       "-w /etc/group -p wa -k identity"
#       "-w /etc/security/opasswd -p wa -k identity"
#     ];
#   references:
#     - https://stigui.com/stigs/Anduril_NixOS_STIG/groups/V-268167
package nixsec.rules.stig.stig167

import data.nixsec.rules.stig.auditlib

# The STIG's rule lines (V-268167).
lines := [
	"-w /etc/sudoers -p wa -k identity",
	"-w /etc/passwd -p wa -k identity",
	"-w /etc/shadow -p wa -k identity",
	"-w /etc/gshadow -p wa -k identity",
	"-w /etc/group -p wa -k identity",
	"-w /etc/security/opasswd -p wa -k identity",
]

deny contains v if {
	v := auditlib.rules_violation(lines, "changes to account and group files")
}
