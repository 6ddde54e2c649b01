# METADATA
# title: Extended attribute changes are not audited
# description: |
#   Extended attributes carry security labels, capabilities and ACLs, so
#   changing them changes who may do what. The STIG asks for an audit record of
#   setxattr, fsetxattr, lsetxattr, removexattr, fremovexattr and lremovexattr
#   calls, both from user sessions and by root (auid=0), for the b32 and b64
#   ABIs. A rule without the auid filter covers both. security.audit.rules
#   (nixos/modules/security/audit.nix) is empty by default.
# custom:
#   id: STIG163
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268163
#   options:
#     - security.audit.rules
#   remediation: |
#     security.audit.rules = [
#       "-a always,exit -F arch=b32 -S setxattr,fsetxattr,lsetxattr,removexattr,fremovexattr,lremovexattr -F auid>=1000 -F auid!=unset -k perm_mod"
#       "-a always,exit -F arch=b64 -S setxattr,fsetxattr,lsetxattr,removexattr,fremovexattr,lremovexattr -F auid>=1000 -F auid!=unset -k perm_mod"
#       "-a always,exit -F arch=b32 -S setxattr,fsetxattr,lsetxattr,removexattr,fremovexattr,lremovexattr -F auid=0 -k perm_mod"
#       "-a always,exit -F arch=b64 -S setxattr,fsetxattr,lsetxattr,removexattr,fremovexattr,lremovexattr -F auid=0 -k perm_mod"
#     ];
#   references:
#     - https://stigui.com/stigs/Anduril_NixOS_STIG/groups/V-268163
package nixsec.rules.stig.stig163

import data.nixsec.rules.stig.auditlib

# The STIG's rule lines (V-268163).
lines := [
	"-a always,exit -F arch=b32 -S setxattr,fsetxattr,lsetxattr,removexattr,fremovexattr,lremovexattr -F auid>=1000 -F auid!=unset -k perm_mod",
	"-a always,exit -F arch=b64 -S setxattr,fsetxattr,lsetxattr,removexattr,fremovexattr,lremovexattr -F auid>=1000 -F auid!=unset -k perm_mod",
	"-a always,exit -F arch=b32 -S setxattr,fsetxattr,lsetxattr,removexattr,fremovexattr,lremovexattr -F auid=0 -k perm_mod",
	"-a always,exit -F arch=b64 -S setxattr,fsetxattr,lsetxattr,removexattr,fremovexattr,lremovexattr -F auid=0 -k perm_mod",
]

deny contains v if {
	v := auditlib.rules_violation(lines, "extended attribute changes")
}
