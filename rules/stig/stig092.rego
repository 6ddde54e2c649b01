# METADATA
# title: Processes started before auditd are not audited
# description: |
#   Without audit=1 on the kernel command line the kernel only starts
#   auditing when the audit rules are loaded during boot, and a process
#   started earlier is never audited (the kernel marks it for auditing
#   only if auditing is on when it is created). NixOS puts audit=1 on the
#   command line itself when auditing is on: up to 25.05 the auditd module
#   does it when security.auditd.enable is true, since 25.11 the audit
#   module does it when security.audit.enable is true or "lock"
#   (nixos/modules/security/audit.nix). nixsec reads the merged
#   boot.kernelParams, so either route counts. The kernel takes the last
#   audit= parameter; "on" is read like "1".
# custom:
#   id: STIG092
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268092
#   options:
#     - boot.kernelParams
#   remediation: |
#     security.audit.enable = true; # adds audit=1 on NixOS 25.11 and later
#     boot.kernelParams = [ "audit=1" ]; # any release
#   references:
#     - https://ato-pathways.com/catalogs/xccdf/items/152459
#     - https://www.kernel.org/doc/html/latest/admin-guide/kernel-parameters.html
package nixsec.rules.stig.stig092

import data.nixsec.lib

_comps := ["boot", "kernelParams"]

_params := p if {
	p := lib.cfg(_comps, [])
	is_array(p)
} else := []

_audit_values := [trim_prefix(p, "audit=") | some p in _params; is_string(p); startswith(p, "audit=")]

deny contains v if {
	count(_audit_values) == 0
	v := {
		"path": lib.path(_comps),
		"msg": "boot.kernelParams has no audit=1: processes started before the audit rules load are never audited",
	}
}

deny contains v if {
	count(_audit_values) > 0
	last := _audit_values[count(_audit_values) - 1]
	not last in {"1", "on"}
	v := {
		"path": lib.path(_comps),
		"msg": sprintf("boot.kernelParams ends with audit=%s: the kernel starts without auditing", [last]),
	}
}
