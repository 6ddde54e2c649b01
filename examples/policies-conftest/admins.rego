# METADATA
# title: An account outside the admin list is in wheel
# description: |
#   Example Corp's access policy: only the accounts of the admin list
#   (org.lib.wheel_admins) may be in wheel, the group sudo admits. Written as
#   conftest and Trivy policies are: a package of the team's own, a METADATA
#   block with custom.id and custom.severity, and a set deny. This rule reads
#   users.users.<name>.extraGroups; users.groups.wheel.members is another way
#   into wheel, which a fuller rule would read too.
# custom:
#   id: ORG010
#   severity: high
#   options:
#     - users.users.*.extraGroups
#   remediation: |
#     # take the account out of wheel, or add it to the admin list after an
#     # access review
#     users.users.contractor.extraGroups = [ ];
package org.admins

import data.nixsec.lib
import data.org.lib as org

deny contains v if {
	some name, user in lib.cfg(["users", "users"], {})
	"wheel" in object.get(user, "extraGroups", [])
	not name in org.wheel_admins
	v := {
		"path": lib.path(["users", "users", name, "extraGroups"]),
		"msg": sprintf("user %q is in wheel but not on the admin list (org.lib.wheel_admins)", [name]),
	}
}
