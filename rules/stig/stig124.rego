# METADATA
# title: No DoD root CA bundle is installed for SSSD smart-card logins
# description: |
#   For PKI logins, SSSD builds each certificate's path to the trust anchors
#   in /etc/sssd/pki/sssd_auth_ca_db.pem; without that file no card
#   certificate can be validated up to a DoD root. The STIG checks that the
#   file exists and is a DoD-issued root CA (for example DOD Root CA 3) that
#   has not expired. NixOS's sssd module writes only sssd.conf (and
#   conf.d); nothing provides this file unless the configuration does,
#   through environment.etc."sssd/pki/sssd_auth_ca_db.pem". The rule reports
#   a host that does not provide it (or disables it). Whether the
#   certificates in it are the current DoD roots is read by a person on the
#   built file: that part of the check stays manual. Facts from the V1R1
#   check text; no V1R2 page was found.
# custom:
#   id: STIG124
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268124
#   options:
#     - environment.etc."sssd/pki/sssd_auth_ca_db.pem".source
#     - environment.etc."sssd/pki/sssd_auth_ca_db.pem".text
#     - environment.etc."sssd/pki/sssd_auth_ca_db.pem".enable
#   remediation: |
#     environment.etc."sssd/pki/sssd_auth_ca_db.pem".source = ./dod-root-ca-chain.pem;
#   references:
#     - https://www.stigviewer.com/stigs/anduril_nixos/2024-10-25/finding/V-268124
#     - https://man.archlinux.org/man/sssd.conf.5
package nixsec.rules.stig.stig124

import data.nixsec.lib
import data.nixsec.rules.stig.pamlib

_name := "sssd/pki/sssd_auth_ca_db.pem"

deny contains v if {
	f := pamlib.etc_file(_name, null)
	f.state == "absent"
	v := {
		"path": _path(f),
		"msg": _msg(f),
	}
}

# Disabled: point at enable; missing: at source, where a file is given.
_path(f) := f.path if endswith(f.path, ".enable")

_path(f) := lib.path(["environment", "etc", _name, "source"]) if not endswith(f.path, ".enable")

_msg(f) := sprintf("%s is false: there is no /etc/sssd/pki/sssd_auth_ca_db.pem, so smart-card certificates cannot be validated to a DoD root CA", [f.path]) if {
	endswith(f.path, ".enable")
} else := "the configuration provides no /etc/sssd/pki/sssd_auth_ca_db.pem: smart-card certificates cannot be validated to a DoD root CA"
