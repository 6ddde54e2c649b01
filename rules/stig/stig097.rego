# METADATA
# title: Changes to the cron configuration are not audited
# description: |
#   Cron jobs are a common way to keep access to a machine: a job added to a
#   crontab runs again and again with its owner's rights. The STIG asks for audit
#   watches (write and attribute change) on /var/cron/tabs/, /var/cron/cron.allow
#   and /var/cron/cron.deny, the paths NixOS's cron module uses. The watch may be
#   written as -w or as the equivalent "-a always,exit -F path=… -F perm=wa"
#   (dir= for the directory); the key is free.
# custom:
#   id: STIG097
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268097
#   options:
#     - security.audit.rules
#   remediation: |
#     security.audit.rules = [
#       "-w /var/cron/tabs/ -p wa -k services"
#       "-w /var/cron/cron.allow -p wa -k services"
#       "-w /var/cron/cron.deny -p wa -k services"
#     ];
#   references:
#     - https://preview.stighub.com/check/02f54e65-8eae-4b56-a5d6-29635410c2b2
package nixsec.rules.stig.stig097

import data.nixsec.rules.stig.auditlib

# The STIG's rule lines (V-268097).
lines := [
	"-w /var/cron/tabs/ -p wa -k services",
	"-w /var/cron/cron.allow -p wa -k services",
	"-w /var/cron/cron.deny -p wa -k services",
]

deny contains v if {
	v := auditlib.rules_violation(lines, "changes to the cron configuration")
}
