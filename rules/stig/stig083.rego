# METADATA
# title: SSH shows no DoD consent banner before login
# description: |
#   A DoD system must show the Standard Mandatory DOD Notice and Consent
#   Banner before an SSH login. NixOS writes services.openssh.banner (null by
#   default: "Banner none") to a file and points sshd's Banner at it
#   (nixos/modules/services/networking/ssh/sshd.nix); the STIG (V-268083,
#   V1R1 check text) requires that option to hold the 1300-character banner.
#   NixOS 26.05 removes services.openssh.banner in favour of
#   services.openssh.settings.Banner, a file name: nixsec reads that file's
#   text when it is /etc/issue.net written by environment.etc."issue.net".text
#   (nixos/modules/system/etc/etc.nix), and reports any other file, whose
#   text the configuration does not hold. Not applicable when sshd is off.
# custom:
#   id: STIG083
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268083
#   options:
#     - path: services.openssh.enable
#       aliases:
#         - services.sshd.enable
#     - services.openssh.banner
#     - services.openssh.settings.Banner
#     - environment.etc."issue.net".text
#   remediation: |
#     # NixOS 25.05 and 25.11:
#     services.openssh.banner = ''
#       You are accessing a U.S. Government (USG) Information System (IS) ...
#       (the full Standard Mandatory DOD Notice and Consent Banner)
#     '';
#     # NixOS 26.05 and later (services.openssh.banner is removed):
#     services.openssh.settings.Banner = "/etc/issue.net";
#     environment.etc."issue.net".text = ''
#       You are accessing a U.S. Government (USG) Information System (IS) ...
#     '';
#   references:
#     - https://preview.stighub.com/stig/Anduril%20NixOS%20Security%20Technical%20Implementation%20Guide
#     - https://github.com/NixOS/nixpkgs/blob/master/nixos/modules/services/networking/ssh/sshd.nix
package nixsec.rules.stig.stig083

import data.nixsec.lib
import data.nixsec.rules.stig.misclib

_comps := ["services", "openssh", "banner"]

_setting := ["services", "openssh", "settings", "Banner"]

_issue := ["environment", "etc", "issue.net", "text"]

# The one Banner file whose text nixsec reads from the configuration.
_issue_file := "/etc/issue.net"

not_applicable := "sshd is off (services.openssh.enable is not true): there is no SSH login to show a banner at" if {
	not misclib.ssh_enabled
}

_setting_value := lib.cfg(_setting, null)

# Up to NixOS 25.11: services.openssh.banner, when no settings.Banner
# overrides it.
deny contains v if {
	misclib.ssh_enabled
	_setting_value == null
	lib.has(_comps)
	value := lib.cfg(_comps, null)
	not misclib.is_dod_banner(value)
	p := lib.path(_comps)
	v := {
		"path": p,
		"msg": sprintf("services.openssh.banner %s%s: sshd shows no DoD consent banner before login", [misclib.banner_problem(value), lib.default_note(p)]),
		"anchor": "services.openssh.enable",
		"fix": {"path": p, "value": misclib.dod_banner},
	}
}

# NixOS 26.05: no banner option, and no Banner file.
deny contains v if {
	misclib.ssh_enabled
	_setting_value == null
	not lib.has(_comps)
	p := lib.path(_setting)
	v := {
		"path": p,
		"msg": sprintf("services.openssh.settings.Banner is not set: sshd shows no DoD consent banner before login; set it to %s and write the banner in environment.etc.\"issue.net\".text", [lib.show(_issue_file)]),
		"anchor": "services.openssh.enable",
	}
}

# Banner is /etc/issue.net: its text must be the DoD banner.
deny contains v if {
	misclib.ssh_enabled
	_setting_value == _issue_file
	value := lib.cfg(_issue, null)
	not misclib.is_dod_banner(value)
	p := lib.path(_issue)
	v := {
		"path": p,
		"msg": sprintf("%s %s: sshd's Banner file %s shows no DoD consent banner before login", [p, misclib.banner_problem(value), _issue_file]),
		"anchor": lib.path(_setting),
		"fix": {"path": p, "value": misclib.dod_banner},
	}
}

# Any other Banner file: its text is not in the configuration.
deny contains v if {
	misclib.ssh_enabled
	_setting_value != null
	_setting_value != _issue_file
	p := lib.path(_setting)
	v := {
		"path": p,
		"msg": sprintf("services.openssh.settings.Banner is %s: sshd shows that file, whose text is not in the configuration; point it at %s and write the banner in environment.etc.\"issue.net\".text", [lib.show(_setting_value), lib.show(_issue_file)]),
		"anchor": "services.openssh.enable",
	}
}
