# METADATA
# title: Ownership changes by users are not audited
# description: |
#   Changing a file's owner can hand a file to an attacker or hide who made
#   it. The STIG asks for an audit record of chown, fchown, lchown and fchownat
#   calls made in user sessions, for the b32 and b64 ABIs. NixOS adds no such
#   rule to security.audit.rules (nixos/modules/security/audit.nix).
# custom:
#   id: STIG099
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268099
#   options:
#     - security.audit.rules
#   remediation: |
#     security.audit.rules = [
#       "-a always,exit -F arch=b32 -S chown,fchown,lchown,fchownat -F auid>=1000 -F auid!=unset -F key=perm_mod"
#       "-a always,exit -F arch=b64 -S chown,fchown,lchown,fchownat -F auid>=1000 -F auid!=unset -F key=perm_mod"
#     ];
#   references:
#     - https://stigui.com/stigs/Anduril_NixOS_STIG/groups/V-268099
package nixsec.rules.stig.stig099

import data.nixsec.rules.stig.auditlib

# The STIG's rule lines (V-268099).
lines := [
	"-a always,exit -F arch=b32 -S chown,fchown,lchown,fchownat -F auid>=1000 -F auid!=unset -F key=perm_mod",
	"-a always,exit -F arch=b64 -S chown,fchown,lchown,fchownat -F auid>=1000 -F auid!=unset -F key=perm_mod",
]

deny contains v if {
	v := auditlib.rules_violation(lines, "ownership changes by users")
}
