# METADATA
# title: The audit tools are not installed
# description: |
#   Without the audit userland (auditctl, ausearch, aureport) nobody on the
#   host can load rules or read the trail, and the STIG's fix puts the audit
#   package in environment.systemPackages. NixOS adds it there itself when
#   auditing is on: the auditd module up to 25.05, the audit module since
#   25.11 (nixos/modules/security/audit.nix, while security.audit.enable is
#   true or "lock"); nixsec reads the merged package list, so any route
#   counts. The STIG's check asks systemd whether the "audit" service is
#   active, which nixsec cannot see; NixOS 25.11 calls that unit
#   audit-rules, so the check's literal command needs care there.
# custom:
#   id: STIG090
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268090
#   options:
#     - environment.systemPackages
#   remediation: |
#     environment.systemPackages = [ pkgs.audit ];
#     # or, which adds it: security.audit.enable = true; (25.11)
#   references:
#     - https://www.stigviewer.com/stigs/anduril_nixos/2025-08-19/finding/V-268090
package nixsec.rules.stig.stig090

import data.nixsec.lib

_comps := ["environment", "systemPackages"]

_audit_pkg(pkg) if {
	is_object(pkg)
	name := object.get(pkg, "_derivation", "")
	is_string(name)
	regex.match(`^audit(-[0-9].*)?$`, name)
}

deny contains v if {
	pkgs := lib.cfg(_comps, [])
	is_array(pkgs)
	not _has_audit(pkgs)
	v := {
		"path": lib.path(_comps),
		"msg": "environment.systemPackages has no audit package (auditctl, ausearch, aureport)",
	}
}

_has_audit(pkgs) if {
	some pkg in pkgs
	_audit_pkg(pkg)
}
