# METADATA
# title: Mount calls by users are not audited
# description: |
#   Mounting a file system can expose or hide data and bypass controls on
#   removable media, so the STIG asks for an audit record of every mount system
#   call made in a user session (login uid 1000 or more and set), for the b32 and
#   b64 ABIs. NixOS audits nothing of the kind unless security.audit.rules says so
#   (nixos/modules/security/audit.nix loads those lines with auditctl). The audit
#   system treats auid!=-1, auid!=4294967295 and auid!=unset alike.
# custom:
#   id: STIG094
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268094
#   options:
#     - security.audit.rules
#   remediation: |
#     security.audit.rules = [
#       "-a always,exit -F arch=b32 -S mount -F auid>=1000 -F auid!=unset -k privileged-mount"
#       "-a always,exit -F arch=b64 -S mount -F auid>=1000 -F auid!=unset -k privileged-mount"
#     ];
#   references:
#     - https://preview.stighub.com/check/b5da0b2c-4d9f-490e-bb07-2abbf627b9bf
package nixsec.rules.stig.stig094

import data.nixsec.rules.stig.auditlib

# The STIG's rule lines (V-268094).
lines := [
	"-a always,exit -F arch=b32 -S mount -F auid>=1000 -F auid!=unset -k privileged-mount",
	"-a always,exit -F arch=b64 -S mount -F auid>=1000 -F auid!=unset -k privileged-mount",
]

deny contains v if {
	v := auditlib.rules_violation(lines, "mount calls by users")
}
