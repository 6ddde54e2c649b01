# METADATA
# title: Runs of chage and chcon are not audited
# description: |
#   chage changes password ageing (it can keep an account from expiring) and
#   chcon changes a file's security context. The STIG asks for audit rules on
#   executions of /run/current-system/sw/bin/chage and
#   /run/current-system/sw/bin/chcon in user sessions. A "-w … -p x" watch on
#   the same path is equivalent. security.audit.rules
#   (nixos/modules/security/audit.nix) is empty by default.
# custom:
#   id: STIG165
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268165
#   options:
#     - security.audit.rules
#   remediation: |
#     security.audit.rules = [
#       "-a always,exit -S all -F path=/run/current-system/sw/bin/chage -F perm=x -F auid>=1000 -F auid!=unset -k privileged-chage"
#       "-a always,exit -S all -F path=/run/current-system/sw/bin/chcon -F perm=x -F auid>=1000 -F auid!=unset -k perm_mod"
#     ];
#   references:
#     - https://stigui.com/stigs/Anduril_NixOS_STIG/groups/V-268165
package nixsec.rules.stig.stig165

import data.nixsec.rules.stig.auditlib

# The STIG's rule lines (V-268165).
lines := [
	"-a always,exit -S all -F path=/run/current-system/sw/bin/chage -F perm=x -F auid>=1000 -F auid!=unset -k privileged-chage",
	"-a always,exit -S all -F path=/run/current-system/sw/bin/chcon -F perm=x -F auid>=1000 -F auid!=unset -k perm_mod",
]

deny contains v if {
	v := auditlib.rules_violation(lines, "executions of chage and chcon")
}
