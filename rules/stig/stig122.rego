# METADATA
# title: A file under /etc/audit is not owned by root
# description: |
#   The owner of an audit configuration file can rewrite it and so decide
#   what is recorded. The STIG asks that everything under /etc/audit and the
#   audit unit files be owned by root. NixOS links these files from the
#   root-owned Nix store; an environment.etc entry with a mode other than
#   "symlink" is copied instead and takes its user (or uid) option, root by
#   default (nixos/modules/system/etc/etc.nix). nixsec checks the owner of
#   every copied entry under audit/; ownership on disk is the running
#   system's.
# custom:
#   id: STIG122
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268122
#   options:
#     - environment.etc.*.user
#     - environment.etc.*.uid
#     - environment.etc.*.mode
#     - environment.etc.*.enable
#     - environment.etc.*.target
#   remediation: |
#     environment.etc."audit/auditd.conf".user = "root";
#   references:
#     - https://stigui.com/stigs/Anduril_NixOS_STIG/groups/V-268122
package nixsec.rules.stig.stig122

import data.nixsec.lib
import data.nixsec.rules.stig.auditlib

deny contains v if {
	some name in auditlib.copied_audit_etc
	not auditlib.owner_is_root(name, "user", "uid")
	e := auditlib.etc_entry(name)
	attr := _attr(e)
	p := auditlib.etc_path(name, attr)
	v := {
		"path": p,
		"msg": sprintf("/etc/%s is copied with owner %s, not root", [name, lib.show(object.get(e, attr, null))]),
		"fix": {"path": auditlib.etc_path(name, "user"), "value": "root"},
	}
}

# The user option wins over uid when set.
_attr(e) := "user" if {
	object.get(e, "user", null) != null
} else := "uid"
