# METADATA
# title: Password changes are not checked by pam_pwquality
# description: |
#   The password-quality settings (STIG126-129, STIG134, STIG145, STIG169)
#   do nothing unless a PAM service runs pam_pwquality when a password is
#   changed. The STIG requires a "password requisite pam_pwquality.so" line
#   in /etc/pam.d/passwd, /etc/pam.d/chpasswd and /etc/pam.d/sudo. NixOS
#   never adds pam_pwquality: its password stack is pam_unix alone
#   (security/pam.nix), so without a change every password is accepted.
#   nixsec reads the text NixOS writes for each of those services
#   (security.pam.services.<name>.text) and reports each one that exists
#   and has no password line loading pam_pwquality as "requisite" or
#   "required" (an "optional" one enforces nothing). A service the host does
#   not define (sudo on a host with sudo disabled) is not reported. Facts
#   from the V1R1 check text; no V1R2 page was found.
# custom:
#   id: STIG170
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268170
#   options:
#     - security.pam.services.passwd.text
#     - security.pam.services.chpasswd.text
#     - security.pam.services.sudo.text
#   remediation: |
#     # For passwd, chpasswd and sudo; rules is an experimental NixOS option.
#     security.pam.services.passwd.rules.password.pwquality = {
#       order = config.security.pam.services.passwd.rules.password.unix.order - 10;
#       control = "requisite";
#       modulePath = "${pkgs.libpwquality.lib}/lib/security/pam_pwquality.so";
#     };
#   references:
#     - https://www.stigviewer.com/stigs/anduril_nixos/2024-10-25/finding/V-268170
#     - https://man7.org/linux/man-pages/man8/pam_pwquality.8.html
package nixsec.rules.stig.stig170

import data.nixsec.rules.stig.pamlib

deny contains v if {
	some service in ["passwd", "chpasswd", "sudo"]
	text := pamlib.service_text(service)
	not _checks(text)
	v := {
		"path": pamlib.service_text_path(service),
		"msg": sprintf("/etc/pam.d/%s has no \"password requisite pam_pwquality.so\" line: new passwords are not checked for quality", [service]),
	}
}

_checks(text) if {
	some l in pamlib.pam_lines(text)
	l.type == "password"
	l.module == "pam_pwquality"
	l.control in {"requisite", "required"}
}
