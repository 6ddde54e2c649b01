# METADATA
# title: sudo does not ask for the password on every use
# description: |
#   sudo remembers a successful authentication for a while (5 minutes by
#   default), so anything running in the user's terminal during that
#   window, or a command the user did not mean, gets root without a
#   prompt. The STIG requires "Defaults timestamp_timeout=0" in
#   /etc/sudoers; a value above 0, a commented-out line or none is a
#   finding. NixOS sets no timestamp_timeout: it renders sudoers from
#   security.sudo.configFile (the rules, then security.sudo.extraConfig;
#   security/sudo.nix), and sudo-rs likewise from security.sudo-rs.configFile
#   (security/sudo-rs.nix). The rule reads that text for whichever is
#   enabled: the last global "Defaults" line setting timestamp_timeout must
#   set 0, and a Defaults line for particular users, hosts or commands
#   ("Defaults:alice") must not set another value. A negative value, which
#   makes the timestamp never expire, is reported too. Facts from the V1R1
#   check text; no V1R2 page was found.
# custom:
#   id: STIG155
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268155
#   options:
#     - security.sudo.enable
#     - security.sudo.configFile
#     - security.sudo.extraConfig
#     - security.sudo-rs.enable
#     - security.sudo-rs.configFile
#     - security.sudo-rs.extraConfig
#   remediation: |
#     security.sudo.extraConfig = ''
#       Defaults timestamp_timeout=0
#     '';
#   references:
#     - https://www.stigviewer.com/stigs/anduril_nixos/2024-10-25/finding/V-268155
#     - https://www.sudo.ws/docs/man/sudoers.man/#timestamp_timeout
package nixsec.rules.stig.stig155

import data.nixsec.lib
import data.nixsec.rules.stig.pamlib

# The sudoers text of each enabled sudo: the rendered file, or (a document
# without it) the extra text the user appends.
_sudoers contains {"sudo": sudo, "text": text} if {
	some sudo in ["sudo", "sudo-rs"]
	lib.is_true(["security", sudo, "enable"])
	text := _text(sudo)
}

_text(sudo) := t if {
	t := lib.cfg(["security", sudo, "configFile"], null)
	is_string(t)
} else := t if {
	t := lib.cfg(["security", sudo, "extraConfig"], "")
	is_string(t)
}

# Every timestamp_timeout a Defaults line sets, in order:
# {"scope": "" (global) or ":alice", "value": "15"}.
_settings(text) := [{"scope": m[1], "value": v[1]} |
	some line in pamlib.lines(text)
	some m in regex.find_all_string_submatch_n(`^Defaults([:@!>]\S*)?\s+(.*)$`, line, 1)
	some v in regex.find_all_string_submatch_n(`(?:^|[\s,])timestamp_timeout\s*=\s*"?(-?[0-9]+(?:\.[0-9]+)?)"?`, m[2], -1)
]

deny contains v if {
	some s in _sudoers
	global := [x.value | some x in _settings(s.text); x.scope == ""]
	not _zero(global)
	p := lib.path(["security", s.sudo, "extraConfig"])
	v := {
		"path": p,
		"msg": sprintf("%s: %s re-uses a successful authentication (the STIG requires Defaults timestamp_timeout=0)", [_describe(global), s.sudo]),
	}
}

deny contains v if {
	some s in _sudoers
	some x in _settings(s.text)
	x.scope != ""
	to_number(x.value) != 0
	v := {
		"path": lib.path(["security", s.sudo, "extraConfig"]),
		"msg": sprintf("Defaults%s sets timestamp_timeout=%s: %s re-uses a successful authentication for those users (the STIG requires 0)", [x.scope, x.value, s.sudo]),
	}
}

_zero(values) if {
	count(values) > 0
	to_number(values[count(values) - 1]) == 0
}

_describe(values) := sprintf("sudoers sets timestamp_timeout=%s", [values[count(values) - 1]]) if {
	count(values) > 0
} else := "sudoers sets no timestamp_timeout (sudo's default: 5 minutes)"
