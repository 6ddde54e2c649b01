# METADATA
# title: A file under /etc/audit is not group-owned by root
# description: |
#   Members of an audit configuration file's group may read or, with a loose
#   mode, change it. The STIG asks that everything under /etc/audit and the
#   audit unit files belong to group root (or another privileged group,
#   which nixsec leaves to a person: suppress the finding). NixOS links
#   these files from the Nix store, group root; an environment.etc entry
#   with a mode other than "symlink" is copied and takes its group (or gid)
#   option, root by default (nixos/modules/system/etc/etc.nix). Group
#   ownership on disk is the running system's.
# custom:
#   id: STIG123
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268123
#   options:
#     - environment.etc.*.group
#     - environment.etc.*.gid
#     - environment.etc.*.mode
#     - environment.etc.*.enable
#     - environment.etc.*.target
#   remediation: |
#     environment.etc."audit/auditd.conf".group = "root";
#   references:
#     - https://stigui.com/stigs/Anduril_NixOS_STIG/groups/V-268123
package nixsec.rules.stig.stig123

import data.nixsec.lib
import data.nixsec.rules.stig.auditlib

deny contains v if {
	some name in auditlib.copied_audit_etc
	not auditlib.owner_is_root(name, "group", "gid")
	e := auditlib.etc_entry(name)
	attr := _attr(e)
	p := auditlib.etc_path(name, attr)
	v := {
		"path": p,
		"msg": sprintf("/etc/%s is copied with group %s, not root", [name, lib.show(object.get(e, attr, null))]),
		"fix": {"path": auditlib.etc_path(name, "group"), "value": "root"},
	}
}

# The group option wins over gid when set.
_attr(e) := "group" if {
	object.get(e, "group", null) != null
} else := "gid"
