# METADATA
# title: Kernel module loading and unloading is not audited
# description: |
#   A kernel module runs with full kernel privilege; loading one is the
#   classic way to install a rootkit. The STIG asks for an audit record of
#   init_module, finit_module and delete_module calls made in user sessions,
#   for the b32 and b64 ABIs. NixOS's security.audit.rules (loaded by
#   nixos/modules/security/audit.nix) is empty by default.
# custom:
#   id: STIG096
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268096
#   options:
#     - security.audit.rules
#   remediation: |
#     security.audit.rules = [
#       "-a always,exit -F arch=b32 -S init_module,finit_module,delete_module -F auid>=1000 -F auid!=unset -k module_chng"
#       "-a always,exit -F arch=b64 -S init_module,finit_module,delete_module -F auid>=1000 -F auid!=unset -k module_chng"
#     ];
#   references:
#     - https://stigui.com/stigs/Anduril_NixOS_STIG/groups/V-268096
package nixsec.rules.stig.stig096

import data.nixsec.rules.stig.auditlib

# The STIG's rule lines (V-268096).
lines := [
	"-a always,exit -F arch=b32 -S init_module,finit_module,delete_module -F auid>=1000 -F auid!=unset -k module_chng",
	"-a always,exit -F arch=b64 -S init_module,finit_module,delete_module -F auid>=1000 -F auid!=unset -k module_chng",
]

deny contains v if {
	v := auditlib.rules_violation(lines, "kernel module loads and unloads")
}
