# METADATA
# title: Failed attempts to open or truncate files are not audited
# description: |
#   A run of EACCES or EPERM failures on open, creat, truncate, ftruncate,
#   openat and open_by_handle_at is what probing for readable secrets looks like.
#   The STIG asks for an audit rule per failure code and per ABI (b32, b64) for
#   calls made in user sessions. exit=-13 and exit=-EACCES (exit=-1 and
#   exit=-EPERM) are the same filter. security.audit.rules
#   (nixos/modules/security/audit.nix) is empty by default.
# custom:
#   id: STIG098
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268098
#   options:
#     - security.audit.rules
#   remediation: |
#     security.audit.rules = [
#       "-a always,exit -F arch=b32 -S open,creat,truncate,ftruncate,openat,open_by_handle_at -F exit=-EACCES -F auid>=1000 -F auid!=unset -F key=access"
#       "-a always,exit -F arch=b64 -S open,creat,truncate,ftruncate,openat,open_by_handle_at -F exit=-EACCES -F auid>=1000 -F auid!=unset -F key=access"
#       "-a always,exit -F arch=b32 -S open,creat,truncate,ftruncate,openat,open_by_handle_at -F exit=-EPERM -F auid>=1000 -F auid!=unset -F key=access"
#       "-a always,exit -F arch=b64 -S open,creat,truncate,ftruncate,openat,open_by_handle_at -F exit=-EPERM -F auid>=1000 -F auid!=unset -F key=access"
#     ];
#   references:
#     - https://stigui.com/stigs/Anduril_NixOS_STIG/groups/V-268098
package nixsec.rules.stig.stig098

import data.nixsec.rules.stig.auditlib

# The STIG's rule lines (V-268098).
lines := [
	"-a always,exit -F arch=b32 -S open,creat,truncate,ftruncate,openat,open_by_handle_at -F exit=-EACCES -F auid>=1000 -F auid!=unset -F key=access",
	"-a always,exit -F arch=b64 -S open,creat,truncate,ftruncate,openat,open_by_handle_at -F exit=-EACCES -F auid>=1000 -F auid!=unset -F key=access",
	"-a always,exit -F arch=b32 -S open,creat,truncate,ftruncate,openat,open_by_handle_at -F exit=-EPERM -F auid>=1000 -F auid!=unset -F key=access",
	"-a always,exit -F arch=b64 -S open,creat,truncate,ftruncate,openat,open_by_handle_at -F exit=-EPERM -F auid>=1000 -F auid!=unset -F key=access",
]

deny contains v if {
	v := auditlib.rules_violation(lines, "failed attempts to open, create or truncate files")
}
