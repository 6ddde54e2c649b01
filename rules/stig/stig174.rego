# METADATA
# title: New accounts are not disabled after 35 days of inactivity
# description: |
#   An account nobody uses is one whose takeover nobody notices. The STIG
#   requires INACTIVE=35 or less in /etc/default/useradd, so that accounts
#   useradd creates are disabled 35 days after their password expires;
#   missing or commented out is a finding. NixOS writes /etc/default/useradd
#   itself with GROUP, HOME and SHELL only (programs/shadow.nix): no
#   INACTIVE, which leaves useradd's default, -1 (never). The value can only
#   be set by replacing the file, environment.etc."default/useradd".text
#   with mkForce; the rule reads that text ("KEY=value" lines, the last
#   one winning) and reports a missing, negative or larger INACTIVE. It
#   applies to accounts useradd creates; accounts NixOS declares get their
#   shadow fields from the activation script, and existing ones keep theirs
#   (chage). Facts from the V1R1 check text; no V1R2 page was found.
# custom:
#   id: STIG174
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268174
#   options:
#     - environment.etc."default/useradd".text
#     - environment.etc."default/useradd".source
#     - environment.etc."default/useradd".enable
#   remediation: |
#     # Replacing the file drops NixOS's GROUP, HOME and SHELL: keep them.
#     environment.etc."default/useradd".text = lib.mkForce ''
#       GROUP=100
#       HOME=/home
#       SHELL=/run/current-system/sw/bin/bash
#       INACTIVE=35
#     '';
#   references:
#     - https://www.stigviewer.com/stigs/anduril_nixos/2024-10-25/finding/V-268174
#     - https://man7.org/linux/man-pages/man8/useradd.8.html
package nixsec.rules.stig.stig174

import data.nixsec.lib
import data.nixsec.rules.stig.pamlib

_file := pamlib.etc_file("default/useradd", "useradd")

# Where to set it: the text, unless the file is disabled.
_set_path := _file.path if {
	_file.state == "absent"
} else := lib.path(["environment", "etc", "default/useradd", "text"])

_inactive := pamlib.eq_settings(_file.text).INACTIVE if _file.state == "text"

deny contains v if {
	_file.state in {"rendered", "absent"}
	v := {
		"path": _set_path,
		"msg": "/etc/default/useradd sets no INACTIVE: accounts useradd creates are never disabled for inactivity (the STIG requires 35 days or less)",
	}
}

deny contains v if {
	_file.state == "unreadable"
	v := {"path": _file.path, "msg": sprintf("nixsec cannot read INACTIVE in /etc/default/useradd: %s", [_file.why])}
}

deny contains v if {
	_file.state == "text"
	not _ok
	v := {"path": _file.path, "msg": _msg}
}

_ok if {
	n := pamlib.num(_inactive)
	n >= 0
	n <= 35
}

_msg := sprintf("INACTIVE=%s in /etc/default/useradd: the STIG requires 35 days or less", [_inactive]) if {
	_inactive
} else := "/etc/default/useradd sets no INACTIVE: accounts useradd creates are never disabled for inactivity (the STIG requires 35 days or less)"
