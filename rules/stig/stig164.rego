# METADATA
# title: Runs of usermod are not audited
# description: |
#   usermod changes group memberships and so grants or removes privileges.
#   The STIG asks for an audit rule on executions of
#   /run/current-system/sw/bin/usermod (path filter, perm=x) in user sessions.
#   "-S all" and a "-w … -p x" watch on the same path are equivalent spellings.
#   security.audit.rules (nixos/modules/security/audit.nix) is empty by default.
# custom:
#   id: STIG164
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268164
#   options:
#     - security.audit.rules
#   remediation: |
#     security.audit.rules = [
#       "-a always,exit -F path=/run/current-system/sw/bin/usermod -F perm=x -F auid>=1000 -F auid!=unset -k privileged-usermod"
#     ];
#   references:
#     - https://preview.stighub.com/check/684efb9b-fdcd-4c4d-93a2-bfc910a90a3b
package nixsec.rules.stig.stig164

import data.nixsec.rules.stig.auditlib

# The STIG's rule lines (V-268164).
lines := [
	"-a always,exit -F path=/run/current-system/sw/bin/usermod -F perm=x -F auid>=1000 -F auid!=unset -k privileged-usermod",
]

deny contains v if {
	v := auditlib.rules_violation(lines, "executions of usermod")
}
