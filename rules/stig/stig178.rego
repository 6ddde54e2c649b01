# METADATA
# title: SSSD keeps cached credentials for more than one day
# description: |
#   When SSSD cannot reach its identity provider it lets users in with
#   cached credentials; a long cache keeps a revoked or changed credential
#   working offline. The STIG requires offline_credentials_expiration = 1
#   (days) in /etc/sssd/sssd.conf; another value or none is a finding. On
#   NixOS sssd.conf is services.sssd.config, written to /etc/sssd/sssd.conf
#   when services.sssd.enable is on (services/misc/sssd.nix); the default
#   text has an empty [pam] section. The rule reads the last [pam] section
#   of that text. With SSSD off there is no sssd.conf at all, which the
#   STIG's check also reports. Facts from the V1R1 check text; no V1R2 page
#   was found.
# custom:
#   id: STIG178
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268178
#   options:
#     - services.sssd.enable
#     - services.sssd.config
#   remediation: |
#     services.sssd.enable = true;
#     services.sssd.config = ''
#       # ... the rest of sssd.conf ...
#       [pam]
#       offline_credentials_expiration = 1
#     '';
#   references:
#     - https://www.stigviewer.com/stigs/anduril_nixos/2024-10-25/finding/V-268178
#     - https://man.archlinux.org/man/sssd.conf.5
package nixsec.rules.stig.stig178

import data.nixsec.lib
import data.nixsec.rules.stig.pamlib

_enable := ["services", "sssd", "enable"]

_config := ["services", "sssd", "config"]

deny contains v if {
	lib.has(_enable)
	not lib.is_true(_enable)
	p := lib.path(_enable)
	v := {
		"path": p,
		"msg": sprintf("%s is %s%s: there is no /etc/sssd/sssd.conf limiting cached credentials to one day", [p, lib.show(lib.cfg(_enable, null)), lib.default_note(p)]),
	}
}

deny contains v if {
	lib.is_true(_enable)
	text := lib.cfg(_config, null)
	is_string(text)
	not _one_day(text)
	v := {
		"path": lib.path(_config),
		"msg": sprintf("%s: cached credentials stay valid longer than the STIG allows (1 day)", [_what(text)]),
	}
}

# offline_credentials_expiration of each [pam] section, in order.
_values(text) := [s.offline_credentials_expiration |
	some m in regex.find_all_string_submatch_n(`(?ms)^[ \t]*\[pam\][ \t]*$(.*?)(?:^[ \t]*\[|\z)`, text, -1)
	s := pamlib.eq_settings(m[1])
	s.offline_credentials_expiration
]

_one_day(text) if _pam_setting(text) == 1

# The last section's value wins.
_pam_setting(text) := pamlib.num(vs[count(vs) - 1]) if {
	vs := _values(text)
	count(vs) > 0
}

_what(text) := sprintf("offline_credentials_expiration is %s in [pam] of sssd.conf", [lib.show(vs[count(vs) - 1])]) if {
	vs := _values(text)
	count(vs) > 0
} else := "sssd.conf sets no offline_credentials_expiration in [pam] (SSSD's default, 0, never expires them)"
