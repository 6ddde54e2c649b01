# METADATA
# title: A file under /etc/audit is writable or executable
# description: |
#   Whoever can change the audit configuration can stop recording what they
#   do. The STIG asks that the files under /etc/audit and the audit unit
#   files have mode 0444 or stricter. NixOS links them from the read-only
#   Nix store (mode 0444) unless an environment.etc entry sets a mode other
#   than "symlink", which copies the file with that mode
#   (nixos/modules/system/etc/etc.nix); systemd units are always store
#   files. nixsec checks the mode of every copied entry under audit/; the
#   actual modes on disk are the running system's.
# custom:
#   id: STIG120
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268120
#   options:
#     - environment.etc.*.mode
#     - environment.etc.*.enable
#     - environment.etc.*.target
#   remediation: |
#     environment.etc."audit/auditd.conf".mode = "0444"; # or leave the default "symlink"
#   references:
#     - https://preview.stighub.com/check/2c6cac58-ad1c-4d46-98e2-30db76f28883
#     - https://www.stigviewer.com/stigs/anduril_nixos/2024-10-25/finding/V-268120
package nixsec.rules.stig.stig120

import data.nixsec.rules.stig.auditlib

deny contains v if {
	some name in auditlib.copied_audit_etc
	mode := auditlib.etc_entry(name).mode
	not _at_most_0444(mode)
	p := auditlib.etc_path(name, "mode")
	v := {
		"path": p,
		"msg": sprintf("/etc/%s is copied with mode %s, looser than 0444", [name, mode]),
		"fix": {"path": p, "value": "0444"},
	}
}

# Every permission digit 0 or 4 (read at most), no setuid/setgid/sticky.
_at_most_0444(mode) if {
	is_string(mode)
	regex.match(`^0?[04]{3}$`, mode)
}
