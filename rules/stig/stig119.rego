# METADATA
# title: Login uids can be changed after login
# description: |
#   The login uid (auid) ties every audit record to the person who logged
#   in. Unless the audit system marks it immutable, a process with the right
#   capability can rewrite its own login uid and act under someone else's name
#   in the trail. auditctl's --loginuid-immutable line in security.audit.rules
#   (loaded by nixos/modules/security/audit.nix) locks it; NixOS does not add it.
# custom:
#   id: STIG119
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268119
#   options:
#     - security.audit.rules
#   remediation: |
#     security.audit.rules = [
#       "--loginuid-immutable"
#     ];
#   references:
#     - https://preview.stighub.com/check/4fc53a19-b8bf-4fe4-8f46-6fdf2e2f7c4d
package nixsec.rules.stig.stig119

import data.nixsec.rules.stig.auditlib

# The STIG's rule lines (V-268119).
lines := [
	"--loginuid-immutable",
]

deny contains v if {
	v := auditlib.rules_violation(lines, "login uids as immutable (--loginuid-immutable)")
}
