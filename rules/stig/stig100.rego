# METADATA
# title: Permission changes by users are not audited
# description: |
#   chmod can make a secret world-readable or a binary setuid. The STIG asks
#   for an audit record of chmod, fchmod and fchmodat calls made in user
#   sessions, for the b32 and b64 ABIs. NixOS adds no such rule to
#   security.audit.rules (nixos/modules/security/audit.nix).
# custom:
#   id: STIG100
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268100
#   options:
#     - security.audit.rules
#   remediation: |
#     security.audit.rules = [
#       "-a always,exit -F arch=b32 -S chmod,fchmod,fchmodat -F auid>=1000 -F auid!=unset -k perm_mod"
#       "-a always,exit -F arch=b64 -S chmod,fchmod,fchmodat -F auid>=1000 -F auid!=unset -k perm_mod"
#     ];
#   references:
#     - https://stigui.com/stigs/Anduril_NixOS_STIG/groups/V-268100
package nixsec.rules.stig.stig100

import data.nixsec.rules.stig.auditlib

# The STIG's rule lines (V-268100).
lines := [
	"-a always,exit -F arch=b32 -S chmod,fchmod,fchmodat -F auid>=1000 -F auid!=unset -k perm_mod",
	"-a always,exit -F arch=b64 -S chmod,fchmod,fchmodat -F auid>=1000 -F auid!=unset -k perm_mod",
]

deny contains v if {
	v := auditlib.rules_violation(lines, "permission changes by users")
}
