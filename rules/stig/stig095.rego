# METADATA
# title: File deletions and renames by users are not audited
# description: |
#   Deleting or renaming files is how evidence disappears and how files are
#   swapped for trojaned ones; the STIG asks for an audit record of rename,
#   unlink, rmdir, renameat and unlinkat calls made in user sessions, for the
#   b32 and b64 ABIs. security.audit.rules (loaded by
#   nixos/modules/security/audit.nix) holds no such rule by default.
# custom:
#   id: STIG095
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268095
#   options:
#     - security.audit.rules
#   remediation: |
#     security.audit.rules = [
#       "-a always,exit -F arch=b32 -S rename,unlink,rmdir,renameat,unlinkat -F auid>=1000 -F auid!=unset -k delete"
#       "-a always,exit -F arch=b64 -S rename,unlink,rmdir,renameat,unlinkat -F auid>=1000 -F auid!=unset -k delete"
#     ];
#   references:
#     - https://stigui.com/stigs/Anduril_NixOS_STIG/groups/V-268095
package nixsec.rules.stig.stig095

import data.nixsec.rules.stig.auditlib

# The STIG's rule lines (V-268095).
lines := [
	"-a always,exit -F arch=b32 -S rename,unlink,rmdir,renameat,unlinkat -F auid>=1000 -F auid!=unset -k delete",
	"-a always,exit -F arch=b64 -S rename,unlink,rmdir,renameat,unlinkat -F auid>=1000 -F auid!=unset -k delete",
]

deny contains v if {
	v := auditlib.rules_violation(lines, "file deletions and renames by users")
}
